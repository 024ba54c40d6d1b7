import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { findSection, REQUIRED_SECTIONS } from './sections';
import { renderSkeleton, type NewExecPlanInput } from './skeleton';
import { validateExecPlan } from './validate-execplan';

const GOLDEN = join(import.meta.dirname, 'testdata', 'skeleton.golden.md');
const INPUT: NewExecPlanInput = {
  id: 'EP-20260117-014',
  title: 'Refactor auth refresh flow',
  slug: 'auth-refresh',
  owner: '@trevor',
  date: '2026-01-17',
};

describe('renderSkeleton', () => {
  it('matches the golden file', () => {
    const rendered = renderSkeleton(INPUT);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, rendered);
    expect(rendered, 'run with UPDATE_GOLDEN=1 to accept an intended change').toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('has front matter with every required key and valid values', () => {
    const doc = parseExecPlan(renderSkeleton({ ...INPUT, kind: 'migration', domain: 'infra' }));
    expect(doc.frontMatter.data).toMatchObject({
      id: 'EP-20260117-014',
      title: 'Refactor auth refresh flow',
      status: 'planned',
      kind: 'migration',
      domain: 'infra',
      owner: '@trevor',
      created: '2026-01-17',
      updated: '2026-01-17',
    });
  });

  it('has every required section, in order, each holding a placeholder', () => {
    const doc = parseExecPlan(renderSkeleton(INPUT));
    expect(doc.sections.map((section) => section.heading)).toEqual(REQUIRED_SECTIONS);
    for (const name of REQUIRED_SECTIONS) expect(findSection(doc, name)!.markdown).toMatch(/<[^>]+>/);
  });

  it('is flagged by the validator for its placeholders, and for nothing else', () => {
    const doc = parseExecPlan(renderSkeleton(INPUT));
    const findings = validateExecPlan(doc, { fileName: 'EP-20260117-014_auth-refresh.md' });
    expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set(['text.placeholder']));
    const sectionOf = (line: number) => doc.sections.findLast((section) => section.line <= line)?.heading;
    expect(new Set(findings.map((finding) => sectionOf(finding.line)))).toEqual(new Set(REQUIRED_SECTIONS));
    expect(findings.every((finding) => finding.severity === 'error')).toBe(true);
  });

  it('adds the @ to an owner given without it and keeps odd titles valid YAML', () => {
    const title = 'Fix "quotes": colons, #hashes and\ttabs';
    const text = renderSkeleton({ ...INPUT, owner: 'mina', title });
    const frontMatter = parse(text.split('\n---\n')[0]!.replace(/^---\n/, '')) as Record<string, string>;
    expect(frontMatter.owner).toBe('@mina');
    expect(frontMatter.title).toBe('Fix "quotes": colons, #hashes and tabs');
    expect(parseExecPlan(text).title?.text).toBe('Fix "quotes": colons, #hashes and tabs');
  });
});
