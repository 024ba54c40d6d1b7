import { blockedSteps, readySteps, type GraphStep } from './graph';
import { STEP_STATUSES, type StepStatus } from './step-status';

/** Where a plan stands: how many steps are in each state, what may run now and what waits. */
export interface Progress {
  /** Share of steps done (completed or skipped), rounded to a whole percent; 0 for an empty plan. */
  percentage: number;
  total: number;
  counts: Record<StepStatus, number>;
  completed: number;
  failed: number;
  inProgress: number;
  skipped: number;
  /** Steps that may start now (their dependencies are done), in topological order. */
  ready: { id: string; number: number }[];
  /** Steps not yet done that wait on dependencies, in plan order. */
  blocked: { id: string; number: number; waitingOn: string[] }[];
  /** The step to run next: the first ready one. */
  next: { id: string; number: number } | null;
}

export function computeProgress(steps: readonly GraphStep[], status: (id: string) => StepStatus): Progress {
  const counts = Object.fromEntries(STEP_STATUSES.map((name) => [name, 0])) as Record<StepStatus, number>;
  for (const step of steps) counts[status(step.id)] += 1;

  // A repeated id (an invalid plan) keeps the number of its first step, as the graph does.
  const numberOf = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!numberOf.has(step.id)) numberOf.set(step.id, index + 1);
  });
  const number = (id: string) => numberOf.get(id) ?? 0;

  const ready = readySteps(steps, status).map((id) => ({ id, number: number(id) }));
  const blocked = blockedSteps(steps, status).map(({ id, waitingOn }) => ({ id, number: number(id), waitingOn }));
  const total = steps.length;
  const done = counts.completed + counts.skipped;
  return {
    percentage: total === 0 ? 0 : Math.round((100 * done) / total),
    total,
    counts,
    completed: counts.completed,
    failed: counts.failed,
    inProgress: counts.in_progress,
    skipped: counts.skipped,
    ready,
    blocked,
    next: ready[0] ?? null,
  };
}
