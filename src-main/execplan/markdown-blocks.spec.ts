import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { readCodeBlocks } from './code-blocks';
import { readFrontMatter } from './front-matter';
import { splitLines } from './lines';
import { parseMarkdownBlocks, parseMarkdownBody } from './markdown-tree';
import { walk } from './mdast-walk';
import { readTaskItems } from './progress-items';
import { readOutline } from './sections';
import { renderSkeleton } from './skeleton';
import { MINIMAL_PLAN } from './testdata/minimal-plan';
import { seededRandom } from '../testing/seeded-random';

/**
 * parseExecPlan reads the markdown with parseMarkdownBlocks: the block scanner where it can, remark
 * for the pieces it leaves. Whatever mix a document gets, what the reader takes from the tree must
 * be what the full remark parse gives.
 */

const PLANS_DIR = join(import.meta.dirname, 'testdata', 'plans');
const SKELETON = renderSkeleton({ id: 'EP-20260117-001', title: 'T', slug: 't', owner: '@me', date: '2026-01-17' });
const PLANS = [
  MINIMAL_PLAN,
  SKELETON,
  ...readdirSync(PLANS_DIR).map((file) => readFileSync(join(PLANS_DIR, file), 'utf8').replace(/^\uFEFF/, '')),
];

function read(text: string, parsePiece?: (piece: string) => Root) {
  const textLines = splitLines(text);
  const { lineCount } = readFrontMatter(text, textLines);
  const { root, errors } = parseMarkdownBody(text, textLines, lineCount, undefined, parsePiece);
  return {
    root,
    facts: {
      errors,
      codeBlocks: readCodeBlocks(root, textLines.lines),
      outline: readOutline(root, text, textLines),
      tasks: readTaskItems(root, text),
    },
  };
}

function expectSameAsFullParse(text: string): void {
  expect(read(text, parseMarkdownBlocks).facts, JSON.stringify(text.slice(0, 200))).toEqual(read(text).facts);
}

/** Paragraphs the scanner read have no inline children; remark's always have some. */
function scannedParagraphs(root: Root): number {
  let count = 0;
  walk(root, (node: Nodes) => {
    if (node.type === 'paragraph' && node.children.length === 0) count++;
  });
  return count;
}

describe('parseMarkdownBlocks', () => {
  it.each(PLANS.map((plan) => [plan.slice(0, 60), plan]))('reads %j as the full parse does', (_name, plan) =>
    expectSameAsFullParse(plan),
  );

  it('leaves only the blocks around an HTML comment to remark', () => {
    const filler = (from: number) =>
      Array.from({ length: 100 }, (_, index) => `Paragraph ${from + index} of plain prose.\n`).join('\n');
    const text = `${filler(0)}\n<!-- an HTML comment,\n\nleft to remark -->\n\n${filler(100)}`;
    const { root } = read(text, parseMarkdownBlocks);
    expect(root.children.filter((node) => node.type === 'html')).toHaveLength(1);
    expect(scannedParagraphs(root)).toBe(200);
    expectSameAsFullParse(text);
  });

  it('keeps a piece with a link reference definition whole, as headings elsewhere in it use it', () => {
    const text = `# T\n\n<!-- comment -->\n\n## See [docs]\n\n[docs]: https://example.com\n`;
    const { root, facts } = read(text, parseMarkdownBlocks);
    expect(root.children.map((node) => node.type)).toContain('definition');
    expect(facts.outline.headings.map((heading) => heading.text)).toEqual(['T', 'See docs']);
    expectSameAsFullParse(text);
  });

  it('reads the test plans with the scanner alone', () => {
    for (const plan of PLANS.filter((text) => text !== SKELETON)) {
      const { root } = read(plan, parseMarkdownBlocks);
      let withInline = 0;
      walk(root, (node: Nodes) => {
        if (node.type === 'paragraph' && node.children.length > 0) withInline++;
      });
      expect(withInline).toBe(0);
    }
  });

  it('reads pieces the guard changes as the full parse does', () => {
    expectSameAsFullParse(`# T\n\n${'> '.repeat(40)}deep\n\n${'*a_ '.repeat(1500)}\n\n## After\n\n- [x] done\n`);
    expectSameAsFullParse(`# T\n\n${'x\n\n---\n\n'.repeat(150)}## After\n`);
  });

  it('reads 200 damaged plans as the full parse does', () => {
    const next = seededRandom(20260117);
    for (let iteration = 0; iteration < 200; iteration++) {
      let text = PLANS[Math.floor(next() * PLANS.length)]!;
      for (let count = 1 + Math.floor(next() * 3); count > 0; count--) text = damage(text, next);
      expectSameAsFullParse(text);
    }
  });
});

const INSERTS = ['`', '```', '~~~', '---', '\n', '\r\n', '#', '> ', '- [x] ', '1. ', '    ', '|', ' | - |', '\t', '<'];

/** A cut, an insertion, or lines swapped, indented, repeated or lost: how files get damaged. */
function damage(text: string, next: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 6)) {
    case 0:
      return text.slice(0, Math.floor(next() * text.length));
    case 1: {
      const offset = Math.floor(next() * text.length);
      return text.slice(0, offset) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(offset);
    }
    case 2:
      lines.splice(at, 0, ...lines.slice(at, at + 1 + Math.floor(next() * 8)));
      break;
    case 3:
      lines.splice(at, 1 + Math.floor(next() * 8));
      break;
    case 4:
      for (let index = at; index < Math.min(lines.length, at + 5); index++) lines[index] = `  ${lines[index]}`;
      break;
    default: {
      const other = Math.floor(next() * lines.length);
      [lines[at], lines[other]] = [lines[other]!, lines[at]!];
    }
  }
  return lines.join('\n');
}
