import type { PlanDefinition } from './plan-schema';
import type { RiskLevel } from './risk-level';

/** One stored version of a plan as compare needs it: the document and its risk assessment. */
export interface ComparedVersion {
  version: number;
  plan: PlanDefinition;
  risk: { level: RiskLevel; steps: Record<string, { level: RiskLevel }> };
}

export interface PlanComparison {
  fromVersion: number;
  toVersion: number;
  stepsAdded: { id: string; title: string }[];
  stepsRemoved: { id: string; title: string }[];
  /** Steps in both versions whose content differs; `fields` names the differing keys, sorted. */
  stepsChanged: { id: string; title: string; fields: string[] }[];
  /** Steps whose order relative to the other kept steps changed; `from`/`to` are step numbers. */
  stepsMoved: { id: string; from: number; to: number }[];
  /** The plan's level first (stepId null) when it changed, then steps in the newer version's order. */
  riskChanges: { stepId: string | null; from: RiskLevel | null; to: RiskLevel | null }[];
  scopeChanges: { field: string; from: unknown; to: unknown }[];
  /** Steps in both versions with the same content and the same relative place. */
  unchanged: number;
}

/**
 * Plan-level keys compared as scope. `source` is left out on purpose: it records where a version
 * was imported from, not what the plan will do.
 */
const SCOPE_FIELDS = [
  'name',
  'goal',
  'tags',
  'workspace',
  'sandbox',
  'policy',
  'scope',
  'risks',
  'milestones',
  'testingStrategy',
  'questions',
] as const satisfies readonly (keyof PlanDefinition)[];

type Step = PlanDefinition['steps'][number];

/** Compares two versions of a plan, matching steps by id. */
export function comparePlans(from: ComparedVersion, to: ComparedVersion): PlanComparison {
  const oldSteps = indexById(from.plan.steps);
  const newSteps = indexById(to.plan.steps);

  const stepsAdded = [...newSteps.values()]
    .filter(({ step }) => !oldSteps.has(step.id))
    .map(({ step }) => ({ id: step.id, title: step.title }));
  const stepsRemoved = [...oldSteps.values()]
    .filter(({ step }) => !newSteps.has(step.id))
    .map(({ step }) => ({ id: step.id, title: step.title }));

  const kept = [...newSteps.values()].filter(({ step }) => oldSteps.has(step.id));
  const stepsChanged: PlanComparison['stepsChanged'] = [];
  for (const { step } of kept) {
    const fields = differingKeys(oldSteps.get(step.id)!.step, step);
    if (fields.length > 0) stepsChanged.push({ id: step.id, title: step.title, fields });
  }

  // A step counts as moved only when its order among the kept steps changed, not when steps added
  // or removed before it shifted its number: the fewest moves that explain the new order, which
  // are the kept steps outside a longest run already in the old order.
  const oldPositions = kept.map(({ step }) => oldSteps.get(step.id)!.number);
  const inPlace = longestIncreasingRun(oldPositions);
  const stepsMoved = kept.flatMap(({ step, number }, i) =>
    inPlace.has(i) ? [] : [{ id: step.id, from: oldPositions[i]!, to: number }],
  );

  const riskChanges: PlanComparison['riskChanges'] = [];
  if (from.risk.level !== to.risk.level) riskChanges.push({ stepId: null, from: from.risk.level, to: to.risk.level });
  const stepLevel = (version: ComparedVersion, present: Map<string, unknown>, id: string) =>
    present.has(id) ? (version.risk.steps[id]?.level ?? null) : null;
  for (const id of [...newSteps.keys(), ...[...oldSteps.keys()].filter((id) => !newSteps.has(id))]) {
    const before = stepLevel(from, oldSteps, id);
    const after = stepLevel(to, newSteps, id);
    if (before !== after || !oldSteps.has(id) || !newSteps.has(id))
      riskChanges.push({ stepId: id, from: before, to: after });
  }

  const scopeChanges = SCOPE_FIELDS.filter((field) => !deepEqual(from.plan[field], to.plan[field])).map((field) => ({
    field,
    from: from.plan[field] ?? null,
    to: to.plan[field] ?? null,
  }));

  const changedIds = new Set([...stepsChanged, ...stepsMoved].map(({ id }) => id));
  return {
    fromVersion: from.version,
    toVersion: to.version,
    stepsAdded,
    stepsRemoved,
    stepsChanged,
    stepsMoved,
    riskChanges,
    scopeChanges,
    unchanged: kept.filter(({ step }) => !changedIds.has(step.id)).length,
  };
}

/** Steps by id with their numbers; a repeated id keeps its first step. */
function indexById(steps: readonly Step[]): Map<string, { step: Step; number: number }> {
  const byId = new Map<string, { step: Step; number: number }>();
  steps.forEach((step, index) => byId.has(step.id) || byId.set(step.id, { step, number: index + 1 }));
  return byId;
}

/** Top-level keys whose values differ, sorted; a key set to undefined counts as absent. */
function differingKeys(a: object, b: object): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const valueOf = (value: object, key: string) => (value as Record<string, unknown>)[key];
  return [...keys].filter((key) => !deepEqual(valueOf(a, key), valueOf(b, key))).sort();
}

/** Structural equality of JSON-like values; object key order does not matter, array order does. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  return differingKeys(a, b).length === 0;
}

/** Indices of one longest strictly increasing subsequence of `values` (patience sorting, O(n log n)). */
function longestIncreasingRun(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest tail of a run of length k + 1
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, i) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]!]! < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  });
  const run = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i]!) run.add(i);
  return run;
}
