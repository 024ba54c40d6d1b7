import { IllegalTransitionError } from './errors';

export const PLAN_STATUSES = [
  'draft',
  'ready',
  'approved',
  'executing',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'archived',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * The plan lifecycle. Every status change goes through one of these functions; each names the
 * event, so a refusal can say what the person tried and what to do instead.
 */
const moves: Record<string, { from: readonly PlanStatus[]; to: PlanStatus; hint: string }> = {
  validate: { from: ['draft', 'ready'], to: 'ready', hint: 'only a draft is validated into ready' },
  invalidate: {
    from: ['draft', 'ready', 'approved', 'failed', 'completed', 'cancelled', 'paused'],
    to: 'draft',
    hint: 'a running plan cannot take a new version; pause or cancel it first',
  },
  approve: {
    from: ['ready', 'approved'],
    to: 'approved',
    hint: 'fix its validation errors first (planbox plan validate)',
  },
  unapprove: { from: ['approved', 'ready'], to: 'ready', hint: 'only an approved plan loses its approval' },
  start: {
    from: ['approved', 'paused', 'failed', 'cancelled'],
    to: 'executing',
    hint: 'approve the plan first (planbox plan approve)',
  },
  pause: { from: ['executing'], to: 'paused', hint: 'only a running plan can pause' },
  complete: { from: ['executing'], to: 'completed', hint: 'only a running plan completes' },
  fail: { from: ['executing'], to: 'failed', hint: 'only a running plan fails' },
  cancel: {
    from: ['ready', 'approved', 'executing', 'paused', 'failed'],
    to: 'cancelled',
    hint: 'a plan that has finished cannot be cancelled',
  },
  reopen: {
    from: ['completed', 'failed', 'cancelled'],
    to: 'approved',
    hint: 'only a finished plan is reopened (after a rollback or retry)',
  },
  archive: {
    from: ['draft', 'ready', 'approved', 'paused', 'completed', 'failed', 'cancelled'],
    to: 'archived',
    hint: 'cancel the running plan first',
  },
};

export type PlanEvent = keyof typeof moves;

export function transitionPlan(current: PlanStatus, event: PlanEvent): PlanStatus {
  const move = moves[event];
  if (!move) throw new Error(`unknown plan event '${event}'`);
  if (!move.from.includes(current)) throw new IllegalTransitionError('the plan', current, move.to, move.hint);
  return move.to;
}

export function canTransitionPlan(current: PlanStatus, event: PlanEvent): boolean {
  return moves[event]?.from.includes(current) ?? false;
}

/** Statuses in which the plan's content may change (a new version may be written). */
export function acceptsNewVersion(status: PlanStatus): boolean {
  return canTransitionPlan(status, 'invalidate');
}
