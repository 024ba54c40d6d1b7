import type { AttemptView, SandboxStatusView } from '../../src-preload/contract';
import type { EngineDeps } from './engine-deps';
import { setting } from './engine-deps';

/** Read-only views of runs: attempts with their output, and the sandbox's state. */
export class RunQueries {
  constructor(private readonly deps: EngineDeps) {}

  attempts(ref: string | undefined, stepId?: string): AttemptView[] {
    const row = this.deps.resolver.resolve(ref);
    return this.deps.runs.attempts(row.id, stepId).map((a) => ({
      stepId: a.stepId,
      attempt: a.attempt,
      status: a.status,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      durationMs: a.durationMs,
      exitCode: a.exitCode,
      reason: a.reason,
      fromSnapshotId: a.fromSnapshotId,
      snapshotId: a.snapshotId,
      output: a.output,
      outputDroppedBytes: a.outputDroppedBytes,
      acceptance: JSON.parse(a.acceptance ?? '[]') as AttemptView['acceptance'],
      changes: JSON.parse(a.changes ?? '[]') as AttemptView['changes'],
    }));
  }

  async sandboxStatus(): Promise<SandboxStatusView> {
    const plans = this.deps.plans.list().map((p) => ({
      planId: p.id,
      name: p.name,
      snapshots: this.deps.runs.snapshots(p.id).length,
      head: p.headSnapshotId,
    }));
    const diskBudgetBytes = setting(this.deps, 'diskBudgetMb') * 1024 * 1024;
    try {
      const sandbox = this.deps.sandbox();
      const engine = await sandbox.check();
      return {
        engine: { ok: true, ...engine },
        snapshots: await sandbox.diskUsage(plans.map((p) => p.planId)),
        diskBudgetBytes,
        plans,
      };
    } catch (error) {
      return { engine: { ok: false, error: (error as Error).message }, snapshots: null, diskBudgetBytes, plans };
    }
  }
}
