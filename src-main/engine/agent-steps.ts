import type { ActorContext } from '../audit';
import type { StepStateRow } from '../store';
import type { StepDefinition } from '../domain/plan-schema';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { canTransitionStep, transitionStep, type StepStatus } from '../domain/step-status';
import { dependentsOf, readySteps } from '../domain/graph';
import { InvalidInputError } from '../domain/errors';
import { redactSecrets } from '../audit';
import type { EngineDeps } from './engine-deps';
import { assertStepApproved, type PlanState } from './plan-state';

export interface FailOptions {
  retry: boolean;
  skip: boolean;
  skipDependents: boolean;
}

/**
 * Steps carried out outside the sandbox, by an agent or a person (`manual` and `agent` steps):
 * starting one and reporting it failed. Reporting one done is StepControls.complete. The same
 * approvals hold as for steps Planbox runs: an unapproved step is refused before anything changes.
 */
export class AgentSteps {
  constructor(private readonly deps: EngineDeps) {}

  start(ref: string | undefined, stepId: string, note: string | undefined, context: ActorContext): string {
    const planId = this.deps.store.transaction(() => {
      const state = this.load(ref);
      const step = carriedStep(state, stepId);
      const runtime = this.runtime(state, stepId);
      if (runtime.status === 'in_progress')
        throw new InvalidInputError(
          `step '${stepId}' is already in progress (since ${runtime.startedAt}); report it done or failed`,
        );
      const { attempts: attempt } = this.begin(state, runtime);
      this.deps.audit.append(context, {
        type: 'step.started',
        planId: state.row.id,
        stepId,
        payload: {
          manual: true,
          kind: step.kind,
          attempt,
          riskLevel: state.risk.steps[stepId]!.level,
          version: state.row.version,
          note: note === undefined ? null : redactSecrets(note),
        },
      });
      return state.row.id;
    });
    this.deps.events.emit('step.status', { planId, stepId, status: 'in_progress' });
    this.deps.events.emit('plan.changed', { planId, reason: 'step.started' });
    return planId;
  }

  fail(ref: string | undefined, stepId: string, error: string, options: FailOptions, context: ActorContext): string {
    if (options.retry && options.skip)
      throw new InvalidInputError('retry and skip: choose one (retry makes the step ready again, skip passes over it)');
    const reason = redactSecrets(error);
    const planId = this.deps.store.transaction(() => {
      const state = this.load(ref);
      carriedStep(state, stepId);
      let runtime = this.runtime(state, stepId);
      // A step reported failed without being started is started here, with the same checks.
      if (runtime.status !== 'in_progress') runtime = this.begin(state, runtime);
      const { maxRetries } = state.definition.policy;
      if (options.retry && runtime.attempts > maxRetries) {
        throw new InvalidInputError(
          `step '${stepId}' has been tried ${runtime.attempts} times, more than the policy allows (maxRetries ${maxRetries}); report it failed without retry, or skip it`,
        );
      }
      let status = transitionStep(stepId, 'in_progress', 'fail');
      if (options.retry) status = transitionStep(stepId, status, 'reset');
      if (options.skip) status = transitionStep(stepId, status, 'skip');
      this.setStep(runtime, status, reason);
      const skipped = options.skipDependents ? this.skipDependents(state, stepId) : [];
      this.deps.audit.append(context, {
        type: 'step.failed',
        planId: state.row.id,
        stepId,
        payload: {
          manual: true,
          attempt: runtime.attempts,
          failure: { kind: 'reported', message: reason },
          retry: options.retry,
          skip: options.skip,
          skippedDependents: skipped,
        },
      });
      for (const id of options.skip ? [stepId, ...skipped] : skipped) {
        this.deps.audit.append(context, {
          type: 'step.skipped',
          planId: state.row.id,
          stepId: id,
          payload: { reason: id === stepId ? reason : `depends on failed step '${stepId}'`, was: 'failed' },
        });
      }
      if (options.skip || skipped.length) finishPlanIfDone(this.deps, state.row.id, context);
      return state.row.id;
    });
    this.deps.events.emit('step.status', { planId, stepId, status: 'failed', reason });
    this.deps.events.emit('plan.changed', { planId, reason: 'step.failed' });
    return planId;
  }

  /** Checks that the step may start now and marks it in progress; returns its new state. */
  private begin(state: PlanState, runtime: StepStateRow): StepStateRow {
    const { row } = state;
    const stepId = runtime.stepId;
    if (!['approved', 'executing', 'paused'].includes(row.status)) {
      throw new InvalidInputError(
        `plan '${row.name}' is ${row.status}; its steps are carried out only once a person has approved it`,
      );
    }
    assertStepApproved(state, stepId);
    let status = runtime.status as StepStatus;
    const ready = readySteps(state.definition.steps, state.status).includes(stepId) || status === 'failed';
    if (!ready) {
      throw new InvalidInputError(
        status === 'completed' || status === 'skipped'
          ? `step '${stepId}' is already ${status}`
          : `step '${stepId}' is not ready: its dependencies are not done yet`,
      );
    }
    if (status === 'pending' || status === 'blocked') status = transitionStep(stepId, status, 'unblock');
    const now = this.deps.now();
    const started: StepStateRow = {
      ...runtime,
      status: transitionStep(stepId, status, 'start'),
      attempts: runtime.attempts + 1,
      startedAt: now,
      finishedAt: null,
      lastError: null,
      updatedAt: now,
    };
    this.deps.plans.upsertStepStates([started]);
    return started;
  }

  /** Skips every step after `stepId` that has not started; returns their ids. */
  private skipDependents(state: PlanState, stepId: string): string[] {
    const skipped: string[] = [];
    for (const id of dependentsOf(state.definition.steps, stepId)) {
      const runtime = state.states.get(id);
      if (!runtime || !canTransitionStep(runtime.status as StepStatus, 'skip')) continue;
      this.setStep(
        runtime,
        transitionStep(id, runtime.status as StepStatus, 'skip'),
        `depends on failed step '${stepId}'`,
      );
      skipped.push(id);
    }
    return skipped;
  }

  private setStep(runtime: StepStateRow, status: StepStatus, lastError: string | null): void {
    const now = this.deps.now();
    this.deps.plans.upsertStepStates([{ ...runtime, status, lastError, finishedAt: now, updatedAt: now }]);
  }

  private load(ref: string | undefined): PlanState {
    return this.deps.loader.load(this.deps.plans.findById(this.deps.resolver.resolve(ref).id)!);
  }

  private runtime(state: PlanState, stepId: string): StepStateRow {
    return state.states.get(stepId)!;
  }
}

/** The step, which must be one carried out outside the sandbox. */
function carriedStep(state: PlanState, stepId: string): StepDefinition {
  const step = state.definition.steps.find((s) => s.id === stepId);
  if (!step) throw new InvalidInputError(`step: plan '${state.row.name}' has no step '${stepId}'`);
  if (step.kind !== 'manual' && step.kind !== 'agent') {
    throw new InvalidInputError(
      `step '${stepId}' is a ${step.kind} step; Planbox runs it in the sandbox (execute it, or: planbox plan next), it is not carried out by hand`,
    );
  }
  return step;
}

/**
 * A plan whose every step is completed or skipped is complete. Steps run in the sandbox reach
 * this through the runner; steps reported by hand reach it here, inside the caller's transaction.
 */
export function finishPlanIfDone(deps: EngineDeps, planId: string, context: ActorContext): void {
  const state = deps.loader.load(deps.plans.findById(planId)!);
  if (!state.definition.steps.every((s) => ['completed', 'skipped'].includes(state.status(s.id)))) return;
  const status = state.row.status as PlanStatus;
  if (!['approved', 'executing', 'paused'].includes(status)) return;
  const executing = status === 'executing' ? status : transitionPlan(status, 'start');
  deps.plans.update(planId, { status: transitionPlan(executing, 'complete'), updatedAt: deps.now() });
  deps.audit.append(context, {
    type: 'plan.completed',
    planId,
    payload: { version: state.row.version, headSnapshotId: state.row.headSnapshotId },
  });
  deps.events.emit('plan.changed', { planId, reason: 'plan.completed' });
}
