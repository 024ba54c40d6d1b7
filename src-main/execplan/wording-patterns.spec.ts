import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_CASES } from './testdata/rule-cases';
import { mayMatchWording, topLevelAlternatives, WORDING_PATTERNS } from './wording-patterns';

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');

/** Lines of every test plan and rule case, and phrases each pattern is written for. */
const LINES = [
  ...readdirSync(PLANS_DIR).flatMap((file) => readFileSync(join(PLANS_DIR, file), 'utf8').split(/\r?\n/)),
  ...RULE_CASES.flatMap(({ trigger, nearMiss }) => [...trigger.split('\n'), ...nearMiss.split('\n')]),
  'TODO: fill this in later ???',
  'As we discussed, see the design doc for details.',
  'Configure the pool appropriately and use your best judgment.',
  'It is up to you; the tests should pass and everything works.',
  'Make sure all tests pass.',
];

describe('mayMatchWording', () => {
  it('lets through every line some pattern matches, and no other', () => {
    const everywhere = WORDING_PATTERNS.filter(({ scope }) => scope === 'everywhere');
    let matched = 0;
    for (const line of LINES) {
      const any = WORDING_PATTERNS.some(({ pattern }) => pattern.test(line));
      if (any) matched++;
      expect(mayMatchWording(line, false), line).toBe(any);
      expect(mayMatchWording(line, true), line).toBe(everywhere.some(({ pattern }) => pattern.test(line)));
    }
    expect(matched).toBeGreaterThan(10);
  });
});

describe('topLevelAlternatives', () => {
  it('splits at pipes outside groups, classes and escapes', () => {
    expect(topLevelAlternatives('a|b(?:c|d)')).toEqual(['a', 'b(?:c|d)']);
    expect(topLevelAlternatives('[|\\]]x|y')).toEqual(['[|\\]]x', 'y']);
    expect(topLevelAlternatives('\\|a|b')).toEqual(['\\|a', 'b']);
    expect(topLevelAlternatives('abc')).toEqual(['abc']);
  });
});
