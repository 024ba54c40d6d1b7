import { describe, expect, it } from 'vitest';
import { guardMarkdown, MAX_CONTAINERS_PER_LINE } from './markdown-guard';

const shape = (text: string) => text.replace(/[^\r\n]/g, '.');

describe('guardMarkdown', () => {
  it('passes ordinary markdown through unchanged', () => {
    const text = '# Title\n\n- [x] (2026-01-17 10:00Z) **Done** with `code`\n\n> quoted _text_\n\n    indented\n';
    expect(guardMarkdown(text)).toBe(text);
  });

  it('flattens containers nested deeper than the limit, keeping every position', () => {
    const text = `${'> '.repeat(40)}deep\n- - - - - - - - - - - - - - - - - - - - x\n`;
    const guarded = guardMarkdown(text);
    expect(shape(guarded)).toBe(shape(text));
    expect(guarded.split('\n')[0]!.match(/>/g)).toHaveLength(MAX_CONTAINERS_PER_LINE);
    expect(guarded.split('\n')[1]!.match(/-/g)).toHaveLength(MAX_CONTAINERS_PER_LINE);
  });

  it('flattens a list marker indented past the column limit', () => {
    const text = `${' '.repeat(130)}- item\n`;
    expect(guardMarkdown(text)).toBe(`${' '.repeat(132)}item\n`);
  });

  it('blanks emphasis in a block with thousands of delimiters but keeps fence lines', () => {
    const text = `~~~\n${'*a_ '.repeat(1500)}\n~~~\n\n**kept**\n`;
    const guarded = guardMarkdown(text);
    expect(shape(guarded)).toBe(shape(text));
    expect(guarded.startsWith('~~~\n')).toBe(true);
    expect(guarded.split('\n')[1]).not.toMatch(/[*_]/);
    expect(guarded.endsWith('\n\n**kept**\n')).toBe(true);
  });

  it('blanks only backtick runs that pair with nothing, when there are many', () => {
    // Runs of 2, 3, … 601 backticks: no two alike, so none closes another.
    const unpaired = Array.from({ length: 600 }, (_, index) => `${'`'.repeat(index + 2)} x `).join('');
    const text = `\`code\` ${unpaired}\n`;
    const guarded = guardMarkdown(text);
    expect(shape(guarded)).toBe(shape(text));
    expect(guarded.startsWith('`code` ')).toBe(true);
    expect(guarded.slice(7)).not.toContain('`');
  });

  it('blanks setext underlines when a piece has hundreds of them', () => {
    const text = 'text\n---\n'.repeat(150);
    const guarded = guardMarkdown(text);
    expect(shape(guarded)).toBe(shape(text));
    expect(guarded).not.toContain('-');
    expect(guardMarkdown('Title\n=====\n\ntext\n---\n')).toBe('Title\n=====\n\ntext\n---\n');
  });
});
