import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The database schema. Times are ISO-8601 UTC strings (they sort as text); JSON columns hold
 * canonical JSON text. Plan content is immutable per version; runtime state (step status,
 * attempts, approvals, snapshots) sits beside it.
 */

export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    workspacePath: text('workspace_path'),
    tags: text('tags').notNull().default('[]'),
    riskLevel: text('risk_level').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** Snapshot the next step starts from (the sandbox sets it). */
    headSnapshotId: text('head_snapshot_id'),
    baseSnapshotId: text('base_snapshot_id'),
    /** Set by `plan pause` (any process); an auto run stops after its current step when it sees it. */
    pauseRequested: integer('pause_requested').notNull().default(0),
  },
  (t) => [uniqueIndex('plans_name_unique').on(t.name), index('plans_status').on(t.status)],
);

export const planVersions = sqliteTable(
  'plan_versions',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The plan document (PlanDefinition) as canonical JSON. */
    document: text('document').notNull(),
    contentHash: text('content_hash').notNull(),
    riskLevel: text('risk_level').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    surface: text('surface').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.version] })],
);

export const stepStates = sqliteTable(
  'step_states',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.stepId] })],
);

export const stepAttempts = sqliteTable(
  'step_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    attempt: integer('attempt').notNull(),
    planVersion: integer('plan_version').notNull(),
    status: text('status').notNull(),
    /** The snapshot the attempt started from; rolling back to before the step returns there. */
    fromSnapshotId: text('from_snapshot_id'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    exitCode: integer('exit_code'),
    reason: text('reason'),
    snapshotId: text('snapshot_id'),
    output: text('output').notNull().default(''),
    outputDroppedBytes: integer('output_dropped_bytes').notNull().default(0),
    /** JSON: files added / changed / deleted by the attempt. */
    changes: text('changes'),
    /** JSON: the acceptance checks and their exit codes. */
    acceptance: text('acceptance'),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('step_attempts_plan_step').on(t.planId, t.stepId, t.attempt)],
);

export const approvals = sqliteTable(
  'approvals',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    planVersion: integer('plan_version').notNull(),
    /** 'plan' (the plan as a whole) or 'steps' (the ids in step_ids). */
    scope: text('scope').notNull(),
    stepIds: text('step_ids').notNull().default('[]'),
    /** pending | approved | rejected | changes_requested */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedSurface: text('requested_surface').notNull(),
    requestedAt: text('requested_at').notNull(),
    requestNote: text('request_note'),
    respondedBy: text('responded_by'),
    respondedSurface: text('responded_surface'),
    respondedAt: text('responded_at'),
    comment: text('comment'),
  },
  (t) => [index('approvals_plan').on(t.planId, t.planVersion)],
);

export const snapshots = sqliteTable(
  'snapshots',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    stepId: text('step_id'),
    attempt: integer('attempt'),
    imageId: text('image_id').notNull(),
    /** base (the imported workspace), step (a committed step) */
    kind: text('kind').notNull().default('step'),
    parentId: text('parent_id'),
    depth: integer('depth').notNull(),
    /** For the base snapshot: JSON map of relative path → {size, sha256} of the host files copied. */
    manifest: text('manifest'),
    sizeBytes: integer('size_bytes'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('snapshots_plan').on(t.planId)],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey(),
    ts: text('ts').notNull(),
    actor: text('actor').notNull(),
    actorName: text('actor_name'),
    surface: text('surface').notNull(),
    planId: text('plan_id'),
    stepId: text('step_id'),
    type: text('type').notNull(),
    /** Canonical JSON; hashed as it is stored. */
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_plan_seq').on(t.planId, t.seq),
    index('audit_type_seq').on(t.type, t.seq),
    index('audit_actor_seq').on(t.actor, t.seq),
    index('audit_step_seq').on(t.stepId, t.seq),
    index('audit_ts').on(t.ts),
  ],
);

/**
 * A step being carried out right now, by which process. Recovery uses it to tell a live run from
 * one a crash left behind; cancel uses it to reach the run from another process.
 */
export const activeRuns = sqliteTable('active_runs', {
  planId: text('plan_id')
    .primaryKey()
    .references(() => plans.id, { onDelete: 'cascade' }),
  stepId: text('step_id').notNull(),
  attempt: integer('attempt').notNull(),
  pid: integer('pid').notNull(),
  hostname: text('hostname').notNull(),
  startedAt: text('started_at').notNull(),
  cancelRequested: integer('cancel_requested').notNull().default(0),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * What the explorer found in a plan's workspace folder (a RepoContext, as JSON), kept beside the
 * plan rather than in its versions: it describes the folder, not the plan, and is refreshed by
 * `plan explore` without writing a version.
 */
export const planContexts = sqliteTable('plan_contexts', {
  planId: text('plan_id')
    .primaryKey()
    .references(() => plans.id, { onDelete: 'cascade' }),
  workspacePath: text('workspace_path').notNull(),
  /** The RepoContext as JSON. */
  context: text('context').notNull(),
  exploredAt: text('explored_at').notNull(),
});

/**
 * Tool calls of agent steps held for a person's decision (runs with --hitl). Kept here rather than
 * in memory so a call can be decided from another process (the CLI, the app) and so a run a crash
 * ended leaves calls that recovery marks expired.
 */
export const agentCalls = sqliteTable(
  'agent_calls',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    stepId: text('step_id').notNull(),
    attempt: integer('attempt').notNull(),
    round: integer('round').notNull(),
    tool: text('tool').notNull(),
    /** The call's arguments as JSON, secrets masked. */
    input: text('input').notNull(),
    /** pending, approved, rejected, edited or expired. */
    status: text('status').notNull(),
    comment: text('comment'),
    editedInput: text('edited_input'),
    requestedAt: text('requested_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [index('agent_calls_plan_status').on(t.planId, t.status), index('agent_calls_status').on(t.status)],
);
