/**
 * Recognisers for the starts of markdown blocks on one line, as micromark (the parser behind
 * remark) reads them: `pos` is where the block may start, after any container prefixes. Each
 * follows micromark's state machine rather than the CommonMark prose where the two differ. They
 * return null for "not this block" and BAIL where the line holds something the block scanner
 * leaves to the full parser.
 */

export const BAIL = 'bail';
export type Bail = typeof BAIL;

/** What the scanner throws to stop and hand the piece to remark. */
export const GIVE_UP = new Error('block scanner: construct left to the full parser');

export function orGiveUp<T>(value: T | Bail): T {
  if (value === BAIL) throw GIVE_UP;
  return value;
}

/** Spaces from `pos`; a tab among them makes columns depend on tab stops, which the scanner does not model. */
export function countSpaces(line: string, pos: number): number | Bail {
  let index = pos;
  while (line.charCodeAt(index) === 32) index++;
  return line.charCodeAt(index) === 9 ? BAIL : index - pos;
}

/** Only spaces and tabs from `pos` to the end of the line. */
export function isBlankFrom(line: string, pos: number): boolean {
  for (let index = pos; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** `***`, `- - -`, `___ `: three or more of one marker with only spaces or tabs between. */
export function isThematicBreak(line: string, pos: number): boolean {
  const marker = line[pos];
  if (marker !== '*' && marker !== '-' && marker !== '_') return false;
  let count = 0;
  for (let index = pos; index < line.length; index++) {
    const char = line[index];
    if (char === marker) count++;
    else if (char !== ' ' && char !== '\t') return false;
  }
  return count >= 3;
}

/** A line that would turn the paragraph above into a setext heading (or, lazily, a rule). */
export function isSetextUnderline(line: string, pos: number): boolean {
  return /^(?:=+|-+)[ \t]*$/.test(line.slice(pos));
}

export interface AtxHeading {
  depth: number;
  /** Where the text after the opening sequence starts (it may be blank). */
  contentStart: number;
}

export function atxHeading(line: string, pos: number): AtxHeading | null {
  let end = pos;
  while (line[end] === '#') end++;
  const depth = end - pos;
  if (depth === 0 || depth > 6) return null;
  const after = line[end];
  return after === undefined || after === ' ' || after === '\t' ? { depth, contentStart: end } : null;
}

export interface FenceOpening {
  /** The fence characters, e.g. "```" or "~~~~". */
  fence: string;
  lang: string | null;
  meta: string | null;
}

/**
 * An opening code fence. The info string's first word is the language, the rest (trailing spaces
 * included, as micromark keeps them) the meta. Escapes and character references in the info would
 * need decoding, so such a line is left to the full parser.
 */
export function fenceOpening(line: string, pos: number): FenceOpening | null | Bail {
  const marker = line[pos];
  if (marker !== '`' && marker !== '~') return null;
  let end = pos;
  while (line[end] === marker) end++;
  if (end - pos < 3) return null;
  const rest = line.slice(end);
  if (marker === '`' && rest.includes('`')) return null;
  const info = rest.replace(/^[ \t]+/, '');
  if (/[\\&]/.test(info)) return BAIL;
  const lang = /^[^ \t]*/.exec(info)![0];
  const meta = info.slice(lang.length).replace(/^[ \t]+/, '');
  return { fence: line.slice(pos, end), lang: lang || null, meta: meta || null };
}

/** A closing fence for `fence`: up to three spaces, at least as many markers, then only spaces or tabs. */
export function isClosingFence(line: string, pos: number, fence: string): boolean {
  let index = pos;
  while (index - pos < 3 && line[index] === ' ') index++;
  const start = index;
  while (line[index] === fence[0]) index++;
  return index - start >= fence.length && isBlankFrom(line, index);
}

export interface ListItemStart {
  ordered: boolean;
  /** The bullet character, or the delimiter after the number ("." or ")"). */
  marker: string;
  /** Columns from `pos` to the item's content: what each continuation line must be indented by. */
  size: number;
  /** Where the content starts on this line; the line's length for an item that starts blank. */
  contentStart: number;
  /** Just after the marker. */
  markerEnd: number;
  blank: boolean;
  /** The number an ordered item starts with. */
  start: number | null;
}

/**
 * A list item marker after up to three spaces. `interrupt` is micromark's flag for a line that
 * would otherwise continue the flow above (a paragraph, or an indented code block, whose lines it
 * keeps reading through blank lines): then an ordered item must start at 1 and no item may be
 * empty. `sibling` restricts the marker to continue a list already open.
 */
export function listItemStart(
  line: string,
  pos: number,
  interrupt: boolean,
  sibling?: { ordered: boolean; marker: string },
): ListItemStart | null | Bail {
  let index = pos;
  while (index - pos < 3 && line[index] === ' ') index++;
  if (line[index] === '\t') return BAIL;
  const markerStart = index;
  const first = line[index];
  let ordered: boolean;
  let marker: string;
  let start: number | null = null;
  if (first === '*' || first === '+' || first === '-') {
    if (sibling && (sibling.ordered || sibling.marker !== first)) return null;
    if (first !== '+' && isThematicBreak(line, index)) return null;
    ordered = false;
    marker = first;
    index++;
  } else {
    while (index - markerStart < 9 && line.charCodeAt(index) >= 48 && line.charCodeAt(index) <= 57) index++;
    const digits = index - markerStart;
    if (digits === 0) return null;
    if (interrupt && (digits > 1 || first !== '1')) return null;
    const delimiter = line[index];
    if (delimiter !== '.' && delimiter !== ')') return null;
    if (sibling && (!sibling.ordered || sibling.marker !== delimiter)) return null;
    ordered = true;
    marker = delimiter;
    start = Number(line.slice(markerStart, index));
    index++;
  }
  const afterMarker = index;
  if (isBlankFrom(line, afterMarker)) {
    if (interrupt) return null;
    if (line.includes('\t', afterMarker)) return BAIL;
    return {
      ordered,
      marker,
      size: afterMarker - pos + 1,
      contentStart: line.length,
      markerEnd: afterMarker,
      blank: true,
      start,
    };
  }
  const spaces = countSpaces(line, afterMarker);
  if (spaces === BAIL) return BAIL;
  if (spaces === 0) return null;
  // Five or more spaces: the content starts after one, and the rest makes it indented code.
  const padding = spaces <= 4 ? spaces : 1;
  return {
    ordered,
    marker,
    size: afterMarker - pos + padding,
    contentStart: afterMarker + padding,
    markerEnd: afterMarker,
    blank: false,
    start,
  };
}

/** After a `>` marker: one optional space belongs to the marker. */
export function afterQuoteMarker(line: string, markerAt: number): number | Bail {
  const next = line[markerAt + 1];
  if (next === '\t') return BAIL;
  return next === ' ' ? markerAt + 2 : markerAt + 1;
}

/** A `>` after up to three spaces: the index of the `>`, or null. */
export function quoteMarker(line: string, pos: number): number | null | Bail {
  let index = pos;
  while (index - pos < 3 && line[index] === ' ') index++;
  if (line[index] === '\t') return BAIL;
  return line[index] === '>' ? index : null;
}

/**
 * Cells of a table head row, counted the way micromark-extension-gfm-table counts them (a cell
 * is counted where something follows its start, a lone pipe is no row), or 0 when the line
 * cannot head a table.
 */
export function tableHeadCells(line: string, pos: number): number {
  let cells = 0;
  let marks = 0;
  let open = line[pos] !== '|';
  if (open) marks++;
  let index = pos;
  while (index < line.length) {
    const char = line[index];
    if (char === ' ' || char === '\t') {
      index++;
      continue;
    }
    marks++;
    if (open) {
      open = false;
      cells++;
    }
    if (char === '|') {
      open = true;
      index++;
      continue;
    }
    while (index < line.length && line[index] !== '|' && line[index] !== ' ' && line[index] !== '\t') {
      index += line[index] === '\\' && (line[index + 1] === '\\' || line[index + 1] === '|') ? 2 : 1;
    }
  }
  return marks > 1 ? cells : 0;
}

/** Cells of a table delimiter row (`| --- | :-: |`), or 0 when the line is not one. */
export function tableDelimiterCells(line: string, pos: number): number {
  let index = pos;
  while (index - pos < 3 && line[index] === ' ') index++;
  let cells = 0;
  let pipeOrColon = false;
  const skipWhitespace = () => {
    while (line[index] === ' ' || line[index] === '\t') index++;
  };
  if (line[index] !== '-' && line[index] !== ':' && line[index] !== '|') return 0;
  for (;;) {
    if (line[index] === '|') {
      pipeOrColon = true;
      index++;
      skipWhitespace();
    }
    if (index >= line.length) break;
    if (line[index] === ':') {
      pipeOrColon = true;
      index++;
      if (line[index] !== '-') return 0;
    } else if (line[index] !== '-') {
      return 0;
    }
    cells++;
    while (line[index] === '-') index++;
    if (line[index] === ':') {
      pipeOrColon = true;
      index++;
    }
    skipWhitespace();
    if (index >= line.length) break;
    if (line[index] !== '|') return 0;
  }
  return pipeOrColon ? cells : 0;
}
