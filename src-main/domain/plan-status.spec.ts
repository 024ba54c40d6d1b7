import { describe, expect, it } from 'vitest';
import { acceptsNewVersion, canTransitionPlan, transitionPlan } from './plan-status';
import { IllegalTransitionError } from './errors';

describe('plan state machine', () => {
  it('walks the happy path draft → ready → approved → executing → completed', () => {
    let status = transitionPlan('draft', 'validate');
    expect(status).toBe('ready');
    status = transitionPlan(status, 'approve');
    expect(status).toBe('approved');
    status = transitionPlan(status, 'start');
    expect(status).toBe('executing');
    expect(transitionPlan(transitionPlan(status, 'pause'), 'start')).toBe('executing');
    expect(transitionPlan(status, 'complete')).toBe('completed');
  });

  it('refuses illegal moves with a clear message', () => {
    expect(() => transitionPlan('draft', 'approve')).toThrow(IllegalTransitionError);
    expect(() => transitionPlan('draft', 'approve')).toThrow(
      "cannot move the plan from 'draft' to 'approved': fix its validation errors first",
    );
    expect(() => transitionPlan('ready', 'start')).toThrow(/approve the plan first/);
    expect(() => transitionPlan('completed', 'pause')).toThrow(IllegalTransitionError);
    expect(() => transitionPlan('executing', 'archive')).toThrow(/cancel the running plan first/);
    expect(() => transitionPlan('archived', 'validate')).toThrow(IllegalTransitionError);
  });

  it('takes new versions only when the plan is not running', () => {
    expect(acceptsNewVersion('approved')).toBe(true);
    expect(acceptsNewVersion('executing')).toBe(false);
    expect(acceptsNewVersion('archived')).toBe(false);
    expect(transitionPlan('approved', 'invalidate')).toBe('draft');
  });

  it('lets a failed plan run again and anything but a running plan be archived', () => {
    expect(transitionPlan('failed', 'start')).toBe('executing');
    expect(canTransitionPlan('cancelled', 'archive')).toBe(true);
    expect(canTransitionPlan('executing', 'archive')).toBe(false);
  });
});
