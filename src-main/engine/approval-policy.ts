import type { PlanPolicy } from '../domain/plan-schema';
import { isRiskAtMost, type RiskLevel } from '../domain/risk-level';

/**
 * Who has said yes to what. Pure functions over the approval records of one plan version:
 * the latest response wins, a plan approval covers the steps at or below the policy's
 * autoApprove level, and every step above it needs an approval of its own.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'changes_requested';
export type StepApprovalState = 'auto' | 'required' | 'approved' | 'rejected' | 'changes_requested';
export type PlanApprovalState = 'none' | ApprovalStatus;

export interface ApprovalRecord {
  scope: 'plan' | 'steps';
  stepIds: readonly string[];
  status: ApprovalStatus;
  respondedBy: string | null;
  respondedAt: string | null;
  comment: string | null;
}

/** Records in the order they were made, oldest first. */
export function planApproval(records: readonly ApprovalRecord[]): {
  state: PlanApprovalState;
  by: string | null;
  at: string | null;
  comment: string | null;
} {
  const last = records.filter((r) => r.scope === 'plan').at(-1);
  if (!last) return { state: 'none', by: null, at: null, comment: null };
  return { state: last.status, by: last.respondedBy, at: last.respondedAt, comment: last.comment };
}

export function stepApproval(
  stepId: string,
  risk: RiskLevel,
  policy: Pick<PlanPolicy, 'autoApprove'>,
  records: readonly ApprovalRecord[],
): StepApprovalState {
  const own = records.filter((r) => r.scope === 'steps' && r.status !== 'pending' && r.stepIds.includes(stepId)).at(-1);
  if (own) return own.status as StepApprovalState;
  return isRiskAtMost(risk, policy.autoApprove) ? 'auto' : 'required';
}

/** Why a step may not run yet, or null when it may (given that the plan itself is approved). */
export function missingStepApproval(
  stepId: string,
  state: StepApprovalState,
  risk: RiskLevel,
  policy: Pick<PlanPolicy, 'autoApprove'>,
): string | null {
  switch (state) {
    case 'auto':
    case 'approved':
      return null;
    case 'required':
      return `step '${stepId}' is ${risk} risk, above the plan's autoApprove level ${policy.autoApprove}; approve it with: planbox plan approve --steps ${stepId}`;
    case 'rejected':
      return `step '${stepId}' was rejected; approve it, or change the plan (a new version) before running it`;
    case 'changes_requested':
      return `changes were requested for step '${stepId}'; import a revised plan or approve the step as it is`;
  }
}
