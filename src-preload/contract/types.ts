import type { PlanDefinition, StepKind } from '../../src-main/domain/plan-schema';
import type { PlanStatus } from '../../src-main/domain/plan-status';
import type { RiskLevel } from '../../src-main/domain/risk-level';
import type { StepStatus } from '../../src-main/domain/step-status';

/**
 * What crosses the process boundary: plain JSON data, the same for IPC, HTTP, MCP and `--json`.
 * Domain types are imported as types only, so nothing with behaviour leaks into the renderer.
 */
export type { PlanDefinition, StepKind, PlanStatus, RiskLevel, StepStatus };
/** So the app shows a step's keys in the order plan files use. */
export { STEP_KEY_ORDER } from '../../src-main/domain/planfile/step-key-order';

export interface RiskReasonView {
  rule: string;
  level: RiskLevel;
  message: string;
}

export interface FindingView {
  severity: 'error' | 'warning';
  code: string;
  stepId?: string;
  field: string;
  message: string;
  line?: number;
  column?: number;
  /** How to fix it, in one line (the ExecPlan rules give one). */
  hint?: string;
}

export interface ValidationView {
  valid: boolean;
  errors: FindingView[];
  warnings: FindingView[];
}

/** A plan file checked without storing it. */
export interface PlanTextValidationView extends ValidationView {
  format: string;
  /**
   * For an ExecPlan (.md): the ExecPlan validator's findings on the markdown, each with its rule id
   * as `code` and a `hint`. They describe the document and do not decide `valid`.
   */
  execplan?: FindingView[];
}

/** auto: covered by the plan's approval (at or below the policy's autoApprove level). */
export type StepApprovalState = 'auto' | 'required' | 'approved' | 'rejected' | 'changes_requested';
export type PlanApprovalState = 'none' | 'pending' | 'approved' | 'rejected' | 'changes_requested';

export interface ApprovalView {
  id: string;
  scope: 'plan' | 'steps';
  stepIds: string[];
  status: 'pending' | 'approved' | 'rejected' | 'changes_requested';
  planVersion: number;
  requestedBy: string;
  requestedAt: string;
  respondedBy: string | null;
  respondedAt: string | null;
  comment: string | null;
}

/** An approval record seen from outside: a request (pending until a person answers) or a decision. */
export interface ApprovalRequestView extends ApprovalView {
  planId: string;
  requestedSurface: string;
  /** What the requester wrote for the approver. */
  note: string | null;
  /** False once the plan has a newer version: decisions count only for the version they were made on. */
  current: boolean;
  /** Approved by the agent itself, as the mcp.selfApproveMaxRisk setting allows for LOW risk. */
  selfApproved: boolean;
}

export interface ApprovalRequestResult {
  request: ApprovalRequestView;
  /** False when the same request was already waiting; it is returned instead of a second one. */
  created: boolean;
  /** Whether the agent's request was approved at once under the self-approval setting, and why (not). */
  selfApproval: { granted: boolean; reason: string } | null;
  message: string;
}

export interface ApprovalStatusView {
  plan: {
    id: string;
    name: string;
    version: number;
    status: PlanStatus;
    risk: RiskLevel;
    approval: { state: PlanApprovalState; by: string | null; at: string | null; comment: string | null };
  };
  steps: {
    id: string;
    number: number;
    title: string;
    status: StepStatus;
    risk: RiskLevel;
    approval: StepApprovalState;
  }[];
  /** The request asked about, when one was named. */
  request: ApprovalRequestView | null;
  /** Requests and decisions on the current version, oldest first. */
  approvals: ApprovalRequestView[];
  /** The plan is approved and may run (steps still need their own approval where they say so). */
  approved: boolean;
  message: string;
}

export interface StepView {
  id: string;
  number: number;
  title: string;
  description?: string;
  kind: StepKind;
  status: StepStatus;
  dependsOn: string[];
  risk: { level: RiskLevel; reasons: RiskReasonView[] };
  approval: StepApprovalState;
  attempts: number;
  lastError: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  checkpoint: boolean;
  /** The step as written in the plan document. */
  definition: PlanDefinition['steps'][number];
}

export interface ProgressView {
  percentage: number;
  total: number;
  counts: Record<StepStatus, number>;
  ready: { id: string; number: number }[];
  blocked: { id: string; number: number; waitingOn: string[] }[];
  next: { id: string; number: number } | null;
}

export interface PlanSummary {
  id: string;
  name: string;
  status: PlanStatus;
  version: number;
  tags: string[];
  risk: { level: RiskLevel };
  workspace: string | null;
  active: boolean;
  stepCount: number;
  progress: { percentage: number; completed: number; total: number };
  createdAt: string;
  updatedAt: string;
}

export interface PlanView extends Omit<PlanSummary, 'progress'> {
  goal: string;
  approval: { state: PlanApprovalState; by: string | null; at: string | null; comment: string | null };
  validation: ValidationView;
  progress: ProgressView;
  steps: StepView[];
  definition: PlanDefinition;
  criticalPath: string[];
  parallelGroups: string[][];
}

export interface ImportResult {
  plan: PlanView;
  created: boolean;
  /** False when the file matched the current version exactly (no new version was written). */
  versionWritten: boolean;
  format: string;
  dropped: string[];
  notes: string[];
}

/** A plan written by create, save or refine. */
export interface PlanWriteResult {
  plan: PlanView;
  created: boolean;
  /** False when the content matched the current version exactly (no new version was written). */
  versionWritten: boolean;
  /** Completed steps whose content, dependencies or upstream steps changed: their result no longer stands. */
  invalidatedSteps?: string[];
  /** When the LLM planner wrote the version: its model calls. */
  planner?: PlannerReport;
}

/** What the LLM planner did for one create, refine or replan. */
export interface PlannerReport {
  provider: string;
  model: string;
  /** Model calls made: 1, or 2 when the first answer needed the repair round. */
  calls: number;
  repaired: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  /** What the planner changed on its way into the plan (restored kept steps, renamed plan, risk notes). */
  notes: string[];
}

/** What the explorer found in a workspace folder, without any model: stored with the plan. */
export interface RepoContextView {
  root: string;
  exploredAt: string;
  fileCount: number;
  totalBytes: number;
  /** True when the walk stopped at the file limit; the counts then cover only the files seen. */
  truncated: boolean;
  languages: { language: string; files: number }[];
  packageManagers: string[];
  commands: { kind: 'build' | 'test' | 'lint' | 'run' | 'other'; command: string; source: string }[];
  entryPoints: string[];
  keyFiles: string[];
  /** The folders at the top of the workspace, with how many files each holds. */
  topFolders: { path: string; files: number }[];
}

export interface VersionSummary {
  version: number;
  reason: string;
  note: string | null;
  actor: string;
  surface: string;
  createdAt: string;
  riskLevel: RiskLevel;
  contentHash: string;
  current: boolean;
}

export interface PlanComparisonView {
  fromVersion: number;
  toVersion: number;
  stepsAdded: { id: string; title: string }[];
  stepsRemoved: { id: string; title: string }[];
  stepsChanged: { id: string; title: string; fields: string[] }[];
  stepsMoved: { id: string; from: number; to: number }[];
  riskChanges: { stepId: string | null; from: RiskLevel | null; to: RiskLevel | null }[];
  scopeChanges: { field: string; from: unknown; to: unknown }[];
  unchanged: number;
}

export interface AuditEventView {
  seq: number;
  ts: string;
  actor: string;
  actorName: string | null;
  surface: string;
  planId: string | null;
  stepId: string | null;
  type: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditCountView {
  /** Events matching the filters, up to and including headSeq. */
  total: number;
  /** The newest event's sequence number when counted (0 for an empty log). */
  headSeq: number;
  /** The newest matching events, as many as `first` asked for (none when it did not). */
  first: AuditEventView[];
}

export interface AppInfoView {
  version: string;
  /** The data folder (PLANBOX_HOME): the database, settings and audit log live here. */
  dataDir: string;
  /** What a plan's sandbox gets when the plan does not say otherwise. */
  sandboxDefaults: { image: string; network: string; cpus: number; memoryMb: number; pidsLimit: number };
  /** Whether an LLM planner and executor are configured (settings and PLANBOX_LLM_*); no model is called. */
  llm: { planner: boolean; executor: boolean; gate: boolean; apiKey: ApiKeyStatusView };
}

export interface AuditVerifyView {
  ok: boolean;
  checked: number;
  broken?: { seq: number; type: string; reason: string };
}

export interface FileChangeView {
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  before: string | null;
  after: string | null;
  binary: boolean;
  tooLarge: boolean;
}

export interface StepOutcomeView {
  stepId: string;
  attempt: number;
  ok: boolean;
  reason: string | null;
  durationMs: number;
  snapshotId: string | null;
  changedPaths: string[];
  undeclared: string[];
  /** For an agent step run by the executor model: what it used, and its summary. */
  agent?: {
    rounds: number;
    toolCalls: number;
    inputTokens: number;
    outputTokens: number;
    summary: string | null;
    /** Tool calls a person decided under --hitl, and the gate's last score (0–1) under --gate. */
    reviewed?: { approved: number; rejected: number; edited: number };
    gateScore?: number | null;
  };
}

export interface RunReportView {
  planId: string;
  steps: StepOutcomeView[];
  stopped: 'one-step' | 'done' | 'failed' | 'checkpoint' | 'paused' | 'waiting' | 'cancelled' | 'refused';
  message: string;
}

export interface DiffView {
  planId: string;
  from: string;
  to: string;
  changes: FileChangeView[];
}

export interface ApplyReportView {
  planId: string;
  workspace: string;
  dryRun: boolean;
  entries: { path: string; action: 'write' | 'delete' | 'unchanged'; conflict: string | null; forced: boolean }[];
  written: string[];
  deleted: string[];
  conflicts: { path: string; reason: string }[];
}

export interface AttemptView {
  stepId: string;
  attempt: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  reason: string | null;
  fromSnapshotId: string | null;
  snapshotId: string | null;
  output: string;
  outputDroppedBytes: number;
  acceptance: { description: string; command?: string; exitCode: number | null; ok: boolean }[];
  changes: FileChangeView[];
}

export interface SandboxStatusView {
  engine:
    | { ok: true; version: string; apiVersion: string; os: string; arch: string; storageDriver: string; host: string }
    | { ok: false; error: string };
  snapshots: { images: number; bytes: number } | null;
  diskBudgetBytes: number;
  plans: { planId: string; name: string; snapshots: number; head: string | null }[];
}

export interface RecoveryView {
  interruptedSteps: { planId: string; stepId: string }[];
  removedContainers: string[];
  missingSnapshots: { planId: string; snapshotId: string }[];
  engineUnavailable: string | null;
}

export interface SettingView {
  key: string;
  value: unknown;
  default: unknown;
  describe: string;
}

/** The tools of agent steps a person is asked about under --hitl: the ones that change files or run commands. */
export const REVIEWED_AGENT_TOOLS = ['write_file', 'apply_patch', 'run_command'] as const;
export type ReviewedAgentTool = (typeof REVIEWED_AGENT_TOOLS)[number];

/** The argument of each held tool a person reads and edits: the file's content, the patch, the command. */
export const AGENT_CALL_TEXT_FIELD: Record<ReviewedAgentTool, 'content' | 'patch' | 'command'> = {
  write_file: 'content',
  apply_patch: 'patch',
  run_command: 'command',
};

/**
 * One tool call of an agent step, held for a person's decision (`plan next --hitl`). It is kept in
 * the store, so it survives a restart and can be decided from the app, the CLI or another process.
 */
export interface AgentCallView {
  id: string;
  planId: string;
  planName: string;
  stepId: string;
  attempt: number;
  round: number;
  tool: ReviewedAgentTool;
  /** What the model asked for (path and content, patch, or command), secrets masked. */
  input: Record<string, unknown>;
  /** pending until decided; expired when its step ended (cancelled, timed out, crashed) first. */
  status: 'pending' | 'approved' | 'rejected' | 'edited' | 'expired';
  /** The reviewer's comment; on a rejection the model is told it. */
  comment: string | null;
  /** What ran instead, when the reviewer edited the call. */
  editedInput: Record<string, unknown> | null;
  requestedAt: string;
  decidedAt: string | null;
  /** Who decided: the actor and surface, e.g. "user (app)". */
  decidedBy: string | null;
}

/** Model calls added up: how many, how many failed, tokens and time spent waiting for answers. */
export interface ModelUsageTotals {
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

/** What a plan's model calls used (from its llm.called audit events): in all, by role, and per step. */
export interface ModelUsageView {
  planId: string;
  total: ModelUsageTotals;
  byRole: { planner: ModelUsageTotals; executor: ModelUsageTotals; gate: ModelUsageTotals };
  /** Agent steps with at least one model call, in plan order. */
  steps: ({ stepId: string } & ModelUsageTotals)[];
}

/** Where the LLM API key comes from; the key itself never leaves the backend. */
export interface ApiKeyStatusView {
  /** environment: PLANBOX_LLM_API_KEY; keychain: stored with the OS keychain by the desktop app. */
  source: 'environment' | 'keychain' | 'none';
  /** Whether this Planbox can keep a key in the OS keychain (only the desktop app can). */
  canStore: boolean;
}
