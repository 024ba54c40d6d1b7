import type { PlanView } from '../../src-preload/contract';
import type { ApprovalRepository, ApprovalRow, PlanRepository, Store } from '../store';
import { transitionPlan, type PlanStatus } from '../domain/plan-status';
import { InvalidInputError } from '../domain/errors';
import { redactSecrets, type ActorContext, type AuditLog } from '../audit';
import { newId } from './ids';
import type { PlanResolver } from './plan-resolver';
import type { PlanState, PlanStateLoader } from './plan-state';
import type { ApprovalStatus } from './approval-policy';

export type Decision = Exclude<ApprovalStatus, 'pending'>;

const EVENT_NAMES: Record<Decision, string> = {
  approved: 'approved',
  rejected: 'rejected',
  changes_requested: 'changes_requested',
};

const DECIDING: Record<Decision, string> = {
  approved: 'approved',
  rejected: 'rejected',
  changes_requested: 'sent back with a change request',
};

/**
 * A person's decisions on a plan version: approve, reject or request changes, for the whole plan
 * or for chosen steps. Decisions are durable rows tied to the version they were made on; a new
 * version needs new decisions.
 */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly plans: PlanRepository,
    private readonly approvals: ApprovalRepository,
    private readonly resolver: PlanResolver,
    private readonly loader: PlanStateLoader,
    private readonly validate: (state: PlanState) => { valid: boolean; errors: { message: string }[] },
    private readonly audit: AuditLog,
    private readonly now: () => string,
    private readonly view: (planId: string) => PlanView,
  ) {}

  decide(
    input: { plan?: string | undefined; steps?: string[] | undefined; comment?: string | undefined },
    decision: Decision,
    context: ActorContext,
  ): PlanView {
    const row = this.resolver.resolve(input.plan);
    // A comment is shown wherever the plan is; a token pasted into it must not be.
    input = { ...input, ...(input.comment !== undefined ? { comment: redactSecrets(input.comment) } : {}) };
    this.store.transaction(() => {
      // Read inside the write lock: another process may have changed the plan a moment ago.
      const fresh = this.plans.findById(row.id)!;
      const state = this.loader.load(fresh);
      this.decideWithin(state, input.steps, decision, input.comment ?? null, context);
    });
    return this.view(row.id);
  }

  /**
   * The same decision, inside the caller's transaction on a state it has just loaded (an agent's
   * self-approval is made this way, in the transaction that stores its request). `extra` is added
   * to the audit events' payload.
   */
  decideWithin(
    state: PlanState,
    stepIds: string[] | undefined,
    decision: Decision,
    comment: string | null,
    context: ActorContext,
    extra: Record<string, unknown> = {},
  ): void {
    if (stepIds) this.decideSteps(state, stepIds, decision, comment, context, extra);
    else this.decidePlan(state, decision, comment, context, extra);
  }

  private decidePlan(
    state: PlanState,
    decision: Decision,
    comment: string | null,
    context: ActorContext,
    extra: Record<string, unknown>,
  ): void {
    const { row } = state;
    let status = row.status as PlanStatus;
    if (!['draft', 'ready', 'approved'].includes(status)) {
      throw new InvalidInputError(
        `plan '${row.name}' is ${status}; only a draft, ready or approved plan can be ${DECIDING[decision]}`,
      );
    }
    if (decision === 'approved') {
      const report = this.validate(state);
      if (!report.valid) {
        const first = report.errors[0]!;
        throw new InvalidInputError(
          `plan '${row.name}' cannot be approved: it has ${report.errors.length} validation error(s), the first: ${first.message}`,
        );
      }
      status = transitionPlan(status === 'draft' ? transitionPlan(status, 'validate') : status, 'approve');
    } else if (status === 'approved') {
      status = transitionPlan(status, 'unapprove');
    } else if (!['draft', 'ready'].includes(status)) {
      throw new InvalidInputError(
        `plan '${row.name}' is ${status}; only a draft, ready or approved plan can be ${EVENT_NAMES[decision].replace('_', ' ')}`,
      );
    }
    this.record(state, 'plan', [], decision, comment, context);
    if (status !== row.status) this.plans.update(row.id, { status, updatedAt: this.now() });
    this.audit.append(context, {
      type: `plan.${EVENT_NAMES[decision]}`,
      planId: row.id,
      payload: { version: row.version, comment, status, riskLevel: state.risk.level, ...extra },
    });
  }

  private decideSteps(
    state: PlanState,
    stepIds: string[],
    decision: Decision,
    comment: string | null,
    context: ActorContext,
    extra: Record<string, unknown>,
  ): void {
    const known = new Set(state.definition.steps.map((s) => s.id));
    const unknown = stepIds.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new InvalidInputError(
        `plan '${state.row.name}' has no step ${unknown.map((id) => `'${id}'`).join(', ')}; see its steps with: planbox plan show ${state.row.name}`,
      );
    }
    const unique = [...new Set(stepIds)];
    this.record(state, 'steps', unique, decision, comment, context);
    this.plans.update(state.row.id, { updatedAt: this.now() });
    for (const stepId of unique) {
      this.audit.append(context, {
        type: `step.${EVENT_NAMES[decision]}`,
        planId: state.row.id,
        stepId,
        payload: {
          version: state.row.version,
          comment,
          riskLevel: state.risk.steps[stepId]?.level ?? 'LOW',
          ...extra,
        },
      });
    }
  }

  /** Answers the pending requests this decision covers, or records the decision on its own. */
  private record(
    state: PlanState,
    scope: 'plan' | 'steps',
    stepIds: string[],
    decision: Decision,
    comment: string | null,
    context: ActorContext,
  ): void {
    const at = this.now();
    const by = context.actorName ? `${context.actor}:${context.actorName}` : context.actor;
    const response = { status: decision, respondedBy: by, respondedSurface: context.surface, respondedAt: at, comment };
    const covered = state.approvals.filter(
      (a) =>
        a.status === 'pending' &&
        a.scope === scope &&
        (scope === 'plan' || (JSON.parse(a.stepIds) as string[]).every((id) => stepIds.includes(id))),
    );
    for (const request of covered) this.approvals.update(request.id, response);
    const answered = new Set(covered.flatMap((a) => JSON.parse(a.stepIds) as string[]));
    if (covered.length && (scope === 'plan' || stepIds.every((id) => answered.has(id)))) return;
    const row: ApprovalRow = {
      id: newId('apr'),
      planId: state.row.id,
      planVersion: state.row.version,
      scope,
      stepIds: JSON.stringify(stepIds),
      requestedBy: by,
      requestedSurface: context.surface,
      requestedAt: at,
      requestNote: null,
      ...response,
    };
    this.approvals.insert(row);
  }
}
