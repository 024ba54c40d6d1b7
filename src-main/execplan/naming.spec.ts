import { describe, expect, it } from 'vitest';
import {
  execPlanFileName,
  isExecPlanId,
  isIsoDate,
  nextSequenceId,
  parseMilestoneFileName,
  parsePlanFileName,
  slugify,
} from './naming';

describe('slugify', () => {
  it.each([
    ['Auth Refresh', 'auth-refresh'],
    ['Refactor the auth-refresh flow!', 'refactor-the-auth-refresh-flow'],
    ['Café déjà vu', 'cafe-deja-vu'],
    ['  --Spaces   and__underscores--  ', 'spaces-and-underscores'],
    ['メモアプリのオフライン同期', 'plan'],
    ['', 'plan'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('cuts long titles at a word, never mid-word', () => {
    const slug = slugify('Partition the orders table by month and move retention to partition drops everywhere');
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toBe('partition-the-orders-table-by-month-and-move');
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(48));
  });
});

describe('nextSequenceId', () => {
  it('starts a day at 001', () => {
    expect(nextSequenceId([], '2026-01-17')).toBe('EP-20260117-001');
  });

  it('continues after the highest id of that day, ignoring other days and foreign ids', () => {
    const ids = ['EP-20260117-001', 'EP-20260117-007', 'EP-20260118-020', 'EP-20260117-abc', 'other'];
    expect(nextSequenceId(ids, '2026-01-17')).toBe('EP-20260117-008');
  });

  it('does not reuse a number freed by a deleted plan', () => {
    expect(nextSequenceId(['EP-20260117-001', 'EP-20260117-003'], '2026-01-17')).toBe('EP-20260117-004');
  });

  it('refuses a day whose numbers are used up, and a date that is not a day', () => {
    expect(() => nextSequenceId(['EP-20260117-999'], '2026-01-17')).toThrow(/999.*next day/);
    expect(() => nextSequenceId([], '2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => nextSequenceId([], '20260117')).toThrow(/YYYY-MM-DD/);
  });
});

describe('ids and dates', () => {
  it.each([
    ['EP-20260117-014', true],
    ['EP-20240229-001', true],
    ['EP-20250229-001', false],
    ['EP-20260117-000', false],
    ['EP-20260117-14', false],
    ['ep-20260117-014', false],
  ])('isExecPlanId(%s) is %s', (id, valid) => {
    expect(isExecPlanId(id)).toBe(valid);
  });

  it('accepts only calendar days as dates', () => {
    expect(isIsoDate('2026-12-31')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-1')).toBe(false);
  });
});

describe('file names', () => {
  it('names a plan file after its id and slug', () => {
    expect(execPlanFileName('EP-20260117-014', 'auth-refresh')).toBe('EP-20260117-014_auth-refresh.md');
  });

  it('reads plan file names, with or without a directory', () => {
    expect(parsePlanFileName('.agent/exec_plans/auth_refresh/EP-20260117-014_auth-refresh.md')).toEqual({
      planId: 'EP-20260117-014',
      slug: 'auth-refresh',
    });
    expect(parsePlanFileName('C:\\plans\\EP-20260117-014_auth_refresh.md')?.slug).toBe('auth_refresh');
    expect(parsePlanFileName('EP-20260117-014.md')).toBeNull();
    expect(parsePlanFileName('EP-20260117-014_MS001_auth-refresh.md')).toBeNull();
  });

  it('reads milestone file names', () => {
    expect(
      parseMilestoneFileName('.agent/exec_plans/auth/milestones/active/EP-20260117-014_MS001_auth-refresh.md'),
    ).toEqual({ planId: 'EP-20260117-014', milestone: 'MS001', slug: 'auth-refresh' });
    expect(parseMilestoneFileName('archive/2026/01/20/EP-20260117-014_MS012_auth-refresh.md')?.milestone).toBe('MS012');
  });

  it.each([
    'EP-20260117-014_auth-refresh.md',
    'EP-20260117-014_MS01_auth-refresh.md',
    'EP-20260117-014_MS000_auth-refresh.md',
    'EP-20260117-014_MS001_.md',
    'EP-20260117-014_MS001_auth-refresh.txt',
    'EP-20261317-014_MS001_auth-refresh.md',
  ])('rejects %s as a milestone file', (name) => {
    expect(parseMilestoneFileName(name)).toBeNull();
  });
});
