import type { PlanDefinition, StepDefinition } from '../plan-schema';
import { hasParentSegment, isAbsoluteLike, isInsideSandboxWorkspace, pathSegments, toWorkspaceRelative } from '../risk';
import { stepField, type Finding } from './finding';

/**
 * Paths in a plan must name files inside the workspace, written relative to its root. Repeated
 * slashes and `./` are harmless and normalised away; everything that could reach outside the
 * workspace, or into git's own data, is an error.
 */

const HINT_RELATIVE = 'use a path relative to the project root';

/** The step's own path and every declared effect, with their property paths. */
export function stepPathFields(step: StepDefinition): Array<{ property: string; path: string }> {
  const fields = 'path' in step ? [{ property: 'path', path: step.path }] : [];
  for (const list of ['create', 'modify', 'delete'] as const) {
    step.effects[list].forEach((path, index) => fields.push({ property: `effects.${list}[${index}]`, path }));
  }
  return fields;
}

/** What is wrong with one path, or an empty list. `field` is the full field path ('steps[3].path'). */
export function checkPath(path: string, field: string, stepId?: string): Finding[] {
  const findings: Finding[] = [];
  const shown = JSON.stringify(path).slice(1, -1); // escapes NUL and control characters for the message
  const error = (code: string, message: string) =>
    findings.push({ severity: 'error', code, stepId, field, message: `${field} '${shown}' ${message}` });
  const warning = (code: string, message: string) =>
    findings.push({ severity: 'warning', code, stepId, field, message: `${field} '${shown}' ${message}` });

  if (path.includes('\0')) error('path.nul', 'contains a NUL byte, which no file name may hold; remove it');
  if (path.includes('\\')) {
    warning('path.backslash', `uses backslashes; write it with forward slashes ('${path.replaceAll('\\', '/')}')`);
  }

  if (hasParentSegment(path)) {
    error('path.parent-segment', `leaves the workspace; ${HINT_RELATIVE}`);
  } else if (isAbsoluteLike(path)) {
    if (isInsideSandboxWorkspace(path)) {
      warning(
        'path.absolute-workspace',
        `is absolute; write it relative to the project root ('${toWorkspaceRelative(path)}')`,
      );
    } else {
      error('path.outside-workspace', `is outside the workspace; ${HINT_RELATIVE}`);
    }
  }

  const relative = toWorkspaceRelative(path);
  if (pathSegments(relative).includes('.git')) {
    error(
      'path.git-internals',
      "is inside .git/; the sandbox's history is not for steps to edit — change working files instead",
    );
  } else if (pathSegments(relative).length === 0 && !isAbsoluteLike(relative)) {
    error('path.empty', 'names the workspace root, not a file; name the file the step works on');
  }
  return findings;
}

export function pathSafetyFindings(plan: PlanDefinition): Finding[] {
  const findings: Finding[] = [];
  plan.steps.forEach((step, index) => {
    for (const { property, path } of stepPathFields(step)) {
      findings.push(...checkPath(path, stepField(index, property), step.id));
    }
  });
  return findings;
}
