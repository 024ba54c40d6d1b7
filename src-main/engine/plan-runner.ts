import { hostname } from 'node:os';
import type { RunReportView, StepOutcomeView } from '../../src-preload/contract';
import type { PlanRow, SnapshotRow } from '../store';
import type { StepDefinition } from '../domain/plan-schema';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { transitionStep, type StepStatus } from '../domain/step-status';
import { readySteps } from '../domain/graph';
import { InvalidInputError, PlanboxError } from '../domain/errors';
import type { ActorContext } from '../audit';
import type { RunStepResult } from '../sandbox/types';
import { newId } from './ids';
import { planApproval } from './approval-policy';
import { assertStepApproved, toApprovalRecord, type PlanState } from './plan-state';
import { setting, type EngineDeps } from './engine-deps';
import { stepAction, stepNeedsNetwork, undeclaredChanges, type ExecutorStatus } from './step-action';
import {
  agentRunOptions,
  type AgentExecution,
  type AgentRun,
  type AgentRunOptions,
  type AgentUsage,
} from './agent-execution';
import { ensureBaseSnapshot } from './workspace-base';
import { checkDiskBudget } from './disk-budget';

/** The run's result is what the API returns; declared once, in the contract. */
export type RunReport = RunReportView;
export type StepOutcome = StepOutcomeView;
export type StopReason = RunReportView['stopped'];
/** A run's choices for agent steps (--hitl, --gate); what is left out comes from the agent.* settings. */
export type RunAgentOptions = Partial<AgentRunOptions>;

interface PreparedStep {
  row: PlanRow;
  step: StepDefinition;
  attempt: number;
  attemptId: number;
  head: SnapshotRow;
}

/**
 * Carries out approved steps in the sandbox: one (`next`) or until done, a failure or a
 * checkpoint (`auto`). Each step is checked and marked in one transaction, run in a container,
 * and its result recorded in another, so a crash in between leaves a state recovery can read.
 */
export class PlanRunner {
  constructor(
    private readonly deps: EngineDeps,
    /** Runs agent steps with the executor model; without it they wait for a person. */
    private readonly agents?: AgentExecution,
  ) {}

  async run(
    ref: string | undefined,
    options: { auto: boolean; stepId?: string; agent?: RunAgentOptions },
    context: ActorContext,
  ): Promise<RunReport> {
    const planId = this.deps.resolver.resolve(ref).id;
    const agent = agentRunOptions(this.deps, options.agent ?? {});
    const outcomes: StepOutcome[] = [];
    // A pause asked for before this run began belongs to an earlier run; it must not end this one.
    if (this.deps.plans.findById(planId)?.pauseRequested) this.deps.plans.update(planId, { pauseRequested: 0 });
    for (;;) {
      let prepared: Awaited<ReturnType<PlanRunner['prepare']>>;
      try {
        prepared = await this.prepare(planId, options.stepId, agent, context);
      } catch (error) {
        // Steps already run are part of the answer; a refusal after them ends the run, not the report.
        if (outcomes.length === 0 || !(error instanceof PlanboxError)) throw error;
        return this.stop(planId, outcomes, { stopped: 'refused', message: error.message });
      }
      if ('stopped' in prepared) return this.stop(planId, outcomes, prepared);
      const outcome = await this.execute(prepared, agent, context);
      outcomes.push(outcome);
      const after = this.afterStep(planId, prepared.step, outcome, context);
      if (after) return { planId, steps: outcomes, ...after };
      if (!options.auto || options.stepId) {
        return this.stop(planId, outcomes, { stopped: 'one-step', message: `step '${outcome.stepId}' completed` });
      }
    }
  }

  /** Between steps nothing runs: an executing plan rests as paused until the next `plan next`. */
  private stop(planId: string, steps: StepOutcome[], end: { stopped: StopReason; message: string }): RunReport {
    this.deps.store.transaction(() => {
      const row = this.deps.plans.findById(planId);
      if (row?.status === 'executing' && !this.deps.runs.activeRun(planId)) {
        this.deps.plans.update(planId, { status: transitionPlan('executing', 'pause'), updatedAt: this.deps.now() });
      }
    });
    return { planId, steps, ...end };
  }

  private async prepare(
    planId: string,
    onlyStep: string | undefined,
    agent: AgentRunOptions,
    context: ActorContext,
  ): Promise<PreparedStep | { stopped: StopReason; message: string }> {
    const row = this.deps.plans.findById(planId)!;
    const state = this.deps.loader.load(row);
    this.checkRunnable(state);
    // Refusals come before any slow work: approvals first, then the engine, then the workspace copy.
    const early = this.pickStep(state, onlyStep, agent);
    if ('step' in early) assertStepApproved(state, early.step.id);
    await this.deps.sandbox().check();
    const base = await ensureBaseSnapshot(this.deps, row, state.definition, context);
    await checkDiskBudget(this.deps, state.row.name);
    return this.deps.store.transaction(() => {
      const fresh = this.deps.loader.load(this.deps.plans.findById(planId)!);
      this.checkRunnable(fresh);
      const pick = this.pickStep(fresh, onlyStep, agent);
      if ('stopped' in pick) {
        if (pick.stopped === 'done') this.completePlan(fresh, context);
        return pick;
      }
      const { step } = pick;
      const active = this.deps.runs.activeRun(planId);
      if (active) {
        throw new InvalidInputError(
          `plan '${fresh.row.name}' is already running step '${active.stepId}' (process ${active.pid} on ${active.hostname}); wait for it or cancel it with: planbox plan cancel`,
        );
      }
      assertStepApproved(fresh, step.id);
      const risk = fresh.risk.steps[step.id]!;
      const now = this.deps.now();
      const status = fresh.row.status as PlanStatus;
      if (status !== 'executing')
        this.deps.plans.update(planId, { status: transitionPlan(status, 'start'), updatedAt: now });
      const runtime = fresh.states.get(step.id)!;
      const current = runtime.status as StepStatus;
      const startable =
        current === 'pending' || current === 'blocked' ? transitionStep(step.id, current, 'unblock') : current;
      const attempt = runtime.attempts + 1;
      const head = this.deps.runs.snapshot(fresh.row.headSnapshotId ?? base.id) ?? base;
      this.deps.plans.upsertStepStates([
        {
          ...runtime,
          status: transitionStep(step.id, startable, 'start'),
          attempts: attempt,
          startedAt: now,
          finishedAt: null,
          lastError: null,
          updatedAt: now,
        },
      ]);
      const attemptId = this.deps.runs.insertAttempt({
        planId,
        stepId: step.id,
        attempt,
        planVersion: fresh.row.version,
        status: 'running',
        fromSnapshotId: head.id,
        startedAt: now,
      });
      this.deps.runs.startRun({
        planId,
        stepId: step.id,
        attempt,
        pid: process.pid,
        hostname: hostname(),
        startedAt: now,
        cancelRequested: 0,
      });
      this.deps.audit.append(context, {
        type: 'step.started',
        planId,
        stepId: step.id,
        payload: {
          attempt,
          kind: step.kind,
          riskLevel: risk.level,
          fromSnapshotId: head.id,
          version: fresh.row.version,
        },
      });
      return { row: fresh.row, step, attempt, attemptId, head };
    });
  }

  /** The plan must be approved (and not failed: a failed step is retried or skipped first). */
  private checkRunnable(state: PlanState): void {
    const { row } = state;
    const status = row.status as PlanStatus;
    if (
      status === 'failed' ||
      (status === 'cancelled' && state.definition.steps.some((s) => state.status(s.id) === 'failed'))
    ) {
      const failed = state.definition.steps.find((s) => state.status(s.id) === 'failed');
      throw new InvalidInputError(
        `plan '${row.name}' stopped at a failed step${failed ? ` ('${failed.id}')` : ''}: retry it (planbox plan retry) or skip it (planbox plan skip)`,
      );
    }
    if (status === 'completed')
      throw new InvalidInputError(
        `plan '${row.name}' is completed; roll back to a step to run it again (planbox plan rollback --to STEP)`,
      );
    if (!['approved', 'paused', 'executing', 'cancelled'].includes(status)) {
      throw new InvalidInputError(
        `plan '${row.name}' is ${status}; it must be approved before it runs (planbox plan approve)`,
      );
    }
    if (planApproval(state.approvals.map(toApprovalRecord)).state !== 'approved') {
      throw new InvalidInputError(
        `plan '${row.name}' version ${row.version} has not been approved; approve it with: planbox plan approve`,
      );
    }
  }

  private pickStep(
    state: PlanState,
    onlyStep: string | undefined,
    agent: AgentRunOptions,
  ): { step: StepDefinition } | { stopped: StopReason; message: string } {
    const status = (step: StepDefinition) => this.executorStatus(step, agent);
    const steps = state.definition.steps;
    if (steps.every((s) => ['completed', 'skipped'].includes(state.status(s.id)))) {
      return { stopped: 'done', message: `plan '${state.row.name}' is complete: every step is done` };
    }
    const ready = readySteps(steps, state.status).map((id) => steps.find((s) => s.id === id)!);
    if (onlyStep) {
      const step = ready.find((s) => s.id === onlyStep);
      if (!step)
        throw new InvalidInputError(
          `step '${onlyStep}' is not ready to run (it is ${state.status(onlyStep)}, or a dependency is not done)`,
        );
      const action = stepAction(step, status(step));
      if ('notRunnable' in action) throw new InvalidInputError(action.notRunnable);
      return { step };
    }
    const runnable = ready.find((s) => !('notRunnable' in stepAction(s, status(s))));
    if (runnable) return { step: runnable };
    const waiting = ready[0];
    const why = waiting && stepAction(waiting, status(waiting));
    if (why && 'notRunnable' in why) return { stopped: 'waiting', message: why.notRunnable };
    return {
      stopped: 'waiting',
      message: `no step of '${state.row.name}' is ready: each waits for a dependency that is not done`,
    };
  }

  /** Only agent steps ask: resolving the executor's settings is not free, and may fail. */
  private executorStatus(step: StepDefinition, agent: AgentRunOptions): ExecutorStatus | undefined {
    if (step.kind !== 'agent') return undefined;
    return this.agents?.readiness(agent) ?? { ready: false, why: 'this Planbox has no executor for agent steps' };
  }

  private async execute(
    prepared: PreparedStep,
    agentOptions: AgentRunOptions,
    context: ActorContext,
  ): Promise<StepOutcome> {
    const { row, step, attempt } = prepared;
    const definition = this.deps.loader.load(row).definition;
    const planned = stepAction(step, this.executorStatus(step, agentOptions));
    const timeoutMs = (step.timeoutSec ?? definition.policy.stepTimeoutSec) * 1000;
    const controller = new AbortController();
    const cancelWatch = setInterval(() => {
      if (this.deps.runs.activeRun(row.id)?.cancelRequested) controller.abort();
    }, 250);
    let result: RunStepResult;
    let agent: AgentRun | undefined;
    try {
      if ('agent' in planned)
        agent = this.agents!.action(
          { planId: row.id, attempt, definition, step: planned.agent, timeoutMs },
          agentOptions,
          context,
        );
      const action = agent?.action ?? ('action' in planned ? planned.action : { type: 'none' as const });
      result = await this.deps.sandbox().runStep({
        planId: row.id,
        stepId: step.id,
        attempt,
        from: { imageId: prepared.head.imageId, depth: prepared.head.depth },
        limits: definition.sandbox,
        network: stepNeedsNetwork(definition, step),
        action,
        acceptance: step.acceptance,
        timeoutMs,
        outputCapBytes: setting(this.deps, 'outputCapBytes'),
        signal: controller.signal,
        onOutput: (chunk) =>
          this.deps.events.emit('step.output', {
            planId: row.id,
            stepId: step.id,
            attempt,
            stream: chunk.stream,
            phase: chunk.phase,
            text: chunk.text,
          }),
      });
    } catch (error) {
      result = {
        ok: false,
        failure: { kind: 'error', message: (error as Error).message },
        exitCode: null,
        acceptance: [],
        output: { text: '', droppedBytes: 0 },
        changes: [],
        outsideChanges: [],
        durationMs: 0,
      };
    } finally {
      clearInterval(cancelWatch);
    }
    return this.record(prepared, result, agent?.usage() ?? null, context);
  }

  private record(
    prepared: PreparedStep,
    result: RunStepResult,
    agent: AgentUsage | null,
    context: ActorContext,
  ): StepOutcome {
    const { row, step, attempt, attemptId, head } = prepared;
    const changedPaths = result.changes.map((c) => c.path);
    const undeclared = undeclaredChanges(step, changedPaths);
    const definition = this.deps.loader.load(row).definition;
    const policyFailure = result.ok && undeclared.length > 0 && definition.policy.failOnUndeclaredChanges;
    const ok = result.ok && !policyFailure;
    const reason = policyFailure
      ? `changed files it did not declare in effects: ${undeclared.join(', ')}`
      : (result.failure?.message ?? null);
    const now = this.deps.now();
    const snapshotId = ok && result.snapshot ? newId('snp') : null;
    this.deps.store.transaction(() => {
      const cancelled = this.deps.runs.activeRun(row.id)?.cancelRequested === 1;
      const runtime = this.deps.plans.stepStates(row.id).find((s) => s.stepId === step.id)!;
      if (snapshotId && result.snapshot) {
        this.deps.runs.insertSnapshot({
          id: snapshotId,
          planId: row.id,
          stepId: step.id,
          attempt,
          imageId: result.snapshot.imageId,
          kind: 'step',
          parentId: head.id,
          depth: result.snapshot.depth,
          manifest: null,
          sizeBytes: null,
          createdAt: now,
        });
      }
      this.deps.plans.upsertStepStates([
        {
          ...runtime,
          status: transitionStep(step.id, 'in_progress', ok ? 'complete' : 'fail'),
          lastError: reason,
          finishedAt: now,
          updatedAt: now,
        },
      ]);
      const planRow = this.deps.plans.findById(row.id)!;
      const planStatus = ok
        ? planRow.status
        : transitionPlan(planRow.status as PlanStatus, cancelled ? 'cancel' : 'fail');
      this.deps.plans.update(row.id, {
        status: planStatus,
        updatedAt: now,
        ...(snapshotId ? { headSnapshotId: snapshotId } : {}),
      });
      this.deps.runs.updateAttempt(attemptId, {
        status: ok ? 'completed' : cancelled ? 'cancelled' : 'failed',
        finishedAt: now,
        exitCode: result.exitCode,
        reason,
        snapshotId,
        output: result.output.text,
        outputDroppedBytes: result.output.droppedBytes,
        changes: JSON.stringify(result.changes),
        acceptance: JSON.stringify(result.acceptance),
        durationMs: Math.round(result.durationMs),
      });
      this.deps.runs.endRun(row.id);
      this.deps.audit.append(context, {
        type: ok ? 'step.completed' : cancelled ? 'step.cancelled' : 'step.failed',
        planId: row.id,
        stepId: step.id,
        payload: {
          attempt,
          exitCode: result.exitCode,
          durationMs: Math.round(result.durationMs),
          failure: ok ? null : { kind: policyFailure ? 'policy' : (result.failure?.kind ?? 'error'), message: reason },
          snapshotId,
          imageId: result.snapshot?.imageId ?? null,
          flattenedMs: result.flattened ? Math.round(result.flattened.ms) : null,
          changedPaths,
          undeclared,
          outsideChanges: result.outsideChanges.slice(0, 50),
          acceptance: result.acceptance.map((a) => ({ description: a.description, exitCode: a.exitCode, ok: a.ok })),
          ...(agent ? { agent } : {}),
          output: {
            keptBytes: Buffer.byteLength(result.output.text),
            droppedBytes: result.output.droppedBytes,
            // An agent step's output carries its tool calls, file contents included: those stay with
            // the attempt (planbox plan attempts), out of the audit log.
            tail: step.kind === 'agent' ? null : result.output.text.slice(-400),
          },
        },
      });
    });
    // A snapshot the policy refused is not kept; failure containers were already discarded.
    if (policyFailure && result.snapshot)
      void this.deps
        .sandbox()
        .removeImages([result.snapshot.imageId])
        .catch(() => undefined);
    this.deps.events.emit('step.status', {
      planId: row.id,
      stepId: step.id,
      status: ok ? 'completed' : 'failed',
      ...(reason ? { reason } : {}),
    });
    this.deps.events.emit('plan.changed', { planId: row.id, reason: ok ? 'step.completed' : 'step.failed' });
    return {
      stepId: step.id,
      attempt,
      ok,
      reason,
      durationMs: result.durationMs,
      snapshotId,
      changedPaths,
      undeclared,
      ...(agent ? { agent } : {}),
    };
  }

  /** After a step: stop on failure, finish the plan, or pause at a checkpoint. */
  private afterStep(
    planId: string,
    step: StepDefinition,
    outcome: StepOutcome,
    context: ActorContext,
  ): { stopped: StopReason; message: string } | null {
    if (!outcome.ok) {
      const cancelled = this.deps.plans.findById(planId)!.status === 'cancelled';
      return cancelled
        ? { stopped: 'cancelled', message: `step '${step.id}' was cancelled; the plan keeps its last snapshot` }
        : {
            stopped: 'failed',
            message: `step '${step.id}' failed: ${outcome.reason}; the workspace stays at the previous snapshot`,
          };
    }
    return this.deps.store.transaction(() => {
      const state = this.deps.loader.load(this.deps.plans.findById(planId)!);
      const steps = state.definition.steps;
      if (steps.every((s) => ['completed', 'skipped'].includes(state.status(s.id)))) {
        this.completePlan(state, context);
        return {
          stopped: 'done' as const,
          message: `plan '${state.row.name}' is complete; review the result with planbox plan diff, then planbox plan apply`,
        };
      }
      const completed = steps.filter((s) => state.status(s.id) === 'completed').length;
      const every = state.definition.policy.checkpointEvery;
      if (step.checkpoint || (every > 0 && completed % every === 0)) {
        this.deps.plans.update(planId, {
          status: transitionPlan(state.row.status as PlanStatus, 'pause'),
          updatedAt: this.deps.now(),
        });
        this.deps.audit.append(context, {
          type: 'plan.paused',
          planId,
          stepId: step.id,
          payload: { reason: 'checkpoint', completed },
        });
        this.deps.events.emit('plan.changed', { planId, reason: 'plan.paused' });
        return {
          stopped: 'checkpoint' as const,
          message: `checkpoint after step '${step.id}': review it, then continue with planbox plan next`,
        };
      }
      if (state.row.pauseRequested) return this.pauseAsAsked(state, step.id, completed, context);
      return null;
    });
  }

  /** `plan pause` came in while a step ran: stop here, between steps, at the snapshot just taken. */
  private pauseAsAsked(
    state: PlanState,
    stepId: string,
    completed: number,
    context: ActorContext,
  ): { stopped: StopReason; message: string } {
    const planId = state.row.id;
    this.deps.plans.update(planId, {
      status: transitionPlan(state.row.status as PlanStatus, 'pause'),
      pauseRequested: 0,
      updatedAt: this.deps.now(),
    });
    this.deps.audit.append(context, {
      type: 'plan.paused',
      planId,
      stepId,
      payload: { reason: 'requested', completed },
    });
    this.deps.events.emit('plan.changed', { planId, reason: 'plan.paused' });
    return {
      stopped: 'paused',
      message: `paused after step '${stepId}' as asked; continue with planbox plan next --auto`,
    };
  }

  private completePlan(state: PlanState, context: ActorContext): void {
    const status = state.row.status as PlanStatus;
    if (status === 'completed') return;
    const executing = status === 'executing' ? status : transitionPlan(status, 'start');
    this.deps.plans.update(state.row.id, { status: transitionPlan(executing, 'complete'), updatedAt: this.deps.now() });
    this.deps.audit.append(context, {
      type: 'plan.completed',
      planId: state.row.id,
      payload: { version: state.row.version, headSnapshotId: state.row.headSnapshotId },
    });
    this.deps.events.emit('plan.changed', { planId: state.row.id, reason: 'plan.completed' });
  }
}
