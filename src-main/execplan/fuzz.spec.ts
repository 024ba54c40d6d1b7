import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitLines } from './lines';
import { parseExecPlan } from './parse-execplan';
import { EXECPLAN_RULES, type ExecPlanRuleId } from './rules';
import { renderSkeleton } from './skeleton';
import { MINIMAL_PLAN } from './testdata/minimal-plan';
import type { ExecPlanDocument } from './types';
import { validateExecPlan } from './validate-execplan';
import { seededRandom } from '../testing/seeded-random';

/**
 * Mutates valid plans 1,000 times the way files get damaged (cut off, bytes garbled, fences or
 * front matter lost or doubled, lines swapped) and checks that reading and validating never throw
 * and always give a well-formed result. The generator is seeded, so a failure repeats exactly.
 */

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');
const SOURCES = [
  MINIMAL_PLAN,
  renderSkeleton({ id: 'EP-20260117-001', title: 'Fuzz', slug: 'fuzz', owner: '@fuzz', date: '2026-01-17' }),
  ...readdirSync(PLANS_DIR).map((file) => readFileSync(join(PLANS_DIR, file), 'utf8')),
];
const ITERATIONS = 1000;

type Mutation = (text: string, next: () => number) => string;
const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;
const SPECIAL = [
  '`',
  '```',
  '~~~',
  '---',
  '\n',
  '\r\n',
  '\r',
  '#',
  '> ',
  '- [x] ',
  '<',
  '>',
  '*',
  '_',
  '[',
  ']',
  '\0',
  '\uFEFF',
  '\uD800',
  ':',
  '|',
];

function editLines(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split('\n');
  edit(lines);
  return lines.join('\n');
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, next) => text.slice(0, Math.floor(next() * text.length)),
  randomBytes: (text, next) => {
    let result = text;
    for (let count = 1 + Math.floor(next() * 8); count > 0; count--) {
      const at = Math.floor(next() * (result.length + 1));
      const insert = next() < 0.5 ? pick(SPECIAL, next) : String.fromCharCode(Math.floor(next() * 0x10000));
      result = result.slice(0, at) + insert + result.slice(at + Math.floor(next() * 3));
    }
    return result;
  },
  deleteFence: (text, next) =>
    editLines(text, (lines) => {
      const fences = lines.flatMap((line, index) => (/^\s*(?:```|~~~|---\s*$)/.test(line) ? [index] : []));
      if (fences.length > 0) lines.splice(pick(fences, next), 1);
    }),
  duplicateFrontMatter: (text, next) => {
    const end = text.indexOf('\n---', 4);
    if (!text.startsWith('---') || end === -1) return `---\nid: EP-20260117-001\ntitle: x\n---\n${text}`;
    const block = text.slice(0, end + 4);
    return editLines(text, (lines) => lines.splice(Math.floor(next() * lines.length), 0, block));
  },
  swapLines: (text, next) =>
    editLines(text, (lines) => {
      const a = Math.floor(next() * lines.length);
      const b = Math.floor(next() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    }),
  deleteLines: (text, next) =>
    editLines(text, (lines) => {
      lines.splice(Math.floor(next() * lines.length), 1 + Math.floor(next() * 10));
    }),
  duplicateLines: (text, next) =>
    editLines(text, (lines) => {
      const from = Math.floor(next() * lines.length);
      lines.splice(from, 0, ...lines.slice(from, from + 1 + Math.floor(next() * 10)));
    }),
  mixLineEndings: (text, next) => {
    const at = Math.floor(next() * text.length);
    return text.slice(0, at) + text.slice(at).replace(/\r?\n/g, next() < 0.5 ? '\r\n' : '\r');
  },
  indentLines: (text, next) =>
    editLines(text, (lines) => {
      const from = Math.floor(next() * lines.length);
      for (let index = from; index < Math.min(lines.length, from + 5); index++) lines[index] = `    ${lines[index]}`;
    }),
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function checkDocument(doc: ExecPlanDocument, lineCount: number): void {
  for (const section of doc.sections) {
    expect(section.line).toBeGreaterThanOrEqual(1);
    expect(section.endLine).toBeGreaterThanOrEqual(section.line);
    expect(section.endLine).toBeLessThanOrEqual(lineCount);
    expect(doc.text.includes(section.markdown)).toBe(true);
  }
  for (const item of [...doc.progress, ...doc.strayChecklists, ...doc.decisions, ...doc.surprises, ...doc.codeBlocks]) {
    expect(item.line).toBeGreaterThanOrEqual(1);
    expect(item.line).toBeLessThanOrEqual(lineCount);
  }
}

describe('fuzzing', () => {
  it(`reads and validates ${ITERATIONS} damaged plans without throwing`, () => {
    const next = seededRandom(20260117);
    const rulesSeen = new Set<string>();
    let clean = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      let text = pick(SOURCES, next);
      const applied: string[] = [];
      for (let count = 1 + Math.floor(next() * 3); count > 0; count--) {
        const name = pick(MUTATION_NAMES, next);
        applied.push(name);
        text = MUTATIONS[name]!(text, next);
      }
      const context = `iteration ${iteration} (${applied.join(', ')})`;
      let doc: ExecPlanDocument;
      let findings;
      try {
        doc = parseExecPlan(text);
        findings = validateExecPlan(doc);
      } catch (error) {
        throw new Error(`${context} threw: ${String(error)}`, { cause: error });
      }
      const lineCount = splitLines(doc.text).lines.length;
      checkDocument(doc, lineCount);
      let previousLine = 0;
      for (const finding of findings) {
        const rule = EXECPLAN_RULES[finding.rule as ExecPlanRuleId];
        expect(rule, `${context}: unknown rule ${finding.rule}`).toBeDefined();
        expect(finding.severity).toBe(rule.severity);
        expect(finding.line, context).toBeGreaterThanOrEqual(1);
        expect(finding.line, context).toBeLessThanOrEqual(lineCount);
        expect(finding.line).toBeGreaterThanOrEqual(previousLine);
        expect(finding.message, context).not.toMatch(/[\r\n]/);
        previousLine = finding.line;
        rulesSeen.add(finding.rule);
      }
      if (findings.length === 0) clean++;
    }
    // The mutations must actually damage plans: most results have findings, across many rules.
    expect(clean).toBeLessThan(ITERATIONS / 2);
    expect(rulesSeen.size).toBeGreaterThan(15);
  });
});
