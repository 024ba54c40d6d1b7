import { describe, expect, it } from 'vitest';
import { compareFieldPaths, reportOf, sortFindings, stepField, type Finding } from './finding';

const finding = (field: string, severity: Finding['severity'] = 'error'): Finding => ({
  severity,
  code: 'x',
  field,
  message: `${field} is wrong`,
});

describe('field paths', () => {
  it('builds step field paths with the 0-based index', () => {
    expect(stepField(2, 'effects.create[0]')).toBe('steps[2].effects.create[0]');
  });

  it('compares numbers as numbers', () => {
    expect(compareFieldPaths('steps[2].path', 'steps[10].path')).toBeLessThan(0);
    expect(compareFieldPaths('steps[1].acceptance[10].command', 'steps[1].acceptance[9].command')).toBeGreaterThan(0);
    expect(compareFieldPaths('steps[1].command', 'steps[1].command')).toBe(0);
  });
});

describe('sortFindings', () => {
  it('puts plan-level findings first, then steps in order, then fields', () => {
    const fields = [
      'steps[10].path',
      'steps[2].path',
      'policy.checkpointEvery',
      'steps[2].content',
      'steps',
      'milestones[0].steps[1]',
    ];
    expect(sortFindings(fields.map((field) => finding(field))).map((f) => f.field)).toEqual([
      'milestones[0].steps[1]',
      'policy.checkpointEvery',
      'steps',
      'steps[2].content',
      'steps[2].path',
      'steps[10].path',
    ]);
  });

  it('keeps the order of findings about the same field', () => {
    const first = { ...finding('steps[0].path'), code: 'first' };
    const second = { ...finding('steps[0].path'), code: 'second' };
    expect(sortFindings([first, second]).map((f) => f.code)).toEqual(['first', 'second']);
  });
});

describe('reportOf', () => {
  it('is valid with warnings only and invalid with any error', () => {
    expect(reportOf([finding('a', 'warning')])).toMatchObject({ valid: true, errors: [], warnings: [{ field: 'a' }] });
    expect(reportOf([finding('a', 'warning'), finding('b')])).toMatchObject({ valid: false, errors: [{ field: 'b' }] });
  });
});
