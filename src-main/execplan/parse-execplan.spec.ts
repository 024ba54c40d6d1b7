import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { MINIMAL_PLAN } from './testdata/minimal-plan';

describe('parseExecPlan', () => {
  it('reads the parts of a plan', () => {
    const doc = parseExecPlan(MINIMAL_PLAN);
    expect(doc.bom).toBe(false);
    expect(doc.eol).toBe('\n');
    expect(doc.frontMatter).toMatchObject({ startLine: 1, endLine: 19, error: null });
    expect(doc.frontMatter.data).toMatchObject({ id: 'EP-20260117-014', owner: '@trevor', tags: ['auth'] });
    expect(doc.title).toEqual({ text: 'Refactor auth refresh flow', depth: 1, line: 21 });
    expect(doc.sections).toHaveLength(12);
    expect(doc.progress).toHaveLength(2);
    expect(doc.decisions).toHaveLength(1);
    expect(doc.surprises).toHaveLength(1);
    expect(doc.planIdLine).toBeNull();
    expect(doc.markdownErrors).toEqual([]);
  });

  it('removes a byte order mark from the text and remembers it', () => {
    const doc = parseExecPlan(`\uFEFF${MINIMAL_PLAN}`);
    expect(doc.bom).toBe(true);
    expect(doc.text).toBe(MINIMAL_PLAN);
    expect(doc.frontMatter.data?.id).toBe('EP-20260117-014');
  });

  it('reads a body that starts with a byte order mark (a second file pasted under front matter) with the right offsets', () => {
    const doc = parseExecPlan(
      '---\nid: EP-20260117-001\n---\n\uFEFF# T\n\n## Progress\n\n- [x] (2026-01-01 10:00Z) Done it.\n',
    );
    expect(doc.title).toMatchObject({ text: 'T', line: 4 });
    expect(doc.progress.map((item) => item.text)).toEqual(['Done it.']);
  });

  it('reads CRLF files with the same lines and keeps their bytes in sections', () => {
    const crlf = MINIMAL_PLAN.replace(/\n/g, '\r\n');
    const doc = parseExecPlan(crlf);
    const lf = parseExecPlan(MINIMAL_PLAN);
    expect(doc.eol).toBe('\r\n');
    expect(doc.sections.map((section) => [section.line, section.endLine])).toEqual(
      lf.sections.map((section) => [section.line, section.endLine]),
    );
    expect(doc.sections[0]!.markdown).toContain('\r\n');
    expect(doc.progress).toEqual(lf.progress);
    expect(doc.decisions).toEqual(lf.decisions);
  });

  it('finds a legacy Plan ID line outside code', () => {
    expect(parseExecPlan('# T\n\n    Plan ID: in-code\n\n**Plan ID:** `EP-20250101-001`\n').planIdLine).toEqual({
      id: 'EP-20250101-001',
      line: 5,
    });
  });

  it('records code blocks with their fence, info string and whether they close', () => {
    const doc = parseExecPlan('```bash\nnpm test\n```\n\n    indented\n\n- item\n\n  ~~~~md x\n  open\n');
    expect(doc.codeBlocks).toEqual([
      { line: 1, endLine: 3, fenced: true, fence: '```', info: 'bash', closed: true },
      { line: 5, endLine: 5, fenced: false, fence: null, info: null, closed: true },
      { line: 9, endLine: 11, fenced: true, fence: '~~~~', info: 'md x', closed: false },
    ]);
  });

  it('treats an unclosed front matter as markdown', () => {
    const doc = parseExecPlan('---\nid: x\n\n# Title\n');
    expect(doc.frontMatter.error).toMatch(/closing/);
    expect(doc.title?.text).toBe('Title');
  });

  it.each([
    ['an empty string', ''],
    ['only a byte order mark', '\uFEFF'],
    ['only front matter delimiters', '---\n---'],
    ['binary bytes', String.fromCharCode(...Array.from({ length: 512 }, (_, index) => (index * 37) % 256))],
    ['lone surrogates', '\uD800# \uDC00 heading\n- [x] \uD83D'],
    ['a NUL-filled line', `# T\n${'\0'.repeat(1000)}\n`],
    ['deeply nested quotes', `${'>'.repeat(50_000)} x`],
    ['deeply nested lists', '- '.repeat(20_000)],
  ])('never throws, for %s', (_name, text) => {
    expect(() => parseExecPlan(text)).not.toThrow();
  });

  it('accepts a value that is not a string from untyped callers', () => {
    expect(parseExecPlan(undefined as unknown as string).text).toBe('');
    expect(parseExecPlan(42 as unknown as string).text).toBe('42');
  });

  it('reads a 1 MB plan completely', () => {
    const body = MINIMAL_PLAN.slice(MINIMAL_PLAN.indexOf('## Context'));
    let text = MINIMAL_PLAN;
    while (text.length < 1_000_000) text += `\n${body}`;
    const doc = parseExecPlan(text);
    const copies = (text.length - MINIMAL_PLAN.length) / (body.length + 1);
    expect(doc.sections).toHaveLength(12 + copies * 7);
    expect(doc.codeBlocks).toHaveLength(2 + copies * 2);
  });
});
