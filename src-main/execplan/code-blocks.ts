import type { Root } from 'mdast';
import { walk } from './mdast-walk';
import type { CodeBlock } from './types';

const FENCE = /^(`{3,}|~{3,})/;

/** Every code block in the tree, with the facts the parser does not keep: which fence opened it and whether one closed it. */
export function readCodeBlocks(root: Root, lines: readonly string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  walk(root, (node) => {
    if (node.type !== 'code' || !node.position) return;
    const { start, end } = node.position;
    const opening = lines[start.line - 1]?.slice(start.column - 1) ?? '';
    const fence = FENCE.exec(opening)?.[1] ?? null;
    const info = [node.lang, node.meta].filter(Boolean).join(' ') || null;
    blocks.push({
      line: start.line,
      endLine: end.line,
      fenced: fence !== null,
      fence,
      info: fence === null ? null : info,
      closed: fence === null || (end.line > start.line && isClosingFence(lines[end.line - 1] ?? '', fence)),
    });
  });
  return blocks;
}

/** A closing fence repeats the opening character at least as many times, with nothing after it; quote markers and indentation come first. */
export function isClosingFence(line: string, fence: string): boolean {
  const content = line.replace(/^[\s>]*/, '');
  const run = /^(`+|~+)[ \t]*$/.exec(content)?.[1];
  return run !== undefined && run[0] === fence[0] && run.length >= fence.length;
}

/** `mask[line]` is true for every line (1-based) that lies inside a code block, fences included. */
export function codeLineMask(blocks: readonly CodeBlock[], lineCount: number): Uint8Array {
  const mask = new Uint8Array(lineCount + 2);
  for (const block of blocks) mask.fill(1, block.line, Math.min(block.endLine, lineCount) + 1);
  return mask;
}
