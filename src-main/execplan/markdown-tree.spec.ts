import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { splitLines } from './lines';
import { parseMarkdownBody, parseMarkdownPiece } from './markdown-tree';
import { walk } from './mdast-walk';

const PLANS = join(import.meta.dirname, 'testdata', 'plans');

/** Every block node with its type and source range: enough to tell two trees apart. */
function outline(text: string, pieceTarget?: number): string[] {
  const { root, errors } = parseMarkdownBody(text, splitLines(text), 0, pieceTarget);
  expect(errors).toEqual([]);
  const nodes: string[] = [];
  walk(root, (node: Nodes) => {
    if (node.type === 'root' || node.type === 'text') return;
    const checked = node.type === 'listItem' ? ` ${String(node.checked)}` : '';
    nodes.push(`${node.type}${checked} ${node.position?.start.offset}-${node.position?.end.offset}`);
  });
  return nodes;
}

describe('parseMarkdownBody', () => {
  it('gives positions in the whole text when parsing starts below the first line', () => {
    const text = 'front\nmatter\n# Title\n\n- [x] done\n';
    const { root } = parseMarkdownBody(text, splitLines(text), 2);
    expect(root.children.map((node) => [node.type, node.position?.start.line, node.position?.start.offset])).toEqual([
      ['heading', 3, 13],
      ['list', 5, 22],
    ]);
  });

  it.each(readdirSync(PLANS))('parses %s in small pieces exactly as in one piece', (file) => {
    const text = readFileSync(join(PLANS, file), 'utf8').replace(/^\uFEFF/, '');
    expect(outline(text, 64)).toEqual(outline(text));
  });

  it('re-parses a fenced block that crosses a piece boundary as one block', () => {
    const text = `intro\n\n\`\`\`text\nline\n\nstill code\n\n## not a heading\n\`\`\`\n\n## Heading\n\nend\n`;
    expect(outline(text, 1)).toEqual(outline(text));
    expect(outline(text, 1).filter((node) => node.startsWith('heading'))).toHaveLength(1);
  });

  it('re-parses an HTML comment that crosses a piece boundary as one block', () => {
    const text = `intro\n\n<!--\n\n## hidden\n\n-->\n\n## Shown\n`;
    expect(outline(text, 1)).toEqual(outline(text));
  });

  it('runs an unclosed fence to the end, as a single parse would', () => {
    const text = `a\n\n\`\`\`\ncode\n\n## swallowed\n\nmore\n`;
    expect(outline(text, 1)).toEqual(outline(text));
  });

  it('breaks a long text without blank lines into pieces and still finds every item', () => {
    const text = '- [ ] step\n'.repeat(8_000);
    const { root } = parseMarkdownBody(text, splitLines(text), 0);
    let items = 0;
    walk(root, (node) => {
      if (node.type === 'listItem' && node.checked === false) items++;
    });
    expect(items).toBe(8_000);
  });

  it('records a piece the parser throws on and keeps the rest', () => {
    const text = '# Title\n\n> > > deep\n\n## After\n';
    const { root, errors } = parseMarkdownBody(text, splitLines(text), 0, 1, (piece) => {
      if (piece.includes('deep')) throw new RangeError('Maximum call stack size exceeded');
      return parseMarkdownPiece(piece);
    });
    expect(errors).toEqual([{ line: 3, message: expect.stringContaining('Maximum call stack') }]);
    expect(root.children.map((node) => node.type)).toEqual(['heading', 'heading']);
  });
});
