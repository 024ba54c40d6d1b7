import { z } from 'zod';
import {
  methods,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
  type AppInfoView,
  type AuditEventView,
} from '../../src-preload/contract';
import { UsageError } from '../domain/errors';
import type { ActorContext, AuditLog } from '../audit';
import type { AuditQuery, AuditRow } from '../store';
import type { PlanService } from '../engine/plan-service';
import type { ApprovalService } from '../engine/approval-service';
import type { PlanRunner, RunAgentOptions } from '../engine/plan-runner';
import type { StepControls } from '../engine/step-controls';
import type { ApplyService } from '../engine/apply-service';
import type { RunQueries } from '../engine/run-queries';
import type { SettingsService } from '../engine/settings-service';
import type { RecoveryReport } from '../engine/recovery';
import type { PlanAuthoring } from '../engine/plan-authoring';
import type { StepEditor } from '../engine/step-editor';
import type { ApprovalRequests } from '../engine/approval-requests';
import type { AgentSteps } from '../engine/agent-steps';
import type { LlmPlanning } from '../engine/llm-planning';
import type { ModelUsage } from '../engine/model-usage';
import type { AgentCalls } from '../engine/agent-calls';
import type { ApiKeyStore } from './api-key-store';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, context: ActorContext) => MethodResult<M> | Promise<MethodResult<M>>;
};

export function toAuditEventView(row: AuditRow): AuditEventView {
  return { ...row, payload: JSON.parse(row.payload) as unknown };
}

/** The one implementation of every contract method; surfaces only translate to and from it. */
export interface Services {
  plans: PlanService;
  approvals: ApprovalService;
  requests: ApprovalRequests;
  authoring: PlanAuthoring;
  /** The LLM planner and the explorer: plans from a goal, refine from feedback, replan. */
  llm: LlmPlanning;
  stepEditor: StepEditor;
  agentSteps: AgentSteps;
  audit: AuditLog;
  runner: PlanRunner;
  controls: StepControls;
  applier: ApplyService;
  queries: RunQueries;
  settings: SettingsService;
  /** Tokens and time of a plan's model calls. */
  usage: ModelUsage;
  /** Tool calls of agent steps held for a person (--hitl). */
  agentCalls: AgentCalls;
  /** Where the LLM API key is kept: the environment, or the OS keychain in the desktop app. */
  apiKey: ApiKeyStore;
  recover: (surface: ActorContext['surface']) => Promise<RecoveryReport>;
  /** Read on each call, so a changed LLM setting shows without a restart. */
  info: () => AppInfoView;
}

/** The store's audit query for the filters auditList and auditCount share. */
function auditQueryOf(input: MethodParsedInput<'auditCount'>, plans: PlanService): AuditQuery {
  return {
    planId: input.plan ? plans.idOf(input.plan) : undefined,
    stepId: input.step,
    type: input.type,
    actor: input.actor,
    since: input.since && new Date(input.since).toISOString(),
    until: input.until && new Date(input.until).toISOString(),
    beforeSeq: input.beforeSeq,
    search: input.search,
  };
}

/** The --hitl and --gate choices of a run; unset ones fall back to the agent.* settings in the runner. */
function agentOptionsOf(input: { hitl?: boolean; gate?: boolean; gateThreshold?: number }): RunAgentOptions {
  return {
    ...(input.hitl !== undefined ? { hitl: input.hitl } : {}),
    ...(input.gate !== undefined ? { gate: input.gate } : {}),
    ...(input.gateThreshold !== undefined ? { gateThreshold: input.gateThreshold } : {}),
  };
}

export function createHandlers(services: Services): Handlers {
  const { plans, approvals, requests, authoring, agentSteps, audit, runner, controls, applier, queries } = services;
  return {
    planImport: (input, ctx) => plans.import(input, ctx),
    planCreate: (input, ctx) =>
      input.goal && !input.plan ? services.llm.create(input, ctx) : authoring.create(input, ctx),
    planSave: (input, ctx) => authoring.save(input, ctx),
    planRefine: (input, ctx) =>
      !input.definition && !input.steps && (input.feedback || input.clarifications || input.focus)
        ? services.llm.refine(input, ctx)
        : authoring.refine(input, ctx),
    planReplan: (input, ctx) => services.llm.replan(input, ctx),
    planExplore: (input, ctx) => services.llm.explore(input.plan, input.maxFiles, ctx),
    planContext: (input) => services.llm.context(input.plan),
    planEditStep: (input, ctx) => services.stepEditor.edit(input, ctx),
    planList: (input) => plans.list(input),
    planGet: (input) => plans.get(input.plan),
    planUse: (input, ctx) => plans.use(input.plan, ctx),
    planValidate: (input) => plans.validate(input.plan),
    planValidateText: (input) => plans.validateText(input.text, input.fileName, input.workspace),
    planApprove: (input, ctx) => approvals.decide(input, 'approved', ctx),
    planReject: (input, ctx) => approvals.decide(input, 'rejected', ctx),
    planRequestChanges: (input, ctx) => approvals.decide(input, 'changes_requested', ctx),
    planRequestApproval: (input, ctx) => requests.request(input, ctx),
    planApprovalStatus: (input) => requests.status(input),
    planHistory: (input) => plans.history(input.plan),
    planCompare: (input) => plans.compare(input.plan, input.from, input.to),
    planRestoreVersion: (input, ctx) => plans.restoreVersion(input.plan, input.version, ctx, input.reason),
    planExport: (input) => plans.export(input.plan, input.format, input.version),
    planDelete: (input, ctx) => plans.delete(input.plan, ctx),
    planClean: (_input, ctx) => plans.clean(ctx),
    planRun: (input, ctx) =>
      runner.run(
        input.plan,
        { auto: input.auto ?? false, ...(input.step ? { stepId: input.step } : {}), agent: agentOptionsOf(input) },
        ctx,
      ),
    planRetry: (input, ctx) => {
      const { planId, stepId } = controls.prepareRetry(input.plan, input.step, ctx);
      return runner.run(planId, { auto: false, stepId, agent: agentOptionsOf(input) }, ctx);
    },
    planSkip: (input, ctx) => plans.get(controls.skip(input.plan, input.step, input.reason, ctx).planId),
    planCompleteStep: (input, ctx) => {
      controls.complete(input.plan, input.step, input.note, input.filesModified ?? [], ctx);
      return plans.get(input.plan);
    },
    planStartStep: (input, ctx) => plans.get(agentSteps.start(input.plan, input.step, input.note, ctx)),
    planFailStep: (input, ctx) =>
      plans.get(
        agentSteps.fail(
          input.plan,
          input.step,
          input.error,
          { retry: input.retry ?? false, skip: input.skip ?? false, skipDependents: input.skipDependents ?? false },
          ctx,
        ),
      ),
    planRollback: (input, ctx) => controls.rollback(input.plan, input.to, ctx),
    planPause: (input, ctx) => controls.pause(input.plan, ctx),
    planCancel: (input, ctx) => controls.cancel(input.plan, ctx),
    planDiff: (input) => applier.diff(input.plan, input.step),
    planApply: (input, ctx) =>
      applier.apply(
        input.plan,
        { dryRun: input.dryRun ?? false, force: input.force ?? [], ...(input.files ? { only: input.files } : {}) },
        ctx,
      ),
    planAttempts: (input) => queries.attempts(input.plan, input.step),
    planUsage: (input) => services.usage.report(input.plan),
    agentCalls: (input) => services.agentCalls.list(input.plan, input.all ?? false),
    agentCallDecide: (input, ctx) => services.agentCalls.decide(input, ctx),
    settingsList: () => services.settings.list(),
    settingsSet: (input, ctx) => services.settings.set(input.key, input.value, ctx),
    settingsSetApiKey: (input, ctx) => services.apiKey.set(input.key, ctx),
    sandboxStatus: () => queries.sandboxStatus(),
    sandboxRecover: (_input, ctx) => services.recover(ctx.surface),
    auditList: (input) =>
      audit.list({ ...auditQueryOf(input, plans), offset: input.offset, limit: input.limit }).map(toAuditEventView),
    auditCount: (input) => {
      const counted = audit.count(auditQueryOf(input, plans), input.first ?? 0);
      return { ...counted, first: counted.first.map(toAuditEventView) };
    },
    auditVerify: () => audit.verify(),
    appInfo: () => services.info(),
  };
}

/** Checks a call against the contract's schema, then runs it. Every surface enters here. */
export async function invoke<M extends MethodName>(
  handlers: Handlers,
  name: M,
  rawInput: unknown,
  context: ActorContext,
): Promise<MethodResult<M>> {
  const declared = methods[name];
  if (!declared) throw new UsageError(`unknown method '${String(name)}'`);
  const parsed = declared.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new UsageError(describeInputError(parsed.error));
  const handler = handlers[name] as (
    input: unknown,
    context: ActorContext,
  ) => MethodResult<M> | Promise<MethodResult<M>>;
  return handler(parsed.data, context);
}

function describeInputError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}
