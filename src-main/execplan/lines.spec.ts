import { describe, expect, it } from 'vitest';
import { dominantLineEnding, isBlank, splitLines } from './lines';

describe('splitLines', () => {
  it('splits at LF, CRLF and a lone CR, as CommonMark does', () => {
    const { lines, starts } = splitLines('a\nb\r\nc\rd');
    expect(lines).toEqual(['a', 'b', 'c', 'd']);
    expect(starts).toEqual([0, 2, 5, 7]);
  });

  it('keeps the empty line after a final line break', () => {
    expect(splitLines('a\n').lines).toEqual(['a', '']);
    expect(splitLines('').lines).toEqual(['']);
  });

  it('splits a text without CR (read with indexOf) as the text with one CR added at the end', () => {
    const text = '\n# T\n\n- [x] a\n  b\n\n\nend';
    const withCr = splitLines(`${text}\r`);
    expect(splitLines(text)).toEqual({ lines: withCr.lines.slice(0, -1), starts: withCr.starts.slice(0, -1) });
  });
});

describe('dominantLineEnding', () => {
  it('is CRLF only when most line breaks are CRLF', () => {
    expect(dominantLineEnding('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(dominantLineEnding('a\r\nb\nc\n')).toBe('\n');
    expect(dominantLineEnding('no break')).toBe('\n');
  });
});

describe('isBlank', () => {
  it('treats spaces and tabs as blank', () => {
    expect(isBlank(' \t ')).toBe(true);
    expect(isBlank(' x ')).toBe(false);
  });
});
