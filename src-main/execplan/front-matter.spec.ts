import { describe, expect, it } from 'vitest';
import { NOT_A_MAPPING, readFrontMatter } from './front-matter';
import { splitLines } from './lines';

const read = (text: string) => readFrontMatter(text, splitLines(text));

describe('readFrontMatter', () => {
  it('reads a block that starts on line 1 and is closed', () => {
    const { frontMatter, lineCount } = read('---\nid: EP-20260117-014\ntags: [a, b]\n---\n# Title\n');
    expect(frontMatter).toMatchObject({
      data: { id: 'EP-20260117-014', tags: ['a', 'b'] },
      raw: 'id: EP-20260117-014\ntags: [a, b]',
      startLine: 1,
      endLine: 4,
      error: null,
    });
    expect(lineCount).toBe(4);
  });

  it('keeps dates as the text written, not as Date objects', () => {
    expect(read('---\ncreated: 2026-01-17\n---\n').frontMatter.data).toEqual({ created: '2026-01-17' });
  });

  it('keeps CRLF inside raw exactly as written', () => {
    expect(read('---\r\nid: x\r\ntitle: y\r\n---\r\n').frontMatter.raw).toBe('id: x\r\ntitle: y');
  });

  it('finds no block when the first line is not ---', () => {
    expect(read('\n---\nid: x\n---\n').frontMatter).toMatchObject({ data: null, startLine: 0, error: null });
    expect(read('--- \nid: x\n---').frontMatter.startLine).toBe(1);
    expect(read('----\nid: x\n---').frontMatter.startLine).toBe(0);
  });

  it('reports an opening --- that is never closed', () => {
    const { frontMatter, lineCount } = read('---\nid: x\n# Title\n');
    expect(frontMatter).toMatchObject({ data: null, raw: null, startLine: 1, endLine: 0, errorLine: 1 });
    expect(frontMatter.error).toMatch(/no closing ---/);
    expect(lineCount).toBe(0);
  });

  it('reports a YAML error with the file line it is on', () => {
    const { frontMatter } = read('---\nid: x\ntitle: y\nowner: @trevor\n---\n');
    expect(frontMatter.data).toBeNull();
    expect(frontMatter.errorLine).toBe(4);
    expect(frontMatter.error).not.toContain('\n');
  });

  it('rejects duplicate keys', () => {
    expect(read('---\nid: a\nid: b\n---\n').frontMatter.errorLine).toBe(3);
  });

  it('rejects YAML that is not a mapping', () => {
    expect(read('---\n- a\n---\n').frontMatter).toMatchObject({ data: null, error: NOT_A_MAPPING });
  });

  it('reads an empty block as no keys', () => {
    expect(read('---\n---\n').frontMatter).toMatchObject({ data: {}, raw: '', endLine: 2 });
  });

  it('does not expand an alias bomb', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(', ')}]`,
      );
    }
    bomb.push('---');
    const { frontMatter } = read(bomb.join('\n'));
    expect(frontMatter.data).toBeNull();
    expect(frontMatter.error).toBeTruthy();
  });
});
