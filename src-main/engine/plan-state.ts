import type { ApprovalRepository, ApprovalRow, PlanRepository, PlanRow, StepStateRow } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { StepStatus } from '../domain/step-status';
import { assessPlan, type PlanRisk } from '../domain/risk';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import { missingStepApproval, stepApproval, type ApprovalRecord } from './approval-policy';

/** Everything known about a plan at its current version, loaded in one go. */
export interface PlanState {
  row: PlanRow;
  definition: PlanDefinition;
  risk: PlanRisk;
  states: Map<string, StepStateRow>;
  /** Approval records of the current version, oldest first. */
  approvals: ApprovalRow[];
  status: (stepId: string) => StepStatus;
}

export function toApprovalRecord(row: ApprovalRow): ApprovalRecord {
  return {
    scope: row.scope as ApprovalRecord['scope'],
    stepIds: JSON.parse(row.stepIds) as string[],
    status: row.status as ApprovalRecord['status'],
    respondedBy: row.respondedBy,
    respondedAt: row.respondedAt,
    comment: row.comment,
  };
}

/** Refuses, saying which approval is missing, unless the step may run (or be reported done). */
export function assertStepApproved(state: PlanState, stepId: string): void {
  const risk = state.risk.steps[stepId]!;
  const records = state.approvals.map(toApprovalRecord);
  const policy = state.definition.policy;
  const missing = missingStepApproval(stepId, stepApproval(stepId, risk.level, policy, records), risk.level, policy);
  if (missing) throw new InvalidInputError(missing);
}

export class PlanStateLoader {
  constructor(
    private readonly plans: PlanRepository,
    private readonly approvals: ApprovalRepository,
  ) {}

  load(row: PlanRow): PlanState {
    const version = this.plans.getVersion(row.id, row.version);
    if (!version)
      throw new NotFoundError(
        `plan '${row.name}' has no version ${row.version}; the database may be damaged (run planbox audit verify)`,
      );
    return this.fromDocument(row, JSON.parse(version.document) as PlanDefinition);
  }

  fromDocument(row: PlanRow, definition: PlanDefinition): PlanState {
    const states = new Map(this.plans.stepStates(row.id).map((s) => [s.stepId, s]));
    return {
      row,
      definition,
      risk: assessPlan(definition),
      states,
      approvals: this.approvals.listForPlan(row.id, row.version),
      status: (stepId) => (states.get(stepId)?.status as StepStatus | undefined) ?? 'pending',
    };
  }
}
