import { pairBacktickRuns } from './backtick-runs';

/**
 * The markdown parser (micromark) slows down far more than linearly on a few kinds of input that
 * never occur in a real plan but can in a damaged or hostile file: containers nested thousands
 * deep ("> > > …", "- - - …", list items indented hundreds of columns), a paragraph with
 * thousands of mixed emphasis delimiters ("*a_ *a_ …" took two minutes for 100 kB), and many
 * backtick runs that close nothing (each one makes the parser search the rest of the paragraph),
 * and thousands of setext underlines ("text" over "---", each one rescans the piece's events).
 * Before a piece is parsed, those characters are replaced with spaces. Lengths and line breaks
 * stay the same, so every position in the tree still points at the original text; only the
 * structure of the damaged part changes, and it could not have held a meaningful plan section.
 */

/** More containers than this on one line are flattened; plans nest a handful at most. */
export const MAX_CONTAINERS_PER_LINE = 16;
/** A container marker further right than this column is flattened. */
export const MAX_CONTAINER_COLUMN = 120;
/** More emphasis delimiters than this in one block of lines are blanked out. */
export const MAX_DELIMITERS_PER_BLOCK = 2000;
/** Unpaired backtick runs times the block's length: the parser's search cost, in characters. */
export const MAX_BACKTICK_SEARCH = 20_000_000;
/** More `===`/`---` lines than this in a piece are blanked; a plan uses a few at most. */
export const MAX_UNDERLINES = 100;

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
const FENCE_LINE = /^[ \t]*(?:`{3,}|~{3,})/;
const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/gm;

export function guardMarkdown(text: string): string {
  const tooManyUnderlines = (text.match(UNDERLINE)?.length ?? 0) > MAX_UNDERLINES;
  if (!tooManyUnderlines && !needsGuard(text)) return text;
  const lines = (text.match(LINE) ?? []).map((line) => (tooManyUnderlines ? blankUnderline(line) : line));
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    for (const line of guardBlock(block)) out.push(line);
    block = [];
  };
  for (const line of lines) {
    const flattened = flattenContainers(line);
    if (flattened.trim() === '') {
      flush();
      out.push(flattened);
    } else {
      block.push(flattened);
    }
  }
  flush();
  return out.join('');
}

/** A `---` or `===` line keeps its line ending and becomes blank. */
function blankUnderline(line: string): string {
  const content = line.replace(/[\r\n]+$/, '');
  UNDERLINE.lastIndex = 0;
  return new RegExp(UNDERLINE.source).test(content) ? ' '.repeat(content.length) + line.slice(content.length) : line;
}

/**
 * More container markers in a row than the limit, with only spaces, tabs and digits between
 * them (as in "> > >" or "1. - -"); a line break or any other character ends a row.
 */
const MARKER_ROW = new RegExp(`[>\\-+*.)](?:[ \\t0-9]*[>\\-+*.)]){${MAX_CONTAINERS_PER_LINE}}`);
const DEEP_INDENT = new RegExp(`^[ \\t]{${MAX_CONTAINER_COLUMN},}`, 'm');
const THIRTY_SPACES = ' '.repeat(Math.min(30, MAX_CONTAINER_COLUMN));

/**
 * Cheap check, so ordinary pieces pass through untouched (the `===`/`---` count aside, which
 * guardMarkdown makes itself). Regular expressions and indexOf scan in native code, several
 * times faster than a loop over characters in JS.
 */
export function needsGuard(text: string): boolean {
  return (
    MARKER_ROW.test(text) ||
    hasMoreThan(text, ['*', '_', '~'], MAX_DELIMITERS_PER_BLOCK) ||
    hasMoreThan(text, ['`'], Math.floor(MAX_BACKTICK_SEARCH / Math.max(1, text.length))) ||
    // Such indentation holds a tab or thirty spaces in a row: cheap to rule out before the multiline regex.
    ((text.includes('\t') || text.includes(THIRTY_SPACES)) && DEEP_INDENT.test(text))
  );
}

/** Whether the characters occur more than `limit` times in all; stops counting there. */
function hasMoreThan(text: string, chars: string[], limit: number): boolean {
  let count = 0;
  for (const char of chars) {
    for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) if (++count > limit) return true;
  }
  return false;
}

interface Prefix {
  /** Index just past the container markers at the start of the line. */
  end: number;
  /** Positions of marker characters that nest too deep. */
  excess: number[];
}

function containerPrefix(line: string): Prefix {
  const excess: number[] = [];
  let index = 0;
  let count = 0;
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') index++;
    let markerLength: number;
    if (line[index] === '>') markerLength = 1;
    else if (/[-*+]/.test(line[index] ?? '') && /^[ \t\r\n]?$/.test(line[index + 1] ?? '')) markerLength = 1;
    else markerLength = /^\d{1,9}[.)](?=[ \t\r\n]|$)/.exec(line.slice(index, index + 11))?.[0].length ?? 0;
    if (markerLength === 0) return { end: index, excess };
    count++;
    if (count > MAX_CONTAINERS_PER_LINE || index > MAX_CONTAINER_COLUMN) {
      for (let offset = 0; offset < markerLength; offset++) excess.push(index + offset);
    }
    index += markerLength;
  }
}

function flattenContainers(line: string): string {
  return blankPositions(line, containerPrefix(line).excess);
}

/** `line` with the characters at the given ascending positions replaced by spaces. */
function blankPositions(line: string, positions: readonly number[]): string {
  if (positions.length === 0) return line;
  let result = '';
  let copied = 0;
  for (const position of positions) {
    result += `${line.slice(copied, position)} `;
    copied = position + 1;
  }
  return result + line.slice(copied);
}

function guardBlock(block: string[]): string[] {
  return blankUnpairedBackticks(blankEmphasis(block));
}

/** Fence lines keep their characters: blanking them would turn code into prose. */
function blankEmphasis(block: string[]): string[] {
  let delimiters = 0;
  for (const line of block) for (const char of line) if (char === '*' || char === '_' || char === '~') delimiters++;
  if (delimiters <= MAX_DELIMITERS_PER_BLOCK) return block;
  return block.map((line) => {
    const { end } = containerPrefix(line);
    const rest = line.slice(end);
    return FENCE_LINE.test(rest) ? line : line.slice(0, end) + rest.replace(/[*_~]/g, ' ');
  });
}

function blankUnpairedBackticks(block: string[]): string[] {
  const runs: { line: number; start: number; length: number }[] = [];
  let blockLength = 0;
  block.forEach((line, index) => {
    blockLength += line.length;
    if (!line.includes('`') || FENCE_LINE.test(line.slice(containerPrefix(line).end))) return;
    for (const match of line.matchAll(/`+/g)) runs.push({ line: index, start: match.index, length: match[0].length });
  });
  const partners = pairBacktickRuns(runs.map((run) => run.length));
  const unpaired = runs.filter((_, index) => partners[index] === -1);
  if (unpaired.length * blockLength <= MAX_BACKTICK_SEARCH) return block;
  const positions = new Map<number, number[]>();
  for (const run of unpaired) {
    const list = positions.get(run.line) ?? [];
    for (let offset = 0; offset < run.length; offset++) list.push(run.start + offset);
    positions.set(run.line, list);
  }
  return block.map((line, index) => blankPositions(line, positions.get(index) ?? []));
}
