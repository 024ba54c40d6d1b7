import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';

const decisionsOf = (body: string) =>
  parseExecPlan(`# Plan\n\n## Decision Log\n\n${body}\n\n## Next\n\nNot a decision: x.\n`).decisions;
const surprisesOf = (body: string) => parseExecPlan(`# Plan\n\n## Surprises & Discoveries\n\n${body}\n`).surprises;

describe('Decision Log entries', () => {
  const expected = { decision: 'Use HS256.', rationale: 'Single server.', dateAuthor: '2025-01-20, @ana', line: 5 };

  it.each([
    [
      'a list item with a label per line',
      '- Decision: Use HS256.\n  Rationale: Single server.\n  Date/Author: 2025-01-20, @ana',
    ],
    ['all labels on one line', '- Decision: Use HS256. Rationale: Single server. Date/Author: 2025-01-20, @ana'],
    ['a paragraph', 'Decision: Use HS256.\nRationale: Single server.\nDate/Author: 2025-01-20, @ana'],
    ['bold labels', '- **Decision:** Use HS256.\n  **Rationale:** Single server.\n  **Date/Author:** 2025-01-20, @ana'],
    [
      'labels as sub-items',
      '- Decision: Use HS256.\n  - Rationale: Single server.\n  - Date / Author: 2025-01-20, @ana',
    ],
    ['one paragraph per label', 'Decision: Use HS256.\n\nRationale: Single server.\n\nDate/Author: 2025-01-20, @ana'],
  ])('are read from %s', (_shape, body) => {
    expect(decisionsOf(body)).toEqual([expected]);
  });

  it('carry a value over several lines', () => {
    expect(decisionsOf('- Decision: Use HS256\n  for every token.\n  Rationale: One server.')[0]).toMatchObject({
      decision: 'Use HS256 for every token.',
      rationale: 'One server.',
      dateAuthor: null,
    });
  });

  it('leave out missing parts as null and ignore prose around them', () => {
    expect(decisionsOf('Record every decision here.\n\n- Decision: Keep v1.\n\n- A note without labels.')).toEqual([
      { decision: 'Keep v1.', rationale: null, dateAuthor: null, line: 7 },
    ]);
  });

  it('do not take a lower-case "decision:" inside a sentence for a label', () => {
    expect(decisionsOf('- Decision: Keep v1. The decision: not a label. Rationale: Stable.')[0]).toMatchObject({
      decision: 'Keep v1. The decision: not a label.',
      rationale: 'Stable.',
    });
  });

  it('ignore labels inside code blocks and outside the section', () => {
    expect(
      decisionsOf('    Decision: in code\n\nDecision: Real. Rationale: Yes. Date/Author: 2026-01-01'),
    ).toHaveLength(1);
  });
});

describe('Surprises & Discoveries entries', () => {
  it('pair each observation with its evidence', () => {
    expect(surprisesOf('- Observation: verify() throws. Evidence: TokenExpiredError: jwt expired')).toEqual([
      { observation: 'verify() throws.', evidence: 'TokenExpiredError: jwt expired', line: 5 },
    ]);
  });

  it('take evidence from a code block right under its label', () => {
    expect(surprisesOf('- Observation: The build is slow.\n  Evidence:\n\n      real 4m12s\n')[0]!.evidence).toBe(
      'real 4m12s',
    );
  });

  it('keep an observation without evidence', () => {
    expect(surprisesOf('Observation: Flaky on CI.')).toEqual([
      { observation: 'Flaky on CI.', evidence: null, line: 5 },
    ]);
  });
});
