import type { PlanDefinition, StepDefinition } from '../domain/plan-schema';
import { InvalidInputError } from '../domain/errors';
import { canonicalJson } from '../audit';

/**
 * Completed steps whose result no longer stands after a revision: their own content (dependsOn
 * included) changed, or a step they depend on, directly or not, is new or changed.
 */
export function invalidatedSteps(
  previous: PlanDefinition,
  next: PlanDefinition,
  status: (stepId: string) => string,
): string[] {
  const before = new Map(previous.steps.map((s) => [s.id, canonicalJson(s)]));
  const changed = new Set(next.steps.filter((s) => before.get(s.id) !== canonicalJson(s)).map((s) => s.id));
  const byId = new Map(next.steps.map((s) => [s.id, s]));
  const touched = new Map<string, boolean>();
  const dependsOnChange = (id: string, seen: Set<string>): boolean => {
    const known = touched.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false; // a cycle is reported by validation
    seen.add(id);
    const step = byId.get(id);
    const result = changed.has(id) || (step?.dependsOn ?? []).some((dep) => dependsOnChange(dep, seen));
    touched.set(id, result);
    return result;
  };
  return next.steps
    .filter((s) => before.has(s.id) && status(s.id) === 'completed' && dependsOnChange(s.id, new Set()))
    .map((s) => s.id);
}

/**
 * The planner's steps with the steps it may not change put back as they were: a kept step it
 * rewrote is restored, one it dropped is inserted at its old position.
 */
export function keepSteps(
  original: StepDefinition[],
  proposed: StepDefinition[],
  isKept: (stepId: string) => boolean,
): { steps: StepDefinition[]; restored: string[] } {
  const originals = new Map(original.map((s) => [s.id, s]));
  const restored: string[] = [];
  const steps = proposed.map((step) => {
    const old = originals.get(step.id);
    if (!old || !isKept(step.id)) return step;
    if (canonicalJson(old) !== canonicalJson(step)) restored.push(step.id);
    return old;
  });
  const present = new Set(steps.map((s) => s.id));
  original.forEach((step, index) => {
    if (!isKept(step.id) || present.has(step.id)) return;
    restored.push(step.id);
    steps.splice(Math.min(index, steps.length), 0, step);
  });
  return { steps, restored };
}

/** Focus steps by id, or by position (1 is the first step), as `--focus 3,4` gives them. */
export function resolveFocus(definition: PlanDefinition, tokens: string[]): string[] {
  return tokens.map((token) => {
    if (definition.steps.some((s) => s.id === token)) return token;
    const position = /^\d+$/.test(token) ? Number(token) : NaN;
    const step = definition.steps[position - 1];
    if (step) return step.id;
    throw new InvalidInputError(
      `focus: '${token}' is neither a step id nor a position from 1 to ${definition.steps.length}; the steps are ${definition.steps
        .map((s) => s.id)
        .join(', ')}`,
    );
  });
}
