import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Heading, Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { scanBlocks } from './block-scan';
import { readCodeBlocks } from './code-blocks';
import { readFrontMatter } from './front-matter';
import { splitLines } from './lines';
import { MAX_UNDERLINES } from './markdown-guard';
import { parseMarkdownPiece } from './markdown-tree';
import { readTaskItems } from './progress-items';
import { readOutline } from './sections';
import { renderSkeleton } from './skeleton';
import { MINIMAL_PLAN } from './testdata/minimal-plan';
import { seededRandom } from '../testing/seeded-random';

/**
 * The block scanner must read every text it accepts exactly as remark does: each block's type and
 * start, each code block's end and info, the task boxes and their text, the headings and their
 * text. Where it gives up, remark reads the text, so giving up is always allowed; reading
 * differently never is. Each case compares the two on the same text.
 */

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');
const OPTIONS = {
  headingInline: (line: string) => (parseMarkdownPiece(line).children[0] as Heading).children,
  maxUnderlines: MAX_UNDERLINES,
};

/** The markdown below the front matter, as parseExecPlan hands it to the parser. */
function body(plan: string): string {
  const text = plan.replace(/^\uFEFF/, '');
  const textLines = splitLines(text);
  return text.slice(textLines.starts[readFrontMatter(text, textLines).lineCount]);
}

/** Everything the ExecPlan reader takes from a tree, and the start of every block. */
function facts(root: Root, text: string) {
  const blocks: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'text' || node.type === 'root') {
      // not a block
    } else if (node.type === 'paragraph') {
      blocks.push(`paragraph ${node.position!.start.line}`); // remark moves a task paragraph's column
    } else {
      const { line, column } = node.position!.start;
      const code = node.type === 'code' ? ` to ${node.position!.end.line} ${node.lang} ${node.meta}` : '';
      const checked = node.type === 'listItem' ? ` ${node.checked}` : '';
      blocks.push(`${node.type} ${line}:${column}${code}${checked}`);
    }
    // Inline content is not compared: the scanner leaves it out.
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'table') return;
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(root);
  const textLines = splitLines(text);
  return {
    blocks,
    codeBlocks: readCodeBlocks(root, textLines.lines),
    headings: readOutline(root, text, textLines).headings,
    tasks: readTaskItems(root, text),
  };
}

function expectSameAsRemark(text: string): void {
  const scanned = scanBlocks(text, OPTIONS);
  expect(scanned, `the scanner gave up on ${JSON.stringify(text)}`).not.toBeNull();
  expect(facts(scanned!, text)).toEqual(facts(parseMarkdownPiece(text), text));
}

/** Texts whose reading depends on a rule of micromark's that is easy to get wrong. */
const QUIRKS: [string, string][] = [
  ['task boxes, spacing and emphasis after them', '- [ ] foo\n  bar\n- [x]  *baz*\n- [X] `code` first\n'],
  ['a task box under a blank first line', '-\n  [x] foo\n'],
  ['no task box after indentation beyond the item', '-\n   [ ] two\n'],
  ['no task box after a space behind the marker', '- \n  [ ] two\n'],
  ['no task box without a space after it', '- [x]foo\n'],
  ['no task box in a heading', '- # [x] foo\n'],
  ['an ordered item after indented code must be 1, past blank lines', '    code\n\n2. foo\n'],
  ['an empty item cannot follow indented code', '    code\n\n-\n'],
  ['the same inside an item', '- a\n\n      code\n\n  2. b\n'],
  ['a lazy line ends indented code at once', '> ***\n     xx\n     yy\n2) foo\n'],
  ['a list after a blank line after a quote', '> a\n\n    code\n    more\n'],
  ['an interrupting paragraph keeps the flag inside a new quote', 'foo\n> 2. bar\n'],
  ['a four-space blank line belongs to indented code', '    code\n      \nfoo\n'],
  ['an unclosed fence ended by a quote line', '> ```\n> code\n'],
  ['an unclosed fence runs through an item to the end', '- ```\n  code\n\n'],
  ['an unclosed fence ended by a new container takes its line break', '- ```\n  a\n- x\n'],
  ['the same for a quote', '> ```\n- x\n'],
  ['an unclosed fence at the end of the text', '```\ncode'],
  ['fence info and meta', '```js  x y \ncode\n```\n~~~ text  more\n~~~\n'],
  ['a backtick fence with a backtick in its info is no fence', '``` a`b\ncode\n'],
  ['a table after a paragraph line', 'foo\n| a |\n| - |\nbar\n'],
  ['a table ends at indented code', '| a |\n| - |\n    code\n- x\n'],
  ['a table head without pipes', 'foo\nbar\n:-\n'],
  ['a table after a list and a blank line', '1. a\n\n| x | y |\n| - | - |\n'],
  ['a lazy row after a table in a quote starts no table', '> | a |\n> | - |\n| b |\n| - |\n'],
  ['mismatched cell counts', '| a | b |\n| - |\n'],
  ['a thematic break is no list item', '- - -\n* * *\n'],
  ['ATX headings and closing sequences', '# Title `x`\n\n## A #\n\n### b#\n\n#### #\n\n#\n\n####### seven\n'],
  [
    'headings with inline syntax',
    '# A *b* and [c](d)\n\n## ` a ` and `` b ` c ``\n\n## A &amp; B\n\n## www.x.com `a`\n',
  ],
  ['line endings', 'a\r\n- [x] b\r\n\r\n```\rc\r```\r'],
  ['nested containers', '> - a\n>   > - [ ] b\n>   >   c\n> d\n'],
  ['list items with five spaces', '-     code\n1.  a\n'],
];

/** Texts the scanner must leave to remark. */
const LEFT_TO_REMARK: [string, string][] = [
  ['an HTML block', '<!-- note -->\n\n## After\n'],
  ['a setext heading', 'Title\n=====\n'],
  ['a link reference definition', '[docs]: https://example.com\n'],
  ['a footnote definition', '[^1]: a note\n'],
  ['a tab in a list item', '- a\n\t- b\n'],
  ['an escape in fence info', '```a\\_b\ncode\n```\n'],
  ['a task box at the end of its line', '> - [x]\n>   foo\n'],
  ['a line separator', 'a\u2028b\n'],
  ['too many underlines', 'x\n\n---\n'.repeat(MAX_UNDERLINES + 1)],
];

describe('scanBlocks', () => {
  it.each(readdirSync(PLANS_DIR))('reads %s exactly as remark does', (file) => {
    expectSameAsRemark(body(readFileSync(join(PLANS_DIR, file), 'utf8')));
  });

  it('reads the minimal plan exactly as remark does', () => expectSameAsRemark(body(MINIMAL_PLAN)));

  it('leaves the skeleton to remark: its <…> placeholder lines could open HTML blocks', () => {
    const skeleton = renderSkeleton({ id: 'EP-20260117-001', title: 'T', slug: 't', owner: '@me', date: '2026-01-17' });
    expect(scanBlocks(body(skeleton), OPTIONS)).toBeNull();
  });

  it.each(QUIRKS)('agrees with remark on %s', (_name, text) => expectSameAsRemark(text));

  it.each(LEFT_TO_REMARK)('leaves %s to remark', (_name, text) => {
    expect(scanBlocks(text, OPTIONS)).toBeNull();
  });

  it('agrees with remark on 3,000 generated snippets of nested markdown', () => {
    let scanned = 0;
    for (const text of generatedSnippets(3000, 20260117)) {
      const tree = scanBlocks(text, OPTIONS);
      if (!tree) continue;
      scanned++;
      expect(facts(tree, text), JSON.stringify(text)).toEqual(facts(parseMarkdownPiece(text), text));
    }
    // The generator mixes in what the scanner leaves alone, but most snippets must be read by it.
    expect(scanned).toBeGreaterThan(2000);
  });
});

const PREFIXES = ['> ', '- ', '* ', '1. ', '2) ', '  ', '    ', ' ', '>', '-', '   ', '+ ', '3. ', '1) '];
const CONTENTS = [
  'foo',
  'bar baz',
  '[ ] task',
  '[x] done',
  '[X] x',
  '[x]',
  '[ ]  two',
  '- [ ] (2026-01-01) x',
  '1. [ ] x',
  '# Head',
  '## H `c`',
  '### *em*',
  '#### a #',
  '# foo#',
  '#',
  '#foo',
  '# Progress',
  '## Decision Log',
  '```',
  '```js meta ',
  '~~~',
  '````',
  '```md',
  '~~~ text',
  '`',
  '``x``',
  'text `code`',
  '    code',
  '      deep',
  '---',
  '***',
  '- - -',
  '* * *',
  '===',
  '| a | b |',
  '| - | - |',
  '|---|',
  'a | b',
  ':-:|--',
  '--|--',
  '| x |',
  'x | y | z',
  ':---|---:',
  '',
  '',
  '',
  ' ',
  '[link](x)',
  '\\# x',
  '10. x',
  '1.',
  '-',
  '*',
  '+ x',
  '>',
  'x  ',
  'xx\\',
  '<!-- c -->',
  '[^1]: x',
  '\t',
  'a\tb',
];

function generatedSnippets(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const snippets: string[] = [];
  for (let index = 0; index < count; index++) {
    const lines: string[] = [];
    for (let line = 1 + Math.floor(next() * 10); line > 0; line--) {
      let prefix = '';
      for (let depth = Math.floor(next() * 3.2); depth > 0; depth--) prefix += pick(PREFIXES);
      lines.push(prefix + pick(CONTENTS));
    }
    const eol = next() < 0.1 ? '\r\n' : '\n';
    snippets.push(lines.join(eol) + (next() < 0.8 ? eol : ''));
  }
  return snippets;
}
