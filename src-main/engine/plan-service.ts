import type {
  ImportResult,
  PlanComparisonView,
  FindingView,
  PlanSummary,
  PlanTextValidationView,
  PlanView,
  ValidationView,
  VersionSummary,
} from '../../src-preload/contract';
import type { MethodParsedInput } from '../../src-preload/contract';
import type { PlanRepository, PlanRow, SettingsRepository, Store } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { RiskLevel } from '../domain/risk-level';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import {
  loadPlanDocument,
  MAX_PLAN_FILE_BYTES,
  PlanFileError,
  serializePlan,
  type LoadedPlanDocument,
} from '../domain/planfile';
import { validatePlan, type Finding, type ValidationReport } from '../domain/validation';
import { comparePlans } from '../domain/compare';
import { toMermaid, toMermaidGantt } from '../domain/mermaid';
import { assessPlan } from '../domain/risk';
import { isAbsolute, resolve } from 'node:path';
import type { ActorContext, AuditLog } from '../audit';
import { ACTIVE_PLAN_SETTING, type PlanResolver } from './plan-resolver';
import type { PlanState, PlanStateLoader } from './plan-state';
import { isExecPlanFileName, loadExecPlanDocument } from '../execplan/import-plan';
import { parseExecPlan, validateExecPlan } from '../execplan';
import { planToExecPlan } from '../execplan/export-plan';
import { toPlanSummary, toPlanView } from './plan-views';
import type { VersionWriter } from './version-writer';
import { checkWorkspaceFolder, tryFindSymlinkEscapes } from './workspace-check';

/** Plans as documents: import, read, validate, version, export, delete. */
export class PlanService {
  constructor(
    private readonly store: Store,
    private readonly plans: PlanRepository,
    private readonly settings: SettingsRepository,
    private readonly resolver: PlanResolver,
    private readonly loader: PlanStateLoader,
    private readonly versions: VersionWriter,
    private readonly audit: AuditLog,
    private readonly now: () => string,
    /** Removes a plan's snapshot images (best effort: the engine may be away). */
    private readonly freeSnapshots: (planId: string) => Promise<void> = async () => undefined,
  ) {}

  import(input: MethodParsedInput<'planImport'>, context: ActorContext): ImportResult {
    const loaded = loadAnyPlanDocument(input.text, input.fileName);
    const named: PlanDefinition = input.name ? { ...loaded.plan, name: input.name } : loaded.plan;
    // --workspace wins; else the file's own workspace.path, relative to the file's folder.
    const fromFile =
      named.workspace?.path && (input.baseDir || isAbsolute(named.workspace.path))
        ? resolve(input.baseDir ?? '/', named.workspace.path)
        : undefined;
    // A new version of a plan keeps the folder it already works on unless told otherwise.
    const given = input.workspace ?? fromFile ?? this.plans.findByName(named.name)?.workspacePath ?? undefined;
    if (given === undefined && named.workspace?.path) {
      throw new InvalidInputError(
        `${input.fileName}: workspace.path '${named.workspace.path}' is relative; give the project folder as an absolute path`,
      );
    }
    const workspace = given ? checkWorkspaceFolder(given) : null;
    // The workspace is part of the plan's content: a plan approved for one folder is not approved for another.
    const definition: PlanDefinition = workspace
      ? { ...named, workspace: { include: [], exclude: [], ...named.workspace, path: workspace } }
      : named;
    const validation = this.validateDefinition(definition, workspace);
    if (!validation.valid && !input.draft) {
      const first = validation.errors[0]!;
      const more =
        validation.errors.length > 1
          ? ` (and ${validation.errors.length - 1} more; see: planbox plan validate ${input.fileName})`
          : '';
      throw new InvalidInputError(`${input.fileName}: ${first.message}${more}`);
    }
    const { row, created, written } = this.store.transaction(() => {
      const existing = this.plans.findByName(definition.name);
      if (!existing) {
        const row = this.versions.create(definition, { validation, reason: 'import' }, context);
        return { row, created: true, written: true };
      }
      const previous = this.loader.load(existing).definition;
      const result = this.versions.write(existing, previous, definition, { validation, reason: 'import' }, context);
      return { row: result.row, created: false, written: result.written };
    });
    // Making the imported plan active is a convenience of the caller's session, not a plan change.
    this.settings.set(ACTIVE_PLAN_SETTING, row.id, this.now());
    return {
      plan: toPlanView(this.loader.load(row), validation, row.id),
      created,
      versionWritten: written,
      format: loaded.format,
      dropped: loaded.dropped,
      notes: loaded.notes,
    };
  }

  list(input: MethodParsedInput<'planList'>): PlanSummary[] {
    const active = this.resolver.activeId();
    const counts = this.plans.stepCounts();
    const needle = input.search?.toLowerCase();
    const rows = this.plans.list({ status: input.status, tag: input.tag }).filter((row) => {
      const tags = JSON.parse(row.tags) as string[];
      if (input.tags && !input.tags.every((t) => tags.includes(t))) return false;
      return !needle || row.name.toLowerCase().includes(needle) || tags.some((t) => t.toLowerCase().includes(needle));
    });
    return rows
      .slice(0, input.limit ?? rows.length)
      .map((row) => toPlanSummary(row, counts.get(row.id) ?? { total: 0, done: 0 }, active));
  }

  get(ref: string | undefined): PlanView {
    const row = this.resolver.resolve(ref);
    const state = this.loader.load(row);
    return toPlanView(state, this.validateDefinition(state.definition, row.workspacePath), this.resolver.activeId());
  }

  /** The id of a plan named by name or id; a deleted plan's id is returned as given (its events remain). */
  idOf(ref: string): string {
    try {
      return this.resolver.resolve(ref).id;
    } catch (error) {
      if (error instanceof NotFoundError && /^pln_/.test(ref)) return ref;
      throw error;
    }
  }

  use(ref: string, context: ActorContext): PlanSummary {
    const row = this.resolver.resolve(ref);
    this.store.transaction(() => {
      this.settings.set(ACTIVE_PLAN_SETTING, row.id, this.now());
      this.audit.append(context, {
        type: 'settings.changed',
        planId: row.id,
        payload: { key: ACTIVE_PLAN_SETTING, value: row.id },
      });
    });
    return this.list({}).find((p) => p.id === row.id)!;
  }

  validate(ref: string | undefined): ValidationView {
    const row = this.resolver.resolve(ref);
    return this.validateDefinition(this.loader.load(row).definition, row.workspacePath);
  }

  validateText(text: string, fileName: string, workspace?: string): PlanTextValidationView {
    // The ExecPlan rules describe the markdown document; they never decide whether the plan is valid.
    // A file above the size limit is refused below with its own finding, without being parsed.
    const document =
      isExecPlanFileName(fileName) && text.length <= MAX_PLAN_FILE_BYTES
        ? { execplan: execPlanFindingViews(text, fileName) }
        : {};
    try {
      const loaded = loadAnyPlanDocument(text, fileName);
      const folder = workspace ? checkWorkspaceFolder(workspace) : null;
      return { ...this.validateDefinition(loaded.plan, folder), format: loaded.format, ...document };
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      const finding: Finding = {
        severity: 'error',
        code: error.line !== undefined ? 'file.syntax' : 'file.schema',
        field: error.path ?? '',
        message: error.message,
        ...(error.line !== undefined ? { line: error.line } : {}),
        ...(error.column !== undefined ? { column: error.column } : {}),
      };
      return { valid: false, errors: [finding], warnings: [], format: 'unknown', ...document };
    }
  }

  history(ref: string | undefined): VersionSummary[] {
    const row = this.resolver.resolve(ref);
    return this.plans.listVersions(row.id).map((v) => ({
      version: v.version,
      reason: v.reason,
      note: v.note,
      actor: v.actor,
      surface: v.surface,
      createdAt: v.createdAt,
      riskLevel: v.riskLevel as RiskLevel,
      contentHash: v.contentHash,
      current: v.version === row.version,
    }));
  }

  compare(ref: string | undefined, from: number, to: number): PlanComparisonView {
    const row = this.resolver.resolve(ref);
    const side = (version: number) => {
      const plan = this.definitionAt(row, version);
      return { version, plan, risk: assessPlan(plan) };
    };
    return comparePlans(side(from), side(to));
  }

  restoreVersion(ref: string | undefined, version: number, context: ActorContext, reason?: string): PlanView {
    const row = this.resolver.resolve(ref);
    const restored = this.definitionAt(row, version);
    if (version === row.version)
      throw new InvalidInputError(`version ${version} is already the current version of '${row.name}'`);
    const validation = this.validateDefinition(restored, row.workspacePath);
    const result = this.store.transaction(() => {
      const current = this.loader.load(row).definition;
      return this.versions.write(
        row,
        current,
        restored,
        { validation, reason: 'restore', note: `restored from version ${version}${reason ? `: ${reason}` : ''}` },
        context,
      );
    });
    if (!result.written)
      throw new InvalidInputError(
        `version ${version} has the same content as the current version ${row.version}; nothing to restore`,
      );
    return this.get(row.id);
  }

  export(
    ref: string | undefined,
    format: MethodParsedInput<'planExport'>['format'],
    version?: number,
  ): { text: string; format: string } {
    const row = this.resolver.resolve(ref);
    const state = this.loader.load(row);
    const definition = version ? this.definitionAt(row, version) : state.definition;
    switch (format) {
      case 'yaml':
      case 'json':
        return { text: serializePlan(definition, format), format };
      case 'mermaid':
        return { text: toMermaid(definition.steps, { status: state.status, highlightCriticalPath: true }), format };
      case 'mermaid-gantt':
        return { text: toMermaidGantt(definition.steps, definition.milestones ?? []), format };
      case 'execplan':
        return { text: this.execPlanText(row, state, definition), format };
    }
  }

  /** An ExecPlan with Progress, Decision Log and outcomes written from the plan's real run. */
  private execPlanText(row: PlanRow, state: PlanState, definition: PlanDefinition): string {
    return planToExecPlan({
      definition,
      steps: definition.steps.map((step) => {
        const s = state.states.get(step.id);
        return {
          id: step.id,
          title: step.title,
          status: s?.status ?? 'pending',
          finishedAt: s?.finishedAt ?? null,
          lastError: s?.lastError ?? null,
        };
      }),
      approvals: state.approvals.map((a) => ({
        status: a.status,
        comment: a.comment,
        respondedBy: a.respondedBy,
        respondedAt: a.respondedAt,
        scope: a.scope,
        stepIds: JSON.parse(a.stepIds) as string[],
      })),
      versions: this.plans.listVersions(row.id).map((v) => ({
        version: v.version,
        reason: v.reason,
        note: v.note,
        createdAt: v.createdAt,
      })),
      now: this.now(),
    });
  }

  async delete(ref: string, context: ActorContext): Promise<{ id: string; name: string }> {
    const row = this.resolver.resolve(ref);
    this.assertDeletable(row);
    await this.freeSnapshots(row.id);
    this.store.transaction(() => this.deleteRow(row, context, 'plan.deleted'));
    return { id: row.id, name: row.name };
  }

  async clean(context: ActorContext): Promise<{ deleted: { id: string; name: string }[] }> {
    const finished = [...this.plans.list({ status: 'completed' }), ...this.plans.list({ status: 'archived' })];
    for (const row of finished) await this.freeSnapshots(row.id);
    this.store.transaction(() => finished.forEach((row) => this.deleteRow(row, context, 'plan.cleaned')));
    return { deleted: finished.map((row) => ({ id: row.id, name: row.name })) };
  }

  /** Schema-valid plans still go through the graph, path, size, syntax and workspace checks. */
  validateDefinition(definition: PlanDefinition, workspace: string | null): ValidationReport {
    const report = validatePlan(definition);
    if (!workspace) return report;
    const escapes = tryFindSymlinkEscapes(definition, workspace);
    if (escapes === null) {
      // An unreadable folder cannot be checked for symlink escapes, so it blocks approval.
      const missing: Finding = {
        severity: 'error',
        code: 'workspace.missing',
        field: 'workspace',
        message: `the workspace folder ${workspace} cannot be read (moved or deleted?); import the plan again with --workspace`,
      };
      return { valid: false, errors: [...report.errors, missing], warnings: report.warnings };
    }
    const errors = [...report.errors, ...escapes];
    return { valid: errors.length === 0, errors, warnings: report.warnings };
  }

  private definitionAt(row: PlanRow, version: number): PlanDefinition {
    const stored = this.plans.getVersion(row.id, version);
    if (!stored)
      throw new NotFoundError(
        `plan '${row.name}' has no version ${version}; it has versions 1 to ${row.version} (see: planbox plan history)`,
      );
    return JSON.parse(stored.document) as PlanDefinition;
  }

  /** A running plan must be cancelled first. */
  private assertDeletable(row: PlanRow): void {
    if (row.status === 'executing') transitionPlan(row.status as PlanStatus, 'archive'); // throws, saying so
  }

  private deleteRow(row: PlanRow, context: ActorContext, type: string): void {
    this.assertDeletable(this.plans.findById(row.id) ?? row);
    this.plans.delete(row.id);
    if (this.resolver.activeId() === row.id) this.settings.delete(ACTIVE_PLAN_SETTING);
    this.audit.append(context, {
      type,
      planId: row.id,
      payload: { name: row.name, version: row.version, status: row.status },
    });
  }
}

/** YAML and JSON plan files, and ExecPlans (markdown) converted to a plan. */
function loadAnyPlanDocument(
  text: string,
  fileName: string,
): LoadedPlanDocument | ReturnType<typeof loadExecPlanDocument> {
  return isExecPlanFileName(fileName) ? loadExecPlanDocument(text, fileName) : loadPlanDocument(text, fileName);
}

/** The ExecPlan validator's findings on a markdown file, with their rule ids and fix hints. */
function execPlanFindingViews(text: string, fileName: string): FindingView[] {
  return validateExecPlan(parseExecPlan(text), { fileName }).map((found) => ({
    severity: found.severity,
    code: found.rule,
    field: '',
    message: found.message,
    line: found.line,
    hint: found.hint,
  }));
}
