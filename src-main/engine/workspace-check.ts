import { lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Finding } from '../domain/validation';
import type { PlanDefinition } from '../domain/plan-schema';
import { InvalidInputError } from '../domain/errors';

/** Checks that need the real folder: it exists, and no step path escapes it through a symlink. */
export function checkWorkspaceFolder(path: string): string {
  if (!isAbsolute(path)) throw new InvalidInputError(`workspace '${path}' must be an absolute path`);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) {
    throw new InvalidInputError(
      `workspace '${path}' does not exist; create it or pass the project folder with --workspace`,
    );
  }
  if (!stats.isDirectory()) {
    throw new InvalidInputError(`workspace '${path}' is not a folder; pass the project folder with --workspace`);
  }
  return realpathSync(path);
}

/** Like findSymlinkEscapes, but null when the workspace folder cannot be read. */
export function tryFindSymlinkEscapes(plan: PlanDefinition, workspace: string): Finding[] | null {
  try {
    return findSymlinkEscapes(plan, workspace);
  } catch {
    return null;
  }
}

export function findSymlinkEscapes(plan: PlanDefinition, workspace: string): Finding[] {
  const root = realpathSync(workspace);
  const findings: Finding[] = [];
  plan.steps.forEach((step, index) => {
    const fields: [string, string][] = [];
    if ('path' in step) fields.push([`steps[${index}].path`, step.path]);
    for (const key of ['create', 'modify', 'delete'] as const) {
      step.effects[key].forEach((p, i) => fields.push([`steps[${index}].effects.${key}[${i}]`, p]));
    }
    for (const [field, path] of fields) {
      const escape = symlinkEscape(root, path);
      if (escape) {
        findings.push({
          severity: 'error',
          code: 'path.symlink-escape',
          stepId: step.id,
          field,
          message: `${field} '${path}' goes through the symlink '${escape}', which points outside the workspace; remove the link or change the path`,
        });
      }
    }
  });
  return findings;
}

/** The first symlink on the way to `path` whose target lies outside `root`, if any. */
function symlinkEscape(root: string, path: string): string | null {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) return null; // reported by path validation
  let current = root;
  for (const part of path.split(/[\\/]/).filter((p) => p && p !== '.')) {
    current = join(current, part);
    const stats = lstatSync(current, { throwIfNoEntry: false });
    if (!stats) return null; // does not exist yet: nothing further can be a link
    if (!stats.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return relative(root, current); // dangling link: its target is unknown, treat as an escape
    }
    const rel = relative(root, target);
    if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return relative(root, current);
    current = target;
  }
  return null;
}
