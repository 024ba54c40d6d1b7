import { createHash } from 'node:crypto';
import type { PlanRepository, PlanRow, StepStateRow } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import type { ValidationReport } from '../domain/validation';
import { assessPlan } from '../domain/risk';
import { canonicalJson, type ActorContext, type AuditLog } from '../audit';
import { newId } from './ids';

export type VersionReason = 'create' | 'import' | 'restore' | 'edit' | 'refine' | 'replan';

/** The hash of what the plan says; where it was imported from (source) is not content. */
export function contentHash(definition: PlanDefinition): string {
  const { source: _source, ...content } = definition;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Writes plans and their immutable versions. Callers run these inside a store transaction, so the
 * version, the plan row, the step states and the audit event land together.
 */
export class VersionWriter {
  constructor(
    private readonly plans: PlanRepository,
    private readonly audit: AuditLog,
    private readonly now: () => string,
  ) {}

  create(
    definition: PlanDefinition,
    options: { validation: ValidationReport; reason: VersionReason; note?: string; id?: string },
    context: ActorContext,
  ): PlanRow {
    const at = this.now();
    const risk = assessPlan(definition);
    const status: PlanStatus = options.validation.valid ? transitionPlan('draft', 'validate') : 'draft';
    const row: PlanRow = {
      id: options.id ?? newId('pln'),
      name: definition.name,
      status,
      version: 1,
      workspacePath: definition.workspace?.path ?? null,
      tags: JSON.stringify(definition.tags),
      riskLevel: risk.level,
      createdAt: at,
      updatedAt: at,
      headSnapshotId: null,
      baseSnapshotId: null,
      pauseRequested: 0,
    };
    this.plans.insert(row);
    this.insertVersion(row, definition, risk.level, options.reason, options.note ?? null, context, at);
    this.plans.upsertStepStates(definition.steps.map((s) => pendingState(row.id, s.id, at)));
    this.audit.append(context, {
      type: 'plan.created',
      planId: row.id,
      payload: {
        name: row.name,
        version: 1,
        status,
        reason: options.reason,
        riskLevel: risk.level,
        steps: definition.steps.length,
        workspace: definition.workspace?.path ?? null,
        errors: options.validation.errors.length,
        warnings: options.validation.warnings.length,
        source: definition.source ?? null,
      },
    });
    return row;
  }

  /** A new version of an existing plan; returns the row unchanged when the content is identical. */
  write(
    row: PlanRow,
    previous: PlanDefinition,
    definition: PlanDefinition,
    options: { validation: ValidationReport; reason: VersionReason; note?: string },
    context: ActorContext,
  ): { row: PlanRow; written: boolean } {
    if (contentHash(previous) === contentHash(definition)) return { row, written: false };
    const at = this.now();
    const risk = assessPlan(definition);
    const drafted = transitionPlan(row.status as PlanStatus, 'invalidate');
    const status = options.validation.valid ? transitionPlan(drafted, 'validate') : drafted;
    const version = row.version + 1;
    // Snapshots hold a copy of one folder made on one image: another folder or image starts over.
    const sandboxChanged =
      (previous.workspace?.path ?? null) !== (definition.workspace?.path ?? null) ||
      previous.sandbox.image !== definition.sandbox.image;
    const patch = {
      name: definition.name,
      status,
      version,
      tags: JSON.stringify(definition.tags),
      riskLevel: risk.level,
      updatedAt: at,
      workspacePath: definition.workspace?.path ?? null,
      ...(sandboxChanged ? { baseSnapshotId: null, headSnapshotId: null } : {}),
    };
    this.plans.update(row.id, patch);
    this.insertVersion(row, definition, risk.level, options.reason, options.note ?? null, context, at, version);
    this.reconcileStepStates(row.id, previous, definition, at, sandboxChanged);
    this.audit.append(context, {
      type: 'plan.versioned',
      planId: row.id,
      payload: {
        version,
        previousVersion: row.version,
        reason: options.reason,
        note: options.note ?? null,
        status,
        riskLevel: risk.level,
        steps: definition.steps.length,
        errors: options.validation.errors.length,
        warnings: options.validation.warnings.length,
      },
    });
    return { row: { ...row, ...patch }, written: true };
  }

  private insertVersion(
    row: PlanRow,
    definition: PlanDefinition,
    riskLevel: string,
    reason: VersionReason,
    note: string | null,
    context: ActorContext,
    at: string,
    version = 1,
  ): void {
    this.plans.insertVersion({
      planId: row.id,
      version,
      document: canonicalJson(definition),
      contentHash: contentHash(definition),
      riskLevel,
      reason,
      note,
      actor: context.actorName ? `${context.actor}:${context.actorName}` : context.actor,
      surface: context.surface,
      createdAt: at,
    });
  }

  /** Steps whose content is unchanged keep their runtime state; changed and new steps start over. */
  private reconcileStepStates(
    planId: string,
    previous: PlanDefinition,
    next: PlanDefinition,
    at: string,
    resetAll: boolean,
  ): void {
    const before = new Map(previous.steps.map((s) => [s.id, canonicalJson(s)]));
    const kept = new Set(
      resetAll ? [] : next.steps.filter((s) => before.get(s.id) === canonicalJson(s)).map((s) => s.id),
    );
    const nextIds = new Set(next.steps.map((s) => s.id));
    const removed = previous.steps.filter((s) => !nextIds.has(s.id)).map((s) => s.id);
    if (removed.length) this.plans.deleteStepStates(planId, removed);
    const reset = next.steps.filter((s) => !kept.has(s.id)).map((s) => pendingState(planId, s.id, at));
    if (reset.length) this.plans.upsertStepStates(reset);
  }
}

function pendingState(planId: string, stepId: string, at: string): StepStateRow {
  return {
    planId,
    stepId,
    status: 'pending',
    attempts: 0,
    lastError: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
  };
}
