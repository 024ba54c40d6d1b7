import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { canonicalSectionName, findSection, findSections, REQUIRED_SECTIONS, sectionKey } from './sections';
import { MINIMAL_PLAN } from './testdata/minimal-plan';

describe('REQUIRED_SECTIONS', () => {
  it('lists the twelve living sections in the canonical order', () => {
    expect(REQUIRED_SECTIONS).toEqual([
      'Purpose / Big Picture',
      'Progress',
      'Surprises & Discoveries',
      'Decision Log',
      'Outcomes & Retrospective',
      'Context and Orientation',
      'Plan of Work',
      'Concrete Steps',
      'Validation and Acceptance',
      'Idempotence and Recovery',
      'Artifacts and Notes',
      'Interfaces and Dependencies',
    ]);
    expect(Object.isFrozen(REQUIRED_SECTIONS)).toBe(true);
  });
});

describe('section names', () => {
  it.each([
    ['Surprises & Discoveries', 'surprises and discoveries'],
    ['Purpose / Big Picture', 'PURPOSE/BIG PICTURE'],
    ['Decision Log', '4. Decision log:'],
    ['Outcomes & Retrospective', 'Outcomes  &  Retrospective'],
  ])('%s and %s have one key', (canonical, variant) => {
    expect(sectionKey(variant)).toBe(sectionKey(canonical));
  });

  it.each([
    ['Purpose', 'Purpose / Big Picture'],
    ['Validation', 'Validation and Acceptance'],
    ['Fortschritt (Progress)', 'Progress'],
    ['進捗 (Progress)', 'Progress'],
  ])('%s stands for %s', (heading, canonical) => {
    expect(canonicalSectionName(heading)).toBe(canonical);
  });

  it('does not take ordinary headings for required sections', () => {
    expect(canonicalSectionName('Notes')).toBeUndefined();
    expect(canonicalSectionName('Steps')).toBeUndefined();
    expect(canonicalSectionName('Milestone 1: Progress bar')).toBeUndefined();
  });
});

describe('findSection', () => {
  const doc = parseExecPlan(
    MINIMAL_PLAN.replace('## Surprises & Discoveries', '## surprises and discoveries').replace(
      '## Plan of Work',
      '## Plan of Work\n\n### Milestone 1\n\nFirst.\n\n### Progress\n\n- [ ] sub step\n\n## Plan of work (again)',
    ),
  );

  it('matches names whatever their case, spacing and punctuation', () => {
    expect(findSection(doc, 'Surprises & Discoveries')?.heading).toBe('surprises and discoveries');
    expect(findSection(doc, 'decision-log')?.heading).toBe('Decision Log');
  });

  it('prefers the shallowest section of a name', () => {
    expect(findSection(doc, 'Progress')).toMatchObject({ depth: 2, heading: 'Progress' });
    expect(findSections(doc.sections, 'Progress').map((section) => section.depth)).toEqual([2, 3]);
  });

  it('returns undefined for a name the plan does not have', () => {
    expect(findSection(doc, 'Rollout')).toBeUndefined();
  });
});

describe('sections', () => {
  const text = '---\nid: x\n---\n\nintro\n\n# Title\n\n## One\n\none\n\n### One.a\n\nsub\n\n## Two\n\ntwo\n';
  const doc = parseExecPlan(text);

  it('run to the line before the next heading of the same or a shallower depth', () => {
    expect(doc.sections.map(({ heading, line, endLine, depth }) => ({ heading, line, endLine, depth }))).toEqual([
      { heading: 'One', line: 9, endLine: 16, depth: 2 },
      { heading: 'One.a', line: 13, endLine: 16, depth: 3 },
      { heading: 'Two', line: 17, endLine: 20, depth: 2 },
    ]);
  });

  it('hold their markdown exactly, heading line included', () => {
    expect(doc.sections[0]!.markdown).toBe('## One\n\none\n\n### One.a\n\nsub\n\n');
    expect(doc.sections[2]!.markdown).toBe('## Two\n\ntwo\n');
  });

  it('leave out the title, which is reported on its own', () => {
    expect(doc.title).toEqual({ text: 'Title', depth: 1, line: 7 });
    expect(doc.headings.map((heading) => heading.text)).toEqual(['Title', 'One', 'One.a', 'Two']);
  });

  it('reproduce the text after the title when the top-level ones are joined', () => {
    const topLevel = doc.sections.filter((section) => section.depth === 2).map((section) => section.markdown);
    expect(topLevel.join('')).toBe(text.slice(text.indexOf('## One')));
  });

  it('ignore headings inside lists and quotes, and keep heading text plain', () => {
    const nested = parseExecPlan('# **Bold** `code` [link](x)\n\n- ## in a list\n\n> ## in a quote\n');
    expect(nested.headings).toEqual([{ text: 'Bold code link', depth: 1, line: 1 }]);
    expect(nested.sections).toEqual([]);
  });
});
