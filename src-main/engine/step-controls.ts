import type { ActorContext } from '../audit';
import type { StepStateRow } from '../store';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { transitionStep, type StepStatus } from '../domain/step-status';
import { InvalidInputError } from '../domain/errors';
import type { EngineDeps } from './engine-deps';
import { assertStepApproved, type PlanState } from './plan-state';
import { collectGarbage } from './snapshot-gc';
import { isLiveRun, recover } from './recovery';
import { readySteps } from '../domain/graph';
import { finishPlanIfDone } from './agent-steps';

/**
 * A person's hand on a run: retry or skip a failed step, mark a manual step done, roll the
 * workspace back to before a step, cancel the running step.
 */
export class StepControls {
  constructor(private readonly deps: EngineDeps) {}

  /** Makes a failed step runnable again (the caller then runs it). */
  prepareRetry(
    ref: string | undefined,
    stepId: string | undefined,
    context: ActorContext,
  ): { planId: string; stepId: string } {
    return this.deps.store.transaction(() => {
      const state = this.load(ref);
      const step = stepId ?? this.failedStep(state);
      const runtime = this.runtime(state, step);
      if (runtime.status !== 'failed')
        throw new InvalidInputError(`step '${step}' is ${runtime.status}; only a failed step is retried`);
      // Retries count the failures in a row: a step that once succeeded (and was rolled back) starts afresh.
      const failures = trailingFailures(this.deps.runs.attempts(state.row.id, step).map((a) => a.status));
      if (failures > state.definition.policy.maxRetries) {
        throw new InvalidInputError(
          `step '${step}' has failed ${failures} times in a row, the most the policy allows (maxRetries ${state.definition.policy.maxRetries}); change the plan or skip the step`,
        );
      }
      this.reopen(state);
      this.setStep(runtime, transitionStep(step, 'failed', 'reset'));
      this.deps.audit.append(context, {
        type: 'step.retried',
        planId: state.row.id,
        stepId: step,
        payload: { previousAttempts: runtime.attempts },
      });
      return { planId: state.row.id, stepId: step };
    });
  }

  skip(
    ref: string | undefined,
    stepId: string | undefined,
    reason: string | undefined,
    context: ActorContext,
  ): { planId: string; stepId: string } {
    return this.deps.store.transaction(() => {
      const state = this.load(ref);
      const step = stepId ?? this.failedStep(state, true);
      const runtime = this.runtime(state, step);
      this.setStep(runtime, transitionStep(step, runtime.status as StepStatus, 'skip'), reason ?? null);
      if (state.row.status === 'failed') this.reopen(state);
      this.deps.audit.append(context, {
        type: 'step.skipped',
        planId: state.row.id,
        stepId: step,
        payload: { reason: reason ?? null, was: runtime.status },
      });
      this.deps.events.emit('plan.changed', { planId: state.row.id, reason: 'step.skipped' });
      return { planId: state.row.id, stepId: step };
    });
  }

  /** A manual (or agent-carried) step reported done by a person or an agent, with a note. */
  complete(
    ref: string | undefined,
    stepId: string,
    note: string | undefined,
    filesModified: string[],
    context: ActorContext,
  ): void {
    this.deps.store.transaction(() => {
      const state = this.load(ref);
      const step = state.definition.steps.find((s) => s.id === stepId);
      if (!step) throw new InvalidInputError(`plan '${state.row.name}' has no step '${stepId}'`);
      if (step.kind !== 'manual' && step.kind !== 'agent') {
        throw new InvalidInputError(
          `step '${stepId}' is a ${step.kind} step; Planbox runs it in the sandbox (planbox plan next), it is not marked done by hand`,
        );
      }
      assertStepApproved(state, stepId);
      if (!['approved', 'executing', 'paused'].includes(state.row.status)) {
        throw new InvalidInputError(
          `plan '${state.row.name}' is ${state.row.status}; steps are reported done only on an approved plan`,
        );
      }
      const runtime = this.runtime(state, stepId);
      let status = runtime.status as StepStatus;
      // A step started earlier (planStartStep) already counted its attempt.
      const started = status === 'in_progress';
      if (!started) {
        const ready = readySteps(state.definition.steps, state.status).includes(stepId) || status === 'failed';
        if (!ready) throw new InvalidInputError(`step '${stepId}' is not ready: its dependencies are not done yet`);
        if (status === 'pending' || status === 'blocked') status = transitionStep(stepId, status, 'unblock');
        status = transitionStep(stepId, status, 'start');
      }
      const attempts = started ? runtime.attempts : runtime.attempts + 1;
      this.setStep(runtime, transitionStep(stepId, status, 'complete'), null, attempts);
      this.deps.audit.append(context, {
        type: 'step.completed',
        planId: state.row.id,
        stepId,
        payload: { manual: true, note: note ?? null, filesModified },
      });
      this.deps.events.emit('plan.changed', { planId: state.row.id, reason: 'step.completed' });
      finishPlanIfDone(this.deps, state.row.id, context);
    });
  }

  /** Moves the plan's head back to the snapshot taken before `stepId` ran. */
  async rollback(
    ref: string | undefined,
    stepId: string,
    context: ActorContext,
  ): Promise<{ planId: string; rolledBack: string[]; snapshotId: string }> {
    const result = this.deps.store.transaction(() => {
      const state = this.load(ref);
      if (this.deps.runs.activeRun(state.row.id))
        throw new InvalidInputError(
          `plan '${state.row.name}' is running a step; cancel it first (planbox plan cancel)`,
        );
      const attempt = this.deps.runs.lastAttempt(state.row.id, stepId, 'completed');
      if (!attempt?.fromSnapshotId || state.status(stepId) !== 'completed') {
        throw new InvalidInputError(
          `step '${stepId}' has no completed run in the sandbox to roll back to; see the steps with: planbox plan show`,
        );
      }
      const target = attempt.fromSnapshotId;
      // Every snapshot from the head back to the target belongs to a step that is undone.
      const undone: string[] = [];
      for (let id = state.row.headSnapshotId; id && id !== target;) {
        const snapshot = this.deps.runs.snapshot(id);
        if (!snapshot) break;
        if (snapshot.stepId) undone.push(snapshot.stepId);
        id = snapshot.parentId;
      }
      for (const id of undone) {
        const runtime = this.runtime(state, id);
        if (runtime.status === 'completed') this.setStep(runtime, transitionStep(id, 'completed', 'rollBack'));
      }
      const status = state.row.status as PlanStatus;
      const next = ['completed', 'failed', 'cancelled'].includes(status) ? transitionPlan(status, 'reopen') : status;
      this.deps.plans.update(state.row.id, { headSnapshotId: target, status: next, updatedAt: this.deps.now() });
      this.deps.audit.append(context, {
        type: 'plan.rolled_back',
        planId: state.row.id,
        stepId,
        payload: { toSnapshotId: target, rolledBack: undone },
      });
      return { planId: state.row.id, rolledBack: undone.reverse(), snapshotId: target };
    });
    this.deps.events.emit('plan.changed', { planId: result.planId, reason: 'plan.rolled_back' });
    // The undone steps' images are freed afterwards: the rollback itself is one transaction, the
    // same few milliseconds whatever the size of the workspace.
    this.deps.background(collectGarbage(this.deps, result.planId).catch(() => undefined));
    return result;
  }

  /**
   * Asks an auto run (in this or another process) to stop after the step it is running. The run
   * sees the request when that step is recorded and rests the plan as paused.
   */
  pause(ref: string | undefined, context: ActorContext): { planId: string; runningStep: string | null } {
    return this.deps.store.transaction(() => {
      const state = this.load(ref);
      if (state.row.status !== 'executing') {
        throw new InvalidInputError(
          `plan '${state.row.name}' is not running (it is ${state.row.status}); there is nothing to pause`,
        );
      }
      const running = this.deps.runs.activeRun(state.row.id)?.stepId ?? null;
      this.deps.plans.update(state.row.id, { pauseRequested: 1, updatedAt: this.deps.now() });
      this.deps.audit.append(context, {
        type: 'plan.pause_requested',
        planId: state.row.id,
        ...(running ? { stepId: running } : {}),
        payload: { runningStep: running },
      });
      this.deps.events.emit('plan.changed', { planId: state.row.id, reason: 'plan.pause_requested' });
      return { planId: state.row.id, runningStep: running };
    });
  }

  /** Stops the running step (in this or another process); the plan keeps its last snapshot. */
  async cancel(
    ref: string | undefined,
    context: ActorContext,
  ): Promise<{ planId: string; runningStep: string | null }> {
    const state = this.load(ref);
    const found = this.deps.runs.activeRun(state.row.id);
    // A run whose process is gone is not running anything: recovery settles it, and the plan is cancelled.
    const active = found && isLiveRun(found) ? found : undefined;
    if (found && !active) await recover(this.deps, context.surface);
    if (active) {
      this.deps.store.transaction(() => {
        this.deps.runs.requestCancel(state.row.id);
        this.deps.audit.append(context, {
          type: 'plan.cancel_requested',
          planId: state.row.id,
          stepId: active.stepId,
          payload: { attempt: active.attempt, pid: active.pid },
        });
      });
      // The runner notices the request within a moment and stops its container; a runner that is
      // gone (crashed) is handled by recovery.
      return { planId: state.row.id, runningStep: active.stepId };
    }
    this.deps.store.transaction(() => {
      const fresh = this.load(state.row.id);
      this.deps.plans.update(fresh.row.id, {
        status: transitionPlan(fresh.row.status as PlanStatus, 'cancel'),
        updatedAt: this.deps.now(),
      });
      this.deps.audit.append(context, { type: 'plan.cancelled', planId: fresh.row.id, payload: { runningStep: null } });
    });
    this.deps.events.emit('plan.changed', { planId: state.row.id, reason: 'plan.cancelled' });
    return { planId: state.row.id, runningStep: null };
  }

  private load(ref: string | undefined): PlanState {
    return this.deps.loader.load(this.deps.plans.findById(this.deps.resolver.resolve(ref).id)!);
  }

  private failedStep(state: PlanState, orNextReady = false): string {
    const failed = state.definition.steps.find((s) => state.status(s.id) === 'failed');
    if (failed) return failed.id;
    const pending =
      orNextReady &&
      state.definition.steps.find((s) => ['pending', 'ready', 'rolled_back', 'blocked'].includes(state.status(s.id)));
    if (pending) return pending.id;
    throw new InvalidInputError(`plan '${state.row.name}' has no failed step; name the step`);
  }

  private runtime(state: PlanState, stepId: string): StepStateRow {
    const runtime = state.states.get(stepId);
    if (!runtime)
      throw new InvalidInputError(
        `plan '${state.row.name}' has no step '${stepId}'; see its steps with: planbox plan show`,
      );
    return runtime;
  }

  private setStep(
    runtime: StepStateRow,
    status: StepStatus,
    lastError: string | null = runtime.lastError,
    attempts = runtime.attempts,
  ): void {
    const now = this.deps.now();
    this.deps.plans.upsertStepStates([
      {
        ...runtime,
        status,
        lastError,
        attempts,
        updatedAt: now,
        finishedAt: status === 'completed' || status === 'skipped' ? now : runtime.finishedAt,
      },
    ]);
  }

  private reopen(state: PlanState): void {
    const status = state.row.status as PlanStatus;
    if (['failed', 'cancelled', 'completed'].includes(status)) {
      this.deps.plans.update(state.row.id, { status: transitionPlan(status, 'reopen'), updatedAt: this.deps.now() });
    }
  }
}

/** How many of the last attempts failed, counting back from the newest. */
function trailingFailures(statuses: string[]): number {
  let count = 0;
  for (let i = statuses.length - 1; i >= 0 && statuses[i] !== 'completed'; i -= 1)
    if (statuses[i] !== 'running') count += 1;
  return count;
}
