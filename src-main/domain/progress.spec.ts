import { describe, expect, it } from 'vitest';
import type { GraphStep } from './graph';
import { computeProgress } from './progress';
import { STEP_STATUSES, type StepStatus } from './step-status';

const steps: GraphStep[] = [
  { id: 'setup', dependsOn: [] },
  { id: 'lint', dependsOn: ['setup'] },
  { id: 'test', dependsOn: ['setup'] },
  { id: 'docs', dependsOn: [] },
  { id: 'release', dependsOn: ['lint', 'test', 'docs'] },
];

const statuses =
  (map: Record<string, StepStatus>) =>
  (id: string): StepStatus =>
    map[id] ?? 'pending';

describe('computeProgress', () => {
  it('describes a fresh plan', () => {
    const progress = computeProgress(steps, statuses({}));
    expect(progress).toMatchObject({
      percentage: 0,
      total: 5,
      completed: 0,
      failed: 0,
      inProgress: 0,
      skipped: 0,
      ready: [
        { id: 'setup', number: 1 },
        { id: 'docs', number: 4 },
      ],
      blocked: [
        { id: 'lint', number: 2, waitingOn: ['setup'] },
        { id: 'test', number: 3, waitingOn: ['setup'] },
        { id: 'release', number: 5, waitingOn: ['lint', 'test', 'docs'] },
      ],
      next: { id: 'setup', number: 1 },
    });
    expect(progress.counts.pending).toBe(5);
  });

  it('has a count for every status, zero included', () => {
    const { counts } = computeProgress(steps, statuses({ setup: 'completed', lint: 'failed' }));
    expect(Object.keys(counts).sort()).toEqual([...STEP_STATUSES].sort());
    expect(counts).toEqual({
      pending: 3,
      ready: 0,
      in_progress: 0,
      completed: 1,
      failed: 1,
      skipped: 0,
      blocked: 0,
      rolled_back: 0,
    });
  });

  it('counts completed and skipped steps as done, rounding the percentage', () => {
    const progress = computeProgress(
      steps,
      statuses({ setup: 'completed', lint: 'skipped', test: 'in_progress', docs: 'failed' }),
    );
    expect(progress.percentage).toBe(40);
    expect(progress).toMatchObject({ completed: 1, skipped: 1, inProgress: 1, failed: 1 });
    expect(progress.ready).toEqual([]);
    expect(progress.next).toBeNull();
    expect(progress.blocked).toEqual([{ id: 'release', number: 5, waitingOn: ['test', 'docs'] }]);

    const thirds = computeProgress(steps.slice(0, 3), statuses({ setup: 'completed' }));
    expect(thirds.percentage).toBe(33);
    const twoThirds = computeProgress(steps.slice(0, 3), statuses({ setup: 'completed', lint: 'completed' }));
    expect(twoThirds.percentage).toBe(67);
  });

  it('offers a rolled-back step again and names the next one', () => {
    const progress = computeProgress(
      steps,
      statuses({ setup: 'completed', lint: 'rolled_back', test: 'completed', docs: 'completed' }),
    );
    expect(progress.ready).toEqual([{ id: 'lint', number: 2 }]);
    expect(progress.next).toEqual({ id: 'lint', number: 2 });
    expect(progress.blocked).toEqual([{ id: 'release', number: 5, waitingOn: ['lint'] }]);
  });

  it('reaches 100 when every step is done', () => {
    const done = computeProgress(
      steps,
      statuses({ setup: 'completed', lint: 'completed', test: 'skipped', docs: 'completed', release: 'completed' }),
    );
    expect(done.percentage).toBe(100);
    expect(done.next).toBeNull();
    expect(done.blocked).toEqual([]);
  });

  it('is 0% of nothing for an empty plan', () => {
    const progress = computeProgress([], statuses({}));
    expect(progress).toMatchObject({ percentage: 0, total: 0, ready: [], blocked: [], next: null });
    expect(Object.values(progress.counts).every((count) => count === 0)).toBe(true);
  });

  it('gives step numbers by plan position, not by order of readiness', () => {
    const backwards: GraphStep[] = [
      { id: 'last', dependsOn: ['first'] },
      { id: 'first', dependsOn: [] },
    ];
    const progress = computeProgress(backwards, statuses({ first: 'completed' }));
    expect(progress.next).toEqual({ id: 'last', number: 1 });
  });
});
