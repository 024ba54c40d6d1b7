import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readSimpleYaml } from './simple-yaml';
import { MINIMAL_PLAN } from './testdata/minimal-plan';
import { seededRandom } from '../testing/seeded-random';

/** What the yaml package makes of the text, as front-matter.ts asks it; undefined when it reports an error. */
function library(raw: string): unknown {
  const document = parseDocument(raw, { prettyErrors: false, uniqueKeys: true });
  return document.errors.length > 0 ? undefined : document.toJS({ maxAliasCount: 20 });
}

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');
const frontMatterOf = (plan: string) => /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(plan)![1]!;

describe('readSimpleYaml', () => {
  it.each([MINIMAL_PLAN, ...readdirSync(PLANS_DIR).map((file) => readFileSync(join(PLANS_DIR, file), 'utf8'))])(
    'reads the front matter of %#, as the yaml package does',
    (plan) => {
      const raw = frontMatterOf(plan);
      expect(readSimpleYaml(raw)).toBeDefined();
      expect(readSimpleYaml(raw)).toEqual(library(raw));
    },
  );

  it.each([
    ['a reserved first character', 'owner: @me'],
    ['a comment', 'id: x # the id'],
    ['a number', 'risk: 3'],
    ['a float', 'version: 1.5'],
    ['an escape', 'title: "a \\" b"'],
    ['a repeated key', 'id: a\nid: b'],
    ['a multi-line value', 'title: a long\n  title'],
    ['a block scalar', 'title: |\n  text'],
    ['an anchor', 'a: &x y'],
    ['a flow mapping', 'links: {issue: x}'],
    ['a tab', 'id:\tx'],
    ['a key that is a boolean', 'true: x'],
    ['a prototype key', '__proto__: x'],
    ['unequal indentation', 'links:\n  a: x\n    b: y'],
    ['a list item holding a mapping', 'tags:\n  - a: b'],
  ])('leaves %s to the yaml package', (_name, raw) => {
    expect(readSimpleYaml(raw)).toBeUndefined();
  });

  it('reads nested mappings, block lists, flow lists, quotes, booleans and null like the yaml package', () => {
    const raw = [
      'id: EP-20260117-014',
      "title: 'Single quoted: fine'",
      'empty: ""',
      'nothing:',
      'flag: True',
      'off: FALSE',
      'none: null',
      'tags: [a, "b c", EP-1]',
      'depends_on: []',
      'links:',
      '  issue: "https://example.com/1"',
      '  pr:',
      '',
      'touches:',
      '  - api',
      '  - "db"',
      '  -',
      'created: 2026-01-17',
    ].join('\r\n');
    expect(readSimpleYaml(raw)).toEqual(library(raw));
  });

  it('agrees with the yaml package on 5,000 generated blocks, or leaves them to it', () => {
    let read = 0;
    for (const raw of generatedFrontMatter(5000, 20260117)) {
      const simple = readSimpleYaml(raw);
      if (simple === undefined) continue;
      read++;
      expect(simple, JSON.stringify(raw)).toEqual(library(raw));
      // Same order of keys, as the registry writes them out.
      expect(JSON.stringify(simple)).toBe(JSON.stringify(library(raw)));
    }
    expect(read).toBeGreaterThan(200);
  });
});

const KEYS = ['id', 'title', 'status', 'tags', 'links', 'x_y', 'a-b', 'true', 'Null', 'on', 'id'];
const VALUES = [
  'a\u00a0',
  '[a\u00a0, b]',
  '\u3000x',
  'EP-20260117-014',
  'planned',
  '"Auth"',
  '[api, tests]',
  'Überblick',
  '同期',
  '[mobile, 同期]',
  '"メモ"',
  '١٢',
  'EP-20260117-014',
  '"Refactor auth"',
  "'single'",
  'active',
  'a b  c',
  'a (b)',
  '2026-01-17',
  'v1.2',
  '1st',
  'true',
  'True',
  'FALSE',
  'null',
  'NULL',
  '',
  '[]',
  '[a, b]',
  '[a,b]',
  '[ a , "b" ]',
  '[true, null]',
  '"@me"',
  '@me',
  '~',
  '0.5',
  '1e3',
  '0x1F',
  '0o17',
  '+1',
  '.5',
  '1_000',
  '0x',
  'yes',
  'a # c',
  'a: b',
  'http://x',
  '"x" # c',
  '| block',
  '&a x',
  '{a: b}',
  'x,y',
  "it's",
  '"a" "b"',
  '"',
  '[a, , b]',
  '[1, 2]',
];

function generatedFrontMatter(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const blocks: string[] = [];
  for (let index = 0; index < count; index++) {
    const lines: string[] = [];
    for (let entry = 1 + Math.floor(next() * 6); entry > 0; entry--) {
      const roll = next();
      if (roll < 0.65) {
        lines.push(`${pick(KEYS)}:${pick([' ', '  ', ''])}${pick(VALUES)}${pick(['', ' '])}`);
      } else if (roll < 0.8) {
        lines.push(`${pick(KEYS)}:`);
        const indent = pick(['  ', '  ', '    ', ' ']);
        for (let item = Math.floor(next() * 3); item >= 0; item--)
          lines.push(`${indent}${pick(KEYS)}: ${pick(VALUES)}`);
      } else if (roll < 0.92) {
        lines.push(`${pick(KEYS)}:`);
        const indent = pick(['  ', '', '    ']);
        for (let item = Math.floor(next() * 3); item >= 0; item--) lines.push(`${indent}- ${pick(VALUES)}`);
      } else {
        lines.push(pick(['', '# comment', '  continued', '...', 'a:b']));
      }
    }
    blocks.push(lines.join(next() < 0.1 ? '\r\n' : '\n'));
  }
  return blocks;
}
