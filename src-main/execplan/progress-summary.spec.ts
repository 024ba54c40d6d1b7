import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { execPlanProgress } from './progress-summary';

describe('execPlanProgress', () => {
  it('counts done, partial and remaining items, a partial one as half', () => {
    const doc = parseExecPlan(
      [
        '## Progress',
        '',
        '- [x] (2026-01-17 10:00Z) One.',
        '- [x] (2026-01-17 11:00Z) Two.',
        '- [ ] Three (completed: schema; remaining: data).',
        '- [ ] Four.',
      ].join('\n'),
    );
    expect(execPlanProgress(doc)).toMatchObject({
      done: 2,
      partial: 1,
      remaining: 1,
      total: 4,
      percent: 63,
      next: { text: 'Three (completed: schema; remaining: data).', line: 5 },
    });
  });

  it('reports a finished plan as 100 percent with nothing next', () => {
    const progress = execPlanProgress(parseExecPlan('## Progress\n\n- [x] (2026-01-17) Done.\n'));
    expect(progress).toMatchObject({ done: 1, total: 1, percent: 100, next: null });
  });

  it('reports 0 percent for a plan without items', () => {
    expect(execPlanProgress(parseExecPlan('# Plan\n'))).toEqual({
      done: 0,
      partial: 0,
      remaining: 0,
      total: 0,
      percent: 0,
      next: null,
      items: [],
    });
  });
});
