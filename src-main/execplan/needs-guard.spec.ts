import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_BACKTICK_SEARCH,
  MAX_CONTAINER_COLUMN,
  MAX_CONTAINERS_PER_LINE,
  MAX_DELIMITERS_PER_BLOCK,
  needsGuard,
} from './markdown-guard';

/**
 * needsGuard scans with regular expressions and indexOf. It must say exactly what a plain count,
 * character by character, says: which pieces the guard looks at decides what remark is given.
 */
function countedByHand(text: string): boolean {
  let delimiters = 0;
  let backticks = 0;
  let markerRun = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 42 || code === 95 || code === 126) delimiters++;
    if (code === 96) backticks++;
    if (code === 62 || code === 45 || code === 43 || code === 42 || code === 46 || code === 41) {
      if (++markerRun > MAX_CONTAINERS_PER_LINE) return true;
    } else if (code === 10 || code === 13 || (code !== 32 && code !== 9 && !(code >= 48 && code <= 57))) {
      markerRun = 0;
    }
  }
  return (
    delimiters > MAX_DELIMITERS_PER_BLOCK ||
    backticks * text.length > MAX_BACKTICK_SEARCH ||
    new RegExp(`^[ \\t]{${MAX_CONTAINER_COLUMN},}`, 'm').test(text)
  );
}

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');

describe('needsGuard', () => {
  it('agrees with a count by hand on plans and on pieces built to trip each limit', () => {
    const texts = [
      ...readdirSync(PLANS_DIR).map((file) => readFileSync(join(PLANS_DIR, file), 'utf8')),
      `${'> '.repeat(MAX_CONTAINERS_PER_LINE)}x`,
      `${'> '.repeat(MAX_CONTAINERS_PER_LINE + 1)}x`,
      `${'- 1 '.repeat(MAX_CONTAINERS_PER_LINE + 1)}x`,
      `${'-'.repeat(MAX_CONTAINERS_PER_LINE)}\n${'-'.repeat(MAX_CONTAINERS_PER_LINE)}`,
      '*'.repeat(MAX_DELIMITERS_PER_BLOCK),
      '_'.repeat(MAX_DELIMITERS_PER_BLOCK + 1),
      `${'`'.repeat(2000)}${'x'.repeat(8000)}`,
      `${'`'.repeat(100)}${'x'.repeat(8000)}`,
      `a\n${' '.repeat(MAX_CONTAINER_COLUMN)}b`,
      `a\n${' \t'.repeat(MAX_CONTAINER_COLUMN / 2)}b`,
      `a\n${' '.repeat(MAX_CONTAINER_COLUMN - 1)}b`,
    ];
    for (const text of texts) expect(needsGuard(text), text.slice(0, 80)).toBe(countedByHand(text));
  });

  it('agrees with a count by hand on 2,000 random strings of markers, digits and blanks', () => {
    let state = 20260117;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const alphabet = ['>', '-', '+', '*', '.', ')', ' ', '\t', '1', 'x', '\n', '\r', '_', '~', '`'];
    let guarded = 0;
    for (let count = 0; count < 2000; count++) {
      let text = '';
      for (let length = Math.floor(next() * 120); length > 0; length--) {
        text += alphabet[Math.floor(next() * (next() < 0.8 ? 8 : alphabet.length))];
      }
      if (countedByHand(text)) guarded++;
      expect(needsGuard(text), JSON.stringify(text)).toBe(countedByHand(text));
    }
    expect(guarded).toBeGreaterThan(50);
  });
});
