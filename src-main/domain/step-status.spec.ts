import { describe, expect, it } from 'vitest';
import { canTransitionStep, transitionStep } from './step-status';

describe('step state machine', () => {
  it('runs pending → ready → in_progress → completed and rolls back', () => {
    const ready = transitionStep('a', 'pending', 'unblock');
    const running = transitionStep('a', ready, 'start');
    const done = transitionStep('a', running, 'complete');
    expect([ready, running, done]).toEqual(['ready', 'in_progress', 'completed']);
    expect(transitionStep('a', done, 'rollBack')).toBe('rolled_back');
    expect(transitionStep('a', 'rolled_back', 'start')).toBe('in_progress');
  });

  it('retries a failed step and skips one that has not run', () => {
    expect(transitionStep('a', 'failed', 'start')).toBe('in_progress');
    expect(transitionStep('a', 'failed', 'skip')).toBe('skipped');
    expect(transitionStep('a', 'pending', 'skip')).toBe('skipped');
  });

  it('names the step and the move it refuses', () => {
    expect(() => transitionStep('build', 'pending', 'complete')).toThrow(
      "cannot move step 'build' from 'pending' to 'completed'",
    );
    expect(() => transitionStep('build', 'completed', 'skip')).toThrow(/cannot be skipped/);
    expect(() => transitionStep('build', 'in_progress', 'reset')).toThrow(/running step cannot be reset/);
    expect(canTransitionStep('pending', 'start')).toBe(false);
  });
});
