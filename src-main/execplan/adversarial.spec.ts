import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { validateExecPlan } from './validate-execplan';

/**
 * Long lines built to make a careless regular expression or scan backtrack quadratically. Each
 * one is read and validated; with a quadratic step any of them would take minutes, so the suite's
 * timeout, not a timed assertion, catches a regression.
 */
const LENGTH = 200_000;
const repeat = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length));

const CASES: [string, string][] = [
  ['a Progress item with many "completed:"', `## Progress\n\n- [ ] ${repeat('completed: a; ')}\n`],
  ['a front matter key followed by spaces', `---\nid: x\na${' '.repeat(LENGTH)}\n---\n`],
  ['a long heading line in a fence', `\`\`\`md\n# ${repeat('#')}x\n\`\`\`\n`],
  ['unclosed parentheses in a heading', `## ${repeat('(a ')}\n`],
  [
    'backtick runs of growing length',
    `${Array.from({ length: 600 }, (_, index) => '`'.repeat(index + 1)).join(' x ')}\n`,
  ],
  ['angle brackets without an end', `${repeat('<a ')}\n`],
  ['labels without values', `## Decision Log\n\n${repeat('Decision: Rationale: ')}\n`],
  ['vague words without a sentence end', `## Plan of Work\n\n${repeat('configure ')}appropriately\n`],
  ['document references that never end', `## Plan of Work\n\n${repeat('see the ')}doc\n`],
  ['timestamps that never close', `## Progress\n\n- [x] ${repeat('(2026-01-17 ')}\n`],
  ['a thousand headings', repeat('## Progress\n\n- [x] done\n\n')],
  ['front-matter-like blocks', repeat('---\nid: x\ntitle: y\n')],
  ['a heading with a run of hashes before its end', `# ${'#'.repeat(LENGTH)}x\n`],
  ['a heading with a run of blanks inside', `## a${' '.repeat(LENGTH)}b \n`],
  ['a front matter value with a run of spaces inside', `---\nid: a${' '.repeat(LENGTH)}b\n---\n`],
  ['table heads without delimiter rows', repeat('a | b\n')],
  ['a row of markers and digits', `${repeat('- 1 ')}\n`],
  [
    'list items nested by indentation',
    Array.from({ length: 2000 }, (_, depth) => `${' '.repeat(depth % 100)}- x`).join('\n'),
  ],
];

describe('adversarial input', () => {
  it.each(CASES)('%s is read and validated', (_name, text) => {
    const findings = validateExecPlan(parseExecPlan(text));
    expect(Array.isArray(findings)).toBe(true);
  });
});
