import type {
  ApprovalRequestResult,
  ApprovalRequestView,
  ApprovalStatusView,
  MethodParsedInput,
} from '../../src-preload/contract';
import type { ApprovalRow } from '../store';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import { isRiskAtMost, maxRisk } from '../domain/risk-level';
import { redactSecrets, type ActorContext } from '../audit';
import { newId } from './ids';
import { planApproval, stepApproval, type ApprovalStatus } from './approval-policy';
import { toApprovalRecord, type PlanState } from './plan-state';
import { agentSetting, AGENT_SETTINGS, type EngineDeps } from './engine-deps';
import type { ApprovalService } from './approval-service';

type Scope = 'plan' | 'steps';

/**
 * Asking a person for approval, and finding out what they decided. A request is a pending
 * approval record on the plan's current version; the person's decision (in the app or the CLI)
 * answers it. Agents never approve, except their own LOW-risk requests when the
 * mcp.selfApproveMaxRisk setting allows it, and then the approval is recorded as theirs.
 */
export class ApprovalRequests {
  constructor(
    private readonly deps: EngineDeps,
    private readonly approvals: ApprovalService,
    private readonly validate: (state: PlanState) => { valid: boolean; errors: { message: string }[] },
  ) {}

  request(input: MethodParsedInput<'planRequestApproval'>, context: ActorContext): ApprovalRequestResult {
    const row = this.deps.resolver.resolve(input.plan);
    const note = input.note === undefined ? null : redactSecrets(input.note);
    const scope: Scope = input.steps ? 'steps' : 'plan';
    const stepIds = [...new Set(input.steps ?? [])];
    const result = this.deps.store.transaction(() => {
      // Read inside the write lock: a person may have decided a moment ago in another process.
      const state = this.deps.loader.load(this.deps.plans.findById(row.id)!);
      this.checkRequestable(state, scope, stepIds);
      const waiting = state.approvals.find(
        (a) => a.status === 'pending' && a.scope === scope && sameIds(JSON.parse(a.stepIds) as string[], stepIds),
      );
      if (waiting) {
        const request = toRequestView(waiting, state.row.version);
        return { request, created: false, selfApproval: null, message: describeRequest(request, state.row.name) };
      }
      const by = context.actorName ? `${context.actor}:${context.actorName}` : context.actor;
      const pending: ApprovalRow = {
        id: newId('apr'),
        planId: row.id,
        planVersion: state.row.version,
        scope,
        stepIds: JSON.stringify(stepIds),
        status: 'pending',
        requestedBy: by,
        requestedSurface: context.surface,
        requestedAt: this.deps.now(),
        requestNote: note,
        respondedBy: null,
        respondedSurface: null,
        respondedAt: null,
        comment: null,
      };
      this.deps.approvals.insert(pending);
      this.deps.audit.append(context, {
        type: 'approval.requested',
        planId: row.id,
        payload: {
          requestId: pending.id,
          version: state.row.version,
          scope,
          stepIds,
          note,
          riskLevel: scope === 'plan' ? state.risk.level : maxRisk(stepIds.map((id) => state.risk.steps[id]!.level)),
        },
      });
      const selfApproval = context.actor === 'agent' ? this.selfApproval(state, scope, stepIds) : null;
      if (selfApproval?.granted) {
        const after = this.deps.loader.load(this.deps.plans.findById(row.id)!);
        this.approvals.decideWithin(
          after,
          scope === 'steps' ? stepIds : undefined,
          'approved',
          `self-approved by the agent: ${selfApproval.reason}`,
          context,
          { selfApproved: true, requestId: pending.id },
        );
      }
      const request = toRequestView(this.deps.approvals.findById(pending.id)!, state.row.version);
      return { request, created: true, selfApproval, message: describeRequest(request, state.row.name) };
    });
    if (result.created) this.deps.events.emit('plan.changed', { planId: row.id, reason: 'approval.requested' });
    return result;
  }

  status(input: MethodParsedInput<'planApprovalStatus'>): ApprovalStatusView {
    if (!input.request && !input.plan)
      throw new InvalidInputError('name an approval request (request) or a plan (plan)');
    const asked = input.request ? this.deps.approvals.findById(input.request) : undefined;
    if (input.request && !asked)
      throw new NotFoundError(`request: there is no approval request '${input.request}'; ask for one first`);
    const row = input.plan ? this.deps.resolver.resolve(input.plan) : this.deps.plans.findById(asked!.planId)!;
    if (asked && asked.planId !== row.id)
      throw new InvalidInputError(`request: approval request '${asked.id}' is not for plan '${row.name}'`);
    const state = this.deps.loader.load(row);
    const records = state.approvals.map(toApprovalRecord);
    const plan = planApproval(records);
    const steps = state.definition.steps.map((step, index) => {
      const risk = state.risk.steps[step.id]?.level ?? 'LOW';
      return {
        id: step.id,
        number: index + 1,
        title: step.title,
        status: state.status(step.id),
        risk,
        approval: stepApproval(step.id, risk, state.definition.policy, records),
      };
    });
    const request = asked ? toRequestView(asked, row.version) : null;
    const waitingSteps = steps.filter((s) => s.approval !== 'auto' && s.approval !== 'approved');
    const message = request
      ? describeRequest(request, row.name)
      : plan.state === 'approved'
        ? `plan '${row.name}' version ${row.version} is approved by ${plan.by}${waitingSteps.length ? `; steps still needing their own approval: ${waitingSteps.map((s) => `${s.id} (${s.risk}, ${s.approval})`).join(', ')}` : ''}`
        : plan.state === 'pending'
          ? `plan '${row.name}' version ${row.version} is waiting for a person to approve it`
          : plan.state === 'none'
            ? `plan '${row.name}' version ${row.version} is not approved, and no approval has been asked for`
            : `plan '${row.name}' version ${row.version} was ${decisionWords(plan.state)} by ${plan.by}${plan.comment ? `: ${plan.comment}` : ''}`;
    return {
      plan: {
        id: row.id,
        name: row.name,
        version: row.version,
        status: row.status as ApprovalStatusView['plan']['status'],
        risk: state.risk.level,
        approval: plan,
      },
      steps,
      request,
      approvals: state.approvals.map((a) => toRequestView(a, row.version)),
      approved: plan.state === 'approved',
      message,
    };
  }

  private checkRequestable(state: PlanState, scope: Scope, stepIds: string[]): void {
    const { row } = state;
    if (scope === 'steps') {
      const known = new Set(state.definition.steps.map((s) => s.id));
      const unknown = stepIds.filter((id) => !known.has(id));
      if (unknown.length)
        throw new InvalidInputError(
          `steps: plan '${row.name}' has no step ${unknown.map((id) => `'${id}'`).join(', ')}`,
        );
      const records = state.approvals.map(toApprovalRecord);
      const approved = stepIds.filter((id) => {
        const risk = state.risk.steps[id]?.level ?? 'LOW';
        return stepApproval(id, risk, state.definition.policy, records) === 'approved';
      });
      if (approved.length === stepIds.length)
        throw new InvalidInputError(`steps ${stepIds.join(', ')} of '${row.name}' are already approved`);
      return;
    }
    if (!['draft', 'ready', 'approved'].includes(row.status)) {
      throw new InvalidInputError(
        `plan '${row.name}' is ${row.status}; only a draft, ready or approved plan is approved as a whole (single steps can still be asked about)`,
      );
    }
    const decided = planApproval(state.approvals.map(toApprovalRecord));
    if (decided.state === 'approved')
      throw new InvalidInputError(`plan '${row.name}' version ${row.version} is already approved (by ${decided.by})`);
    const report = this.validate(state);
    if (!report.valid) {
      throw new InvalidInputError(
        `plan '${row.name}' cannot be approved: it has ${report.errors.length} validation error(s), the first: ${report.errors[0]!.message}; write a corrected version first`,
      );
    }
  }

  /** Whether an agent's request may be approved at once: only when the setting allows it, and never over a person's no. */
  private selfApproval(state: PlanState, scope: Scope, stepIds: string[]): { granted: boolean; reason: string } {
    const { key } = AGENT_SETTINGS.selfApproveMaxRisk;
    const level = agentSetting(this.deps, 'selfApproveMaxRisk');
    if (level === 'off') return { granted: false, reason: `agents may not approve their own requests (${key} is off)` };
    const covered = scope === 'plan' ? state.definition.steps.map((s) => s.id) : stepIds;
    const above = covered.filter((id) => !isRiskAtMost(state.risk.steps[id]?.level ?? 'LOW', level));
    if (above.length) {
      const list = above.map((id) => `${id} (${state.risk.steps[id]!.level})`).join(', ');
      return { granted: false, reason: `${key} allows ${level} risk only, and these steps are above it: ${list}` };
    }
    const records = state.approvals.map(toApprovalRecord);
    const refusedByPerson =
      scope === 'plan'
        ? ['rejected', 'changes_requested'].includes(planApproval(records).state)
        : stepIds.some((id) =>
            ['rejected', 'changes_requested'].includes(
              stepApproval(id, state.risk.steps[id]?.level ?? 'LOW', state.definition.policy, records),
            ),
          );
    if (refusedByPerson)
      return { granted: false, reason: 'a person has rejected or sent back this version; they decide again' };
    return { granted: true, reason: `every step it covers is ${level} risk, which ${key} allows` };
  }
}

function toRequestView(row: ApprovalRow, currentVersion: number): ApprovalRequestView {
  return {
    id: row.id,
    planId: row.planId,
    scope: row.scope as ApprovalRequestView['scope'],
    stepIds: JSON.parse(row.stepIds) as string[],
    status: row.status as ApprovalStatus,
    planVersion: row.planVersion,
    requestedBy: row.requestedBy,
    requestedSurface: row.requestedSurface,
    requestedAt: row.requestedAt,
    note: row.requestNote,
    respondedBy: row.respondedBy,
    respondedAt: row.respondedAt,
    comment: row.comment,
    current: row.planVersion === currentVersion,
    selfApproved: row.status === 'approved' && (row.respondedBy ?? '').split(':')[0] === 'agent',
  };
}

/** One line saying where a request stands and what happens next. */
function describeRequest(request: ApprovalRequestView, planName: string): string {
  const what = request.scope === 'plan' ? `plan '${planName}'` : `steps ${request.stepIds.join(', ')} of '${planName}'`;
  if (request.status === 'pending') {
    if (!request.current)
      return `request ${request.id} was for version ${request.planVersion}, and the plan has changed since; ask again for the current version`;
    const steps = request.scope === 'steps' ? ` --steps ${request.stepIds.join(',')}` : '';
    return `request ${request.id}: ${what} is waiting for a person to decide (in the Planbox app, or: planbox plan approve ${planName}${steps})`;
  }
  const by = request.selfApproved ? `the agent itself (${request.respondedBy})` : request.respondedBy;
  const comment = request.comment ? `: ${request.comment}` : '';
  const stale = request.current ? '' : ` (for version ${request.planVersion}, since replaced)`;
  return `request ${request.id}: ${what} was ${decisionWords(request.status)} by ${by}${comment}${stale}`;
}

function decisionWords(status: string): string {
  return status === 'changes_requested' ? 'sent back with a change request' : status;
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
