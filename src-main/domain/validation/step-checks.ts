import type { PlanDefinition, StepDefinition } from '../plan-schema';
import { locateStepReasons, networkNeedsOf, pathKey } from '../risk';
import { stepField, type Finding } from './finding';
import { LIMITS } from './limits';
import { LANGUAGE_NAMES, validateSyntax } from './syntax';

/** Checks of single steps: declarations, network needs, written file syntax and dangerous patterns. */

/** Shorter than this, an agent instruction cannot say what to do. */
const MIN_AGENT_PROMPT_CHARS = 10;

function agentPromptFinding(step: StepDefinition, index: number): Finding | undefined {
  if (step.kind !== 'agent' || step.prompt.trim().length >= MIN_AGENT_PROMPT_CHARS) return undefined;
  const field = stepField(index, 'prompt');
  return {
    severity: 'warning',
    code: 'agent.prompt-too-short',
    stepId: step.id,
    field,
    message: `${field} is only ${step.prompt.trim().length} characters; describe the task the agent should carry out and how to tell it is done`,
  };
}

/** A step should declare the files it changes, so reviewers see them and failOnUndeclaredChanges can hold. */
function declarationFinding(step: StepDefinition, index: number): Finding | undefined {
  const field = stepField(index, 'path');
  if (step.kind === 'delete_file') {
    const target = pathKey(step.path);
    if (step.effects.delete.some((path) => pathKey(path) === target)) return undefined;
    return {
      severity: 'warning',
      code: 'effects.undeclared-delete',
      stepId: step.id,
      field,
      message: `${field} '${step.path}' is deleted but not listed in effects.delete; declare it there`,
    };
  }
  if (step.kind === 'write_file') {
    const target = pathKey(step.path);
    const declared = [...step.effects.create, ...step.effects.modify].some((path) => pathKey(path) === target);
    if (declared) return undefined;
    return {
      severity: 'warning',
      code: 'effects.undeclared-write',
      stepId: step.id,
      field,
      message: `${field} '${step.path}' is written but not listed in effects; declare it in effects.create (new file) or effects.modify (existing file)`,
    };
  }
  return undefined;
}

const NO_NETWORK_HINT = "will fail without network (sandbox.network is 'none'); set network: true on the step";

function networkFindings(step: StepDefinition, index: number, plan: PlanDefinition): Finding[] {
  if (plan.sandbox.network !== 'none' || step.network === true) return [];
  const findings: Finding[] = [];
  const warn = (property: string, what: string) => {
    const field = stepField(index, property);
    findings.push({
      severity: 'warning',
      code: 'network.unavailable',
      stepId: step.id,
      field,
      message: `${field} ${what}; it ${NO_NETWORK_HINT}`,
    });
  };
  if (step.kind === 'install_package') warn('packages', `installs ${step.packages.manager} packages`);
  const commands: Array<{ property: string; text: string }> =
    step.kind === 'command' ? [{ property: 'command', text: step.command }] : [];
  step.acceptance.forEach((check, checkIndex) => {
    if (check.command !== undefined)
      commands.push({ property: `acceptance[${checkIndex}].command`, text: check.command });
  });
  for (const { property, text } of commands) {
    const need = networkNeedsOf(text)[0];
    if (need) warn(property, need.message);
  }
  return findings;
}

function syntaxFinding(step: StepDefinition, index: number): Finding | undefined {
  // Content over the size limit is already an error; parsing megabytes would only slow validation.
  if (step.kind !== 'write_file' || step.content.length > LIMITS.maxFieldBytes) return undefined;
  const problem = validateSyntax(step.path, step.content);
  if (!problem) return undefined;
  const field = stepField(index, 'content');
  const where = `line ${problem.line}, column ${problem.column}`;
  return {
    severity: 'error',
    code: `syntax.${problem.language}`,
    stepId: step.id,
    field,
    message: `${field} is not valid ${LANGUAGE_NAMES[problem.language]} (${where}: ${problem.message}); fix the file content`,
    line: problem.line,
    column: problem.column,
  };
}

/** CRITICAL risk reasons, repeated as warnings so a reviewer who reads only validation still sees them. */
function dangerFindings(step: StepDefinition, index: number, plan: PlanDefinition): Finding[] {
  return locateStepReasons(step, plan)
    .filter((reason) => reason.level === 'CRITICAL')
    .map((reason) => {
      const field = stepField(index, reason.where);
      return {
        severity: 'warning',
        code: `danger.${reason.rule}`,
        stepId: step.id,
        field,
        message: `${field}: ${reason.message}; make sure this is intended before approving`,
      };
    });
}

export function stepFindings(plan: PlanDefinition): Finding[] {
  const findings: Finding[] = [];
  plan.steps.forEach((step, index) => {
    for (const finding of [
      agentPromptFinding(step, index),
      declarationFinding(step, index),
      syntaxFinding(step, index),
    ]) {
      if (finding) findings.push(finding);
    }
    findings.push(...networkFindings(step, index, plan), ...dangerFindings(step, index, plan));
  });
  return findings;
}
