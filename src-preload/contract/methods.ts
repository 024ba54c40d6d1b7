import { z } from 'zod';
import { PLAN_STATUSES } from '../../src-main/domain/plan-status';
import { planSchema, stepSchema } from '../../src-main/domain/plan-schema';
import type {
  AgentCallView,
  ApiKeyStatusView,
  ModelUsageView,
  ApplyReportView,
  ApprovalRequestResult,
  ApprovalStatusView,
  AttemptView,
  DiffView,
  RecoveryView,
  RunReportView,
  SandboxStatusView,
  SettingView,
  AppInfoView,
  AuditCountView,
  AuditEventView,
  AuditVerifyView,
  ImportResult,
  PlanComparisonView,
  PlanSummary,
  PlanView,
  PlanWriteResult,
  RepoContextView,
  PlanTextValidationView,
  ValidationView,
  VersionSummary,
} from './types';

/**
 * The API, declared once. Each method has a zod input schema (checked on every surface before
 * the backend sees the call) and a result type. IPC handlers, HTTP routes, the preload bridge,
 * the renderer client, MCP tools and the CLI are all derived from this table.
 */
function method<Result>() {
  return <Input extends z.ZodType>(input: Input, description: string) => ({
    input,
    description,
    result: undefined as unknown as Result,
  });
}

/** A plan named by name or id; absent means the active plan. */
const planRef = z.string().min(1).optional().describe('plan name or id; the active plan when omitted');
const stepIds = z.array(z.string().min(1)).min(1).optional().describe('step ids; the whole plan when omitted');
const workspace = z.string().min(1).optional().describe('absolute path of the project folder the plan works on');
/** A whole plan document, as in a plan file: name, goal, steps, policy, sandbox. */
const planDocument = planSchema.describe(
  'a Planbox plan: name, goal, tags, steps (id, title, kind and its fields, dependsOn, acceptance, effects), optional policy and sandbox',
);

/** How a run treats agent steps (--hitl, --gate); shared by planRun and planRetry. */
const agentRunFields = {
  hitl: z
    .boolean()
    .optional()
    .describe('agent steps: ask a person before each file write or shell command (default: the agent.hitl setting)'),
  gate: z
    .boolean()
    .optional()
    .describe(
      'agent steps: the gate model scores each round, and a low score stops the step (default: the agent.gate setting)',
    ),
  gateThreshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('the lowest gate score that lets an agent step go on (default: llm.gateThreshold)'),
};

/** The audit filters shared by auditList and auditCount. */
const auditFilters = {
  plan: z.string().min(1).optional(),
  step: z.string().min(1).optional(),
  type: z.string().min(1).optional().describe("an event type, or a prefix ending in '*' (step.*)"),
  actor: z.enum(['user', 'agent', 'engine']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  search: z
    .string()
    .max(500)
    .optional()
    .describe('free text, found anywhere in the type, actor, plan, step or payload (case-insensitive)'),
  beforeSeq: z.number().int().positive().optional().describe('only events older than this sequence number'),
};

export const methods = {
  planImport: method<ImportResult>()(
    z.strictObject({
      text: z.string().describe('the plan file contents (YAML, JSON, or an ExecPlan in markdown)'),
      fileName: z.string().min(1).describe('file name, for messages and format detection'),
      workspace: z.string().min(1).optional().describe('absolute path of the project folder the plan works on'),
      baseDir: z
        .string()
        .min(1)
        .optional()
        .describe("the plan file's folder: a relative workspace.path in the file is resolved against it"),
      name: z.string().min(1).max(200).optional().describe('store under this name instead of the one in the file'),
      draft: z.boolean().optional().describe('keep the plan as a draft even if it has validation errors'),
    }),
    'Import a plan file; a name that exists gets a new version.',
  ),
  planCreate: method<PlanWriteResult>()(
    z.strictObject({
      goal: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('what the plan is for; on its own it asks the LLM planner for the steps (when one is configured)'),
      plan: planDocument.optional().describe('the plan with its steps, written by the caller'),
      workspace,
      draft: z.boolean().optional().describe('store the plan as a draft even if it has validation errors'),
      name: z.string().trim().min(1).max(200).optional().describe('with a goal: the name for the planned plan'),
      explore: z
        .boolean()
        .optional()
        .describe('with a goal: explore the workspace first and plan against what was found (kept with the plan)'),
      maxContextFiles: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .describe('with a goal: how many key files of the workspace to quote to the planner'),
      contextTokenBudget: z
        .number()
        .int()
        .min(500)
        .max(1_000_000)
        .optional()
        .describe('with a goal: tokens the workspace context may take in the prompt'),
      mvpOnly: z.boolean().optional().describe('with a goal: plan the minimum that reaches it'),
    }),
    'Create a new plan from a plan document (or, with the LLM planner, from a goal).',
  ),
  planSave: method<PlanWriteResult>()(
    z.strictObject({
      plan: z.string().min(1).optional().describe('a stored plan (name or id) to save under a new name or tags'),
      definition: planDocument.optional().describe('a plan document to store'),
      name: z.string().trim().min(1).max(200).optional().describe('the name to save under'),
      tags: z.array(z.string().trim().min(1)).optional().describe('the tags to save with (replacing the old ones)'),
      overwrite: z.boolean().optional().describe('write a new version of an existing plan with that name'),
      workspace,
    }),
    'Store a plan document, or a stored plan under another name or tags; an existing name needs overwrite.',
  ),
  planRefine: method<PlanWriteResult>()(
    z.strictObject({
      plan: z.string().min(1).describe('plan name or id'),
      definition: planDocument.optional().describe('the whole revised plan (same name)'),
      steps: z.array(stepSchema).min(1).optional().describe('the revised steps, replacing the current ones'),
      feedback: z
        .string()
        .trim()
        .min(1)
        .max(4000)
        .optional()
        .describe('what changed and why; kept as the version note. On its own it asks the LLM planner to revise'),
      clarifications: z
        .record(z.string().trim().min(1), z.string().trim().min(1))
        .optional()
        .describe('for the LLM planner: answers to its questions, question → answer'),
      focus: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe('for the LLM planner: only these steps (ids, or positions from 1) may change'),
    }),
    'Write a revised plan (or just its steps) as a new version; with only feedback, the LLM planner revises it.',
  ),
  planReplan: method<PlanWriteResult>()(
    z.strictObject({
      plan: planRef,
      feedback: z.string().trim().min(1).max(4000).optional().describe('what should change, besides the failure'),
    }),
    'Ask the LLM planner to revise the remaining steps after a failure; completed and skipped steps are kept.',
  ),
  planExplore: method<RepoContextView>()(
    z.strictObject({
      plan: planRef,
      maxFiles: z.number().int().positive().max(1_000_000).optional().describe('stop after this many files'),
    }),
    "Explore the plan's workspace folder (no model involved) and store the RepoContext with the plan.",
  ),
  planContext: method<RepoContextView | null>()(
    z.strictObject({ plan: planRef }),
    'The RepoContext stored with the plan (null when it was never explored).',
  ),
  planEditStep: method<PlanView>()(
    z.strictObject({
      plan: z.string().min(1).describe('plan name or id'),
      step: z.string().min(1).describe('the id of the step to replace'),
      definition: stepSchema.describe('the whole step as it should read (same id)'),
    }),
    'Edit one step of a draft or ready plan; writes a new version (refused if the edit adds validation errors).',
  ),
  planList: method<PlanSummary[]>()(
    z.strictObject({
      status: z.enum(PLAN_STATUSES).optional(),
      tag: z.string().min(1).optional(),
      tags: z.array(z.string().min(1)).optional().describe('only plans that have every one of these tags'),
      search: z.string().optional(),
      limit: z.number().int().positive().max(10_000).optional(),
    }),
    'List plans, newest change first.',
  ),
  planGet: method<PlanView>()(
    z.strictObject({ plan: planRef }),
    'A plan with its steps, risk, approvals and progress.',
  ),
  planUse: method<PlanSummary>()(z.strictObject({ plan: z.string().min(1) }), 'Make a plan the active one.'),
  planValidate: method<ValidationView>()(
    z.strictObject({ plan: planRef }),
    "Validate a stored plan's current version.",
  ),
  planValidateText: method<PlanTextValidationView>()(
    z.strictObject({ text: z.string(), fileName: z.string().min(1), workspace: z.string().min(1).optional() }),
    'Validate a plan file without storing it.',
  ),
  planApprove: method<PlanView>()(
    z.strictObject({ plan: planRef, steps: stepIds, comment: z.string().optional() }),
    'Approve the plan, or the given steps.',
  ),
  planReject: method<PlanView>()(
    z.strictObject({ plan: planRef, steps: stepIds, comment: z.string().trim().min(1, 'a rejection needs a comment') }),
    'Reject the plan, or the given steps, with a comment.',
  ),
  planRequestApproval: method<ApprovalRequestResult>()(
    z.strictObject({
      plan: z.string().min(1).describe('plan name or id'),
      steps: stepIds,
      note: z.string().trim().min(1).max(4000).optional().describe('what the approver should know'),
    }),
    'Ask a person to approve the plan, or the given steps; the request waits until they decide.',
  ),
  planApprovalStatus: method<ApprovalStatusView>()(
    z.strictObject({
      request: z.string().min(1).optional().describe('an approval request id'),
      plan: z.string().min(1).optional().describe('plan name or id'),
    }),
    "Where a plan's approval stands: the plan, each step, and the requests and decisions.",
  ),
  planRequestChanges: method<PlanView>()(
    z.strictObject({
      plan: planRef,
      steps: stepIds,
      comment: z.string().trim().min(1, 'a change request needs a comment'),
    }),
    'Ask for changes to the plan, or the given steps, with a comment.',
  ),
  planHistory: method<VersionSummary[]>()(z.strictObject({ plan: planRef }), 'The versions of a plan.'),
  planCompare: method<PlanComparisonView>()(
    z.strictObject({ plan: planRef, from: z.number().int().positive(), to: z.number().int().positive() }),
    'Compare two versions: steps added, removed, changed; risk and scope changes.',
  ),
  planRestoreVersion: method<PlanView>()(
    z.strictObject({
      plan: planRef,
      version: z.number().int().positive(),
      reason: z.string().trim().min(1).max(2000).optional().describe('why; kept with the new version'),
    }),
    'Restore an earlier version as a new version.',
  ),
  planExport: method<{ text: string; format: string }>()(
    z.strictObject({
      plan: planRef,
      format: z.enum(['yaml', 'json', 'mermaid', 'mermaid-gantt', 'execplan']),
      version: z.number().int().positive().optional(),
    }),
    'The plan as a file in one of the export formats.',
  ),
  planDelete: method<{ id: string; name: string }>()(z.strictObject({ plan: z.string().min(1) }), 'Delete a plan.'),
  planClean: method<{ deleted: { id: string; name: string }[] }>()(
    z.strictObject({}),
    'Delete completed and archived plans.',
  ),
  planRun: method<RunReportView>()(
    z.strictObject({
      plan: planRef,
      auto: z.boolean().optional().describe('run until done, a failure or a checkpoint'),
      step: z.string().min(1).optional().describe('run this ready step instead of the next one'),
      ...agentRunFields,
    }),
    'Run the next ready step in the sandbox (or all of them with auto).',
  ),
  planRetry: method<RunReportView>()(
    z.strictObject({
      plan: planRef,
      step: z.string().min(1).optional(),
      ...agentRunFields,
    }),
    'Run a failed step again.',
  ),
  planSkip: method<PlanView>()(
    z.strictObject({ plan: planRef, step: z.string().min(1).optional(), reason: z.string().optional() }),
    'Skip a step (by default the failed one); steps depending on it may then run.',
  ),
  planCompleteStep: method<PlanView>()(
    z.strictObject({
      plan: planRef,
      step: z.string().min(1),
      note: z.string().optional(),
      filesModified: z.array(z.string()).optional(),
    }),
    'Report a manual step as done.',
  ),
  planStartStep: method<PlanView>()(
    z.strictObject({
      plan: planRef,
      step: z.string().min(1),
      note: z.string().max(4000).optional().describe('what is about to be done'),
    }),
    'Mark a manual or agent step as being carried out (outside the sandbox).',
  ),
  planFailStep: method<PlanView>()(
    z.strictObject({
      plan: planRef,
      step: z.string().min(1),
      error: z.string().trim().min(1, 'a failure needs the error').max(8000),
      retry: z.boolean().optional().describe('make the step ready to start again'),
      skip: z.boolean().optional().describe('skip the step, so the steps after it may go ahead'),
      skipDependents: z.boolean().optional().describe('skip every step that depends on this one'),
    }),
    'Report a manual or agent step as failed; optionally retry or skip it, or skip the steps depending on it.',
  ),
  planRollback: method<{ planId: string; rolledBack: string[]; snapshotId: string }>()(
    z.strictObject({ plan: planRef, to: z.string().min(1).describe('the step to go back to before') }),
    'Move the sandbox back to the snapshot taken before a step.',
  ),
  planPause: method<{ planId: string; runningStep: string | null }>()(
    z.strictObject({ plan: planRef }),
    'Stop an auto run after the step it is running; the plan rests as paused.',
  ),
  planCancel: method<{ planId: string; runningStep: string | null }>()(
    z.strictObject({ plan: planRef }),
    'Stop the running step; the plan keeps its last snapshot.',
  ),
  planDiff: method<DiffView>()(
    z.strictObject({ plan: planRef, step: z.string().min(1).optional() }),
    'What one step changed, or everything from the base to the head.',
  ),
  planApply: method<ApplyReportView>()(
    z.strictObject({
      plan: planRef,
      dryRun: z.boolean().optional(),
      force: z
        .array(z.string().min(1))
        .optional()
        .describe('overwrite these files even though they changed on the host'),
      files: z.array(z.string().min(1)).optional().describe('apply only these files'),
    }),
    "Write the plan's result to the workspace folder.",
  ),
  planAttempts: method<AttemptView[]>()(
    z.strictObject({ plan: planRef, step: z.string().min(1).optional() }),
    'Attempts of the steps: output, acceptance results, changes.',
  ),
  planUsage: method<ModelUsageView>()(
    z.strictObject({ plan: planRef }),
    "Tokens in and out, and time, of the plan's model calls: planning, agent steps and the gate.",
  ),
  agentCalls: method<AgentCallView[]>()(
    z.strictObject({
      plan: z.string().min(1).optional().describe('only this plan (name or id); every plan when omitted'),
      all: z.boolean().optional().describe('also the decided and expired ones, newest first'),
    }),
    'Tool calls of agent steps waiting for a person (runs with --hitl).',
  ),
  agentCallDecide: method<AgentCallView>()(
    z.strictObject({
      id: z.string().min(1).describe('the held call'),
      decision: z.enum(['approve', 'reject', 'edit']),
      comment: z.string().max(4000).optional().describe('why; on a rejection the model is told this'),
      input: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("with edit: the call's arguments as they should run (path/content, path/patch, or command)"),
    }),
    'Decide a held tool call: run it, refuse it (the model is told why), or run an edited version.',
  ),
  settingsList: method<SettingView[]>()(z.strictObject({}), 'The settings, their values and defaults.'),
  settingsSet: method<SettingView>()(
    z.strictObject({ key: z.string().min(1), value: z.unknown() }),
    'Change a setting (checked, audited).',
  ),
  settingsSetApiKey: method<ApiKeyStatusView>()(
    z.strictObject({
      key: z.string().trim().min(1).max(4096).nullable().describe('the LLM API key; null forgets the stored one'),
    }),
    'Keep the LLM API key encrypted with the OS keychain (desktop app only; elsewhere use PLANBOX_LLM_API_KEY).',
  ),
  sandboxStatus: method<SandboxStatusView>()(z.strictObject({}), 'The Docker engine, snapshot images and disk use.'),
  sandboxRecover: method<RecoveryView>()(
    z.strictObject({}),
    'Fail steps a crash interrupted and remove leftover containers.',
  ),
  auditList: method<AuditEventView[]>()(
    z.strictObject({
      ...auditFilters,
      offset: z.number().int().min(0).optional().describe('skip this many matching events (newest first)'),
      limit: z.number().int().positive().max(10_000).default(100),
    }),
    'Audit events, newest first, filtered and paged.',
  ),
  auditCount: method<AuditCountView>()(
    z.strictObject({
      ...auditFilters,
      first: z
        .number()
        .int()
        .min(0)
        .max(1_000)
        .optional()
        .describe('also return the newest this many matching events (one pass when searching)'),
    }),
    'How many audit events match the filters, and the newest sequence number (to pin pages to).',
  ),
  auditVerify: method<AuditVerifyView>()(z.strictObject({}), 'Walk the hash chain and report the first broken event.'),
  appInfo: method<AppInfoView>()(
    z.strictObject({}),
    'This Planbox: its version, data folder and the sandbox defaults plans start from.',
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = Methods[M]['result'];

/** Every method as a typed async function. */
export type PlanboxMethods = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodResult<M>> };
