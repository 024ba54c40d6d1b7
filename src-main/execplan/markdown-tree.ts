import type { PhrasingContent, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { scanBlocks } from './block-scan';
import { isBlank, splitLines, type TextLines } from './lines';
import { guardMarkdown, MAX_UNDERLINES, needsGuard } from './markdown-guard';
import { walk } from './mdast-walk';

/**
 * Parses the markdown body into one mdast tree whose positions count lines and offsets of the whole
 * file. Large files are parsed in pieces: the parser slows down more than linearly on big inputs
 * (a 1 MB plan took most of a minute in one piece), and pieces keep the work linear.
 *
 * A piece may only end where a fresh top-level block starts, so that the pieces parse exactly as
 * the whole would: after a blank line, at a line that starts in column one and is not a list item.
 * There every list, quote, paragraph, indented code and HTML block of the kinds that end at a
 * blank line is already closed. Two constructs reach further: a top-level fenced code block and an HTML block of the
 * kinds that end at a marker (`-->`, `</pre>`, ...). When a piece ends inside one of those, the
 * block is dropped and parsed again at the start of the next piece, which is made to reach past
 * the block's end. (Link reference definitions do not cross pieces; nothing here reads links.)
 */

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Characters per piece. Some of the parser's work grows with the square of a piece's size (each
 * list rescans the piece's events), so pieces are small; below about 8 kB the cost per call starts
 * to show. Measured on 1 MB: realistic plans parse in about 0.5 s at any size from 4 to 32 kB, a
 * file of nothing but short lists in 5 s at 8 kB against 10 s at 32 kB.
 */
const PIECE_TARGET_CHARS = 8 * 1024;
/** Characters without a safe break after which a piece may end at any line in column one. */
const FORCED_BREAK_CHARS = 64 * 1024;

export interface MarkdownTree {
  root: Root;
  errors: { line: number; message: string }[];
}

/** One piece of markdown to a tree with positions relative to the piece. */
export function parseMarkdownPiece(piece: string): Root {
  return parseWithRemark(guardMarkdown(piece));
}

/**
 * micromark drops a byte order mark that starts its input and counts offsets (and the first
 * line's columns) without it. A piece can start with one when a second file's text follows the
 * front matter; its positions are moved back onto the text here.
 */
function parseWithRemark(piece: string): Root {
  const root = processor.parse(piece);
  if (piece.charCodeAt(0) !== 0xfeff) return root;
  walk(root, (node) => {
    for (const point of node.position ? [node.position.start, node.position.end] : []) {
      if (point.offset !== undefined) point.offset++;
      if (point.line === 1) point.column++;
    }
  });
  return root;
}

/**
 * Like parseMarkdownPiece, but reads the piece with the block scanner when it can: the tree then
 * holds the blocks without their inline content (see block-scan.ts), which is all an ExecPlan is
 * read from, at a small fraction of the cost. Pieces the guard would change go to remark as
 * before. A piece with something the scanner leaves alone (an HTML comment, a `<…>` placeholder
 * line) is read again in the smallest pieces, so that only the blocks around it go to remark.
 */
export function parseMarkdownBlocks(piece: string): Root {
  // Without needsGuard, the guard would only blank a surplus of `---` lines, which the scanner
  // counts itself (the guard's own count is a multiline regex over the piece, slow for what it finds).
  const unguarded = !needsGuard(piece) || guardMarkdown(piece) === piece;
  const tree = unguarded ? scanBlocks(piece, SCAN_OPTIONS) : null;
  if (tree) return tree;
  const guarded = guardMarkdown(piece);
  // A link reference definition changes link text in other blocks (headings): such a piece stays whole.
  if (guarded !== piece || piece.includes(']:')) return parseWithRemark(guarded);
  const { root, errors } = parseMarkdownBody(piece, splitLines(piece), 0, 1, parseSmallPiece);
  return errors.length === 0 ? root : parseWithRemark(piece);
}

/** A piece of an unguarded piece, which the guard would not change either. */
function parseSmallPiece(piece: string): Root {
  return scanBlocks(piece, SCAN_OPTIONS) ?? parseWithRemark(piece);
}

const SCAN_OPTIONS = { headingInline, maxUnderlines: MAX_UNDERLINES };

/** The inline content of a heading line that the scanner's shortcut cannot render. */
function headingInline(line: string): PhrasingContent[] {
  const heading = processor.parse(line).children[0];
  if (heading?.type !== 'heading') return [];
  walk(heading, (node) => delete node.position); // positions in the line alone would point elsewhere
  return heading.children;
}

/**
 * Parses lines `firstLine` (0-based) to the end. `parsePiece` reads one piece: the full remark
 * parse by default, parseMarkdownBlocks where only the blocks are needed. Tests also set the piece size.
 */
export function parseMarkdownBody(
  text: string,
  textLines: TextLines,
  firstLine: number,
  pieceTargetChars = PIECE_TARGET_CHARS,
  parsePiece: (piece: string) => Root = parseMarkdownPiece,
): MarkdownTree {
  const tree: MarkdownTree = { root: { type: 'root', children: [] }, errors: [] };
  parseRange({ text, textLines, tree, parsePiece }, firstLine, textLines.lines.length, pieceTargetChars);
  return tree;
}

interface ParseState {
  text: string;
  textLines: TextLines;
  tree: MarkdownTree;
  parsePiece: (piece: string) => Root;
}

/** Parses lines [from, to) piece by piece into state.tree. */
function parseRange(state: ParseState, from: number, to: number, pieceTarget: number): void {
  const { text, textLines, tree, parsePiece } = state;
  const { lines, starts } = textLines;
  let pieceStart = from;
  let mustReach = 0;
  while (pieceStart < to) {
    const pieceEnd = choosePieceEnd(lines, pieceStart, to, Math.max(mustReach, pieceStart + 1), pieceTarget);
    const pieceText = text.slice(starts[pieceStart], pieceEnd < lines.length ? starts[pieceEnd] : text.length);
    let children: RootContent[];
    try {
      children = parsePiece(pieceText).children;
    } catch (error) {
      // micromark recurses per nesting level and can still overflow the stack; parse the smallest
      // pieces possible so that only the block at fault is lost, and report that block.
      if (pieceTarget > 1 && pieceEnd - pieceStart > 1) {
        parseRange(state, pieceStart, pieceEnd, 1);
      } else {
        tree.errors.push({ line: deepestLine(lines, pieceStart, pieceEnd) + 1, message: parseFailure(error) });
      }
      pieceStart = pieceEnd;
      mustReach = 0;
      continue;
    }
    shiftPositions(children, pieceStart, starts[pieceStart]!);
    const last = children.at(-1);
    const reach = last && pieceEnd < to ? blockEndBeyond(last, lines, pieceEnd) : undefined;
    if (reach !== undefined && last!.position!.start.line - 1 > pieceStart) {
      children.pop();
      appendAll(tree.root.children, children);
      pieceStart = last!.position!.start.line - 1;
      mustReach = Math.min(reach, to);
      continue;
    }
    if (reach !== undefined) {
      // The block starts the piece: parse the piece again, this time reaching past the block's end.
      mustReach = Math.min(reach, to);
      continue;
    }
    appendAll(tree.root.children, children);
    pieceStart = pieceEnd;
    mustReach = 0;
  }
}

/**
 * First line (0-based, exclusive) of the next piece: a safe break at least `minEnd` and about
 * `target` characters on, or `to`. A text with no safe break for a long stretch (one huge
 * paragraph, list or table) would still be one slow piece; past FORCED_BREAK_CHARS it may also
 * break before any line in column one or a blank line. That is not exact (the line no longer
 * continues the paragraph, list or table above it), but only text without a blank line followed
 * by an unindented line for tens of kilobytes reaches it, and every heading, list item and code
 * block is still found.
 */
function choosePieceEnd(lines: readonly string[], start: number, to: number, minEnd: number, target: number): number {
  let chars = 0;
  for (let line = start; line < to; line++) {
    chars += lines[line]!.length + 1;
    const next = line + 1;
    if (next < minEnd || chars < target || next >= to) continue;
    if (isSafeBreak(lines, next) || (chars >= FORCED_BREAK_CHARS && isForcedBreak(lines[next]!))) return next;
  }
  return to;
}

/** A list item after a blank line may continue the list above, so it is not a safe break either. */
function isSafeBreak(lines: readonly string[], line: number): boolean {
  const text = lines[line]!;
  return isBlank(lines[line - 1]!) && /^[^\s]/.test(text) && !/^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(text);
}

/** A blank line, or a line in column one that is not an underline or rule (which would change the line above). */
function isForcedBreak(text: string): boolean {
  if (text === '') return true;
  return text[0] !== ' ' && text[0] !== '\t' && !/^[-=*_\s]+$/.test(text);
}

/** push(...items) passes every item as an argument, which overflows the stack for a long list. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

const FENCE_OPENING = /^ {0,3}(`{3,}|~{3,})/;
const MARKER_HTML_BLOCKS: { opening: RegExp; closing: RegExp }[] = [
  { opening: /^ {0,3}<(?:pre|script|style|textarea)(?:[\s>]|$)/i, closing: /<\/(?:pre|script|style|textarea)>/i },
  { opening: /^ {0,3}<!--/, closing: /-->/ },
  { opening: /^ {0,3}<\?/, closing: /\?>/ },
  { opening: /^ {0,3}<!\[CDATA\[/, closing: /\]\]>/ },
  { opening: /^ {0,3}<![A-Za-z]/, closing: />/ },
];

/**
 * When `node` (the last top-level block of a piece ending at `pieceEnd`) is a block that does not
 * end at a blank line and its end lies at or past `pieceEnd`, the line (exclusive, 0-based) the
 * next piece must reach to contain all of it. Undefined when the node ends inside the piece.
 */
function blockEndBeyond(node: RootContent, lines: readonly string[], pieceEnd: number): number | undefined {
  if (node.type !== 'code' && node.type !== 'html') return undefined;
  const openingLine = node.position!.start.line - 1;
  const opening = lines[openingLine]!;
  let endLine: number | undefined;
  if (node.type === 'code') {
    const fence = FENCE_OPENING.exec(opening)?.[1];
    if (!fence) return undefined; // indented code ends before any unindented line
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    endLine = findLine(lines, openingLine + 1, (line) => closing.test(line));
  } else {
    const kind = MARKER_HTML_BLOCKS.find((candidate) => candidate.opening.test(opening));
    if (!kind) return undefined;
    endLine = kind.closing.test(opening.replace(kind.opening, ''))
      ? openingLine
      : findLine(lines, openingLine + 1, (line) => kind.closing.test(line));
  }
  const reach = endLine === undefined ? lines.length : endLine + 1;
  return reach > pieceEnd ? reach : undefined;
}

function findLine(lines: readonly string[], from: number, matches: (line: string) => boolean): number | undefined {
  for (let line = from; line < lines.length; line++) if (matches(lines[line]!)) return line;
  return undefined;
}

function shiftPositions(nodes: RootContent[], lineShift: number, offsetShift: number): void {
  if (lineShift === 0 && offsetShift === 0) return;
  for (const top of nodes) {
    walk(top, (node) => {
      const position = node.position;
      if (!position) return;
      position.start.line += lineShift;
      position.end.line += lineShift;
      if (position.start.offset !== undefined) position.start.offset += offsetShift;
      if (position.end.offset !== undefined) position.end.offset += offsetShift;
    });
  }
}

/** The line (0-based) in [from, to) with the longest run of leading container characters: where nesting is deepest. */
function deepestLine(lines: readonly string[], from: number, to: number): number {
  let deepest = from;
  let longest = -1;
  for (let line = from; line < to; line++) {
    const run = /^[\s>*+\-\d.)]*/.exec(lines[line]!)![0].length;
    if (run > longest) {
      longest = run;
      deepest = line;
    }
  }
  return deepest;
}

function parseFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the markdown parser gave up here (${message.split('\n')[0]})`;
}
