import { IllegalTransitionError } from './errors';

export const STEP_STATUSES = [
  'pending',
  'ready',
  'in_progress',
  'completed',
  'failed',
  'skipped',
  'blocked',
  'rolled_back',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Statuses that let the steps depending on this one go ahead. */
export const SATISFIED_STEP_STATUSES: readonly StepStatus[] = ['completed', 'skipped'];

const moves: Record<string, { from: readonly StepStatus[]; to: StepStatus; hint: string }> = {
  unblock: { from: ['pending', 'blocked'], to: 'ready', hint: 'its dependencies must be done first' },
  wait: { from: ['ready', 'blocked', 'pending'], to: 'pending', hint: 'only a step that has not started waits' },
  start: {
    from: ['ready', 'failed', 'rolled_back'],
    to: 'in_progress',
    hint: 'it must be ready (its dependencies done) or failed (a retry)',
  },
  complete: { from: ['in_progress'], to: 'completed', hint: 'only a running step completes' },
  fail: { from: ['in_progress'], to: 'failed', hint: 'only a running step fails' },
  interrupt: { from: ['in_progress'], to: 'failed', hint: 'only a running step is interrupted' },
  skip: {
    from: ['pending', 'ready', 'failed', 'blocked', 'rolled_back'],
    to: 'skipped',
    hint: 'a running or completed step cannot be skipped',
  },
  block: { from: ['pending', 'ready'], to: 'blocked', hint: 'only a step that has not started is blocked' },
  rollBack: { from: ['completed', 'skipped'], to: 'rolled_back', hint: 'only a finished step is rolled back' },
  reset: {
    from: ['pending', 'ready', 'completed', 'failed', 'skipped', 'blocked', 'rolled_back'],
    to: 'pending',
    hint: 'a running step cannot be reset',
  },
};

export type StepEvent = keyof typeof moves;

export function transitionStep(stepId: string, current: StepStatus, event: StepEvent): StepStatus {
  const move = moves[event];
  if (!move) throw new Error(`unknown step event '${event}'`);
  if (!move.from.includes(current)) throw new IllegalTransitionError(`step '${stepId}'`, current, move.to, move.hint);
  return move.to;
}

export function canTransitionStep(current: StepStatus, event: StepEvent): boolean {
  return moves[event]?.from.includes(current) ?? false;
}
