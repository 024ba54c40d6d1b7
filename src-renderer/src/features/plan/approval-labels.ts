import type { PlanApprovalState, StepApprovalState } from '../../../../src-preload/contract';

/** Approval states in words a reviewer reads at a glance. */
export const STEP_APPROVAL_LABELS: Record<StepApprovalState, string> = {
  auto: 'covered by plan',
  required: 'needs approval',
  approved: 'approved',
  rejected: 'rejected',
  changes_requested: 'changes requested',
};

export const PLAN_APPROVAL_LABELS: Record<PlanApprovalState, string> = {
  none: 'not reviewed',
  pending: 'awaiting review',
  approved: 'approved',
  rejected: 'rejected',
  changes_requested: 'changes requested',
};
