import { hostname } from 'node:os';
import type { ActorContext } from '../audit';
import type { ActiveRunRow } from '../store';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { transitionStep, type StepStatus } from '../domain/step-status';
import type { EngineDeps } from './engine-deps';

export interface RecoveryReport {
  interruptedSteps: { planId: string; stepId: string }[];
  removedContainers: string[];
  missingSnapshots: { planId: string; snapshotId: string }[];
  /** Set when the Docker engine could not be asked (containers and images were not checked). */
  engineUnavailable: string | null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run is live when the process that started it still exists on this machine. */
export function isLiveRun(run: ActiveRunRow): boolean {
  return run.hostname !== hostname() || processAlive(run.pid);
}

/**
 * Puts things straight after a crash: steps left in progress by a process that is gone become
 * failed (interrupted), containers Planbox labelled but no live run owns are removed, and every
 * plan's head snapshot is checked to exist.
 */
export async function recover(deps: EngineDeps, surface: ActorContext['surface']): Promise<RecoveryReport> {
  const context: ActorContext = { actor: 'engine', surface };
  const report: RecoveryReport = {
    interruptedSteps: [],
    removedContainers: [],
    missingSnapshots: [],
    engineUnavailable: null,
  };
  deps.store.transaction(() => {
    const live = new Set(
      deps.runs
        .activeRuns()
        .filter(isLiveRun)
        .map((r) => r.planId),
    );
    for (const attempt of deps.runs.runningAttempts()) {
      if (live.has(attempt.planId)) continue;
      const now = deps.now();
      const reason = 'interrupted: the process running this step ended before it finished (crash or kill)';
      deps.runs.updateAttempt(attempt.id, { status: 'interrupted', finishedAt: now, reason });
      const runtime = deps.plans.stepStates(attempt.planId).find((s) => s.stepId === attempt.stepId);
      if (runtime?.status === 'in_progress') {
        deps.plans.upsertStepStates([
          {
            ...runtime,
            status: transitionStep(attempt.stepId, runtime.status as StepStatus, 'interrupt'),
            lastError: reason,
            finishedAt: now,
            updatedAt: now,
          },
        ]);
      }
      const plan = deps.plans.findById(attempt.planId);
      if (plan?.status === 'executing')
        deps.plans.update(plan.id, { status: transitionPlan(plan.status as PlanStatus, 'fail'), updatedAt: now });
      deps.audit.append(context, {
        type: 'step.interrupted',
        planId: attempt.planId,
        stepId: attempt.stepId,
        payload: { attempt: attempt.attempt, reason },
      });
      report.interruptedSteps.push({ planId: attempt.planId, stepId: attempt.stepId });
    }
    for (const run of deps.runs.activeRuns()) if (!live.has(run.planId)) deps.runs.endRun(run.planId);
  });
  try {
    const sandbox = deps.sandbox();
    const live = new Set(deps.runs.activeRuns().map((r) => r.planId));
    // Only this store's plans are ours to tidy: several data folders may share one engine.
    // Step containers without a live run are leftovers; short-lived helper containers (reading
    // files, importing) may belong to another process right now, so only old ones are removed.
    const ours = new Set(deps.plans.list().map((p) => p.id));
    const oldEnough = Date.now() / 1000 - 600;
    const stray = (await sandbox.listManagedContainers()).filter((c) => {
      const plan = c.labels['planbox.plan'] ?? '';
      return ours.has(plan) && !live.has(plan) && (c.labels['planbox.kind'] === 'step' || c.created < oldEnough);
    });
    if (stray.length) {
      await sandbox.removeContainers(stray.map((c) => c.id));
      report.removedContainers = stray.map((c) => c.id);
    }
    for (const plan of deps.plans.list()) {
      const head = plan.headSnapshotId ? deps.runs.snapshot(plan.headSnapshotId) : undefined;
      if (head && !(await sandbox.imageExists(head.imageId)))
        report.missingSnapshots.push({ planId: plan.id, snapshotId: head.id });
    }
    if (report.removedContainers.length || report.missingSnapshots.length) {
      deps.store.transaction(() =>
        deps.audit.append(context, {
          type: 'sandbox.recovered',
          payload: { removedContainers: report.removedContainers, missingSnapshots: report.missingSnapshots },
        }),
      );
    }
  } catch (error) {
    report.engineUnavailable = (error as Error).message;
  }
  return report;
}
