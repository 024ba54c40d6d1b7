import { describe, expect, it } from 'vitest';
import { findJsonProblem, lineColumnAt } from './json-syntax';

describe('findJsonProblem', () => {
  it('accepts everything JSON.parse accepts', () => {
    const valid = [
      '{}',
      '[]',
      ' 0 ',
      '-1.5e+10',
      '"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9"',
      '{"a": [true, false, null, {"b": -0.25E-3}], "c": "\u00e9\ud83d\ude00"}',
      '{"a": 1, "b": {"a": 2}}',
      '\t\r\n{\n}\n',
    ];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonProblem(text), text).toBeUndefined();
    }
  });

  it('finds what JSON.parse refuses, with the offset of the first bad character', () => {
    expect(findJsonProblem('{"a": 01}')).toEqual({ offset: 7, problem: "expected ',' or '}' after a property value" });
    expect(findJsonProblem('[1 2]')).toEqual({ offset: 3, problem: "expected ',' or ']' after an array element" });
    expect(findJsonProblem('{"a": "x\ty"}')?.offset).toBe(8);
    expect(findJsonProblem('{"a": "\\x"}')?.problem).toBe('bad escape in a string');
    expect(findJsonProblem('{"a": "open')).toEqual({ offset: 6, problem: 'unterminated string' });
    expect(findJsonProblem("{'a': 1}")).toEqual({ offset: 1, problem: 'expected a double-quoted property name' });
    expect(findJsonProblem('{"a": 1} x')?.problem).toBe('unexpected text after the end of the JSON value');
    expect(findJsonProblem('')?.problem).toBe('unexpected end of the JSON text');
  });

  it('finds duplicate keys, escaped spellings included, but not equal keys in different objects', () => {
    expect(findJsonProblem('{"a": 1, "\\u0061": 2}')).toEqual({
      offset: 9,
      problem: "duplicate key 'a'; keep only one of them",
    });
    expect(findJsonProblem('[{"a": 1}, {"a": 2}]')).toBeUndefined();
  });

  it('stops at absurd nesting instead of overflowing the stack', () => {
    expect(findJsonProblem('['.repeat(100_000))?.problem).toMatch(/^nesting deeper than/);
  });
});

describe('lineColumnAt', () => {
  it('gives 1-based lines and columns', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('ab\n', 3)).toEqual({ line: 2, column: 1 });
  });
});
