import type { AttemptView, PlanView, StepView } from '../../../../src-preload/contract';

/** A snapshot taken after a step completed in the sandbox; restoring goes to the one before it. */
export interface Checkpoint {
  step: StepView;
  attempt: AttemptView & { snapshotId: string; fromSnapshotId: string };
}

export interface CheckpointChain {
  /** The snapshot of the imported workspace, before any step. */
  base: string | null;
  /** Oldest first; the last one is the plan's head. */
  checkpoints: Checkpoint[];
}

/**
 * The snapshots from the base to the head: each completed step's last successful attempt, linked
 * by the snapshot it started from. A rollback undoes a step and every one after it on this chain.
 */
export function checkpointChain(plan: PlanView, attempts: AttemptView[]): CheckpointChain {
  const bySnapshot = new Map<string, Checkpoint>();
  for (const step of plan.steps) {
    if (step.status !== 'completed') continue;
    const attempt = attempts
      .filter((a) => a.stepId === step.id && a.status === 'completed' && a.snapshotId && a.fromSnapshotId)
      .sort((a, b) => b.attempt - a.attempt)[0];
    if (attempt) bySnapshot.set(attempt.snapshotId!, { step, attempt: attempt as Checkpoint['attempt'] });
  }
  const startedFrom = new Set([...bySnapshot.values()].map((c) => c.attempt.fromSnapshotId));
  const head = [...bySnapshot.values()]
    .filter((c) => !startedFrom.has(c.attempt.snapshotId))
    .sort((a, b) => (b.attempt.finishedAt ?? '').localeCompare(a.attempt.finishedAt ?? ''))[0];
  const checkpoints: Checkpoint[] = [];
  for (let at = head; at && checkpoints.length <= bySnapshot.size; at = bySnapshot.get(at.attempt.fromSnapshotId))
    checkpoints.unshift(at);
  return { base: checkpoints[0]?.attempt.fromSnapshotId ?? null, checkpoints };
}

/** What restoring to before `index` undoes: that step and every later one, newest last. */
export function undoneBy(chain: CheckpointChain, index: number): Checkpoint[] {
  return chain.checkpoints.slice(index);
}
