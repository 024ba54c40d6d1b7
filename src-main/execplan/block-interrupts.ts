import { continuationOf, type Container } from './block-containers';
import {
  atxHeading,
  countSpaces,
  fenceOpening,
  GIVE_UP,
  isBlankFrom,
  isSetextUnderline,
  isThematicBreak,
  orGiveUp,
  tableDelimiterCells,
  tableHeadCells,
} from './block-syntax';

/**
 * Where an open paragraph or table ends in the block scanner: micromark ends them at a blank line
 * or where another block interrupts them, and lets a table's head row interrupt a paragraph.
 */

const DELIMITER_ROW_CHARS = /^[ \t>|:-]+$/;

/** Whether a line continues the open paragraph, or starts a block that interrupts it. */
export function paragraphContinues(
  lines: readonly string[],
  stack: readonly Container[],
  line: number,
  pos: number,
  lazy: boolean,
): boolean {
  const text = lines[line]!;
  if (isBlankFrom(text, pos)) return false;
  const indent = orGiveUp(countSpaces(text, pos));
  if (indent >= 4) return true;
  const start = pos + indent;
  const char = text[start];
  if (char === '<' || isSetextUnderline(text, start)) throw GIVE_UP;
  if (char === '#' && atxHeading(text, start)) return false;
  if ((char === '`' || char === '~') && orGiveUp(fenceOpening(text, start))) return false;
  if (isThematicBreak(text, start)) return false;
  return !tableStartsAt(lines, stack, line, start, lazy);
}

/** After a table row: another row, unless the line is blank or starts another block. */
export function tableRowContinues(text: string, pos: number): boolean {
  if (isBlankFrom(text, pos)) return false;
  const indent = orGiveUp(countSpaces(text, pos));
  if (indent >= 4) return false;
  const start = pos + indent;
  const char = text[start];
  if (char === '<') throw GIVE_UP;
  if (char === '#' && atxHeading(text, start)) return false;
  if ((char === '`' || char === '~') && orGiveUp(fenceOpening(text, start))) return false;
  return !isThematicBreak(text, start);
}

/**
 * Whether a GFM table starts at `line`: a head row here and a delimiter row with as many cells
 * next. When a lazy line would start one inside the paragraph it interrupts, the containers
 * it left stay open for the delimiter row: that is left to remark.
 */
export function tableStartsAt(
  lines: readonly string[],
  stack: readonly Container[],
  line: number,
  start: number,
  lazy: boolean,
): boolean {
  const next = lines[line + 1];
  // A delimiter row holds nothing but pipes, colons, dashes and blanks (and the quote markers before it).
  if (next === undefined || !DELIMITER_ROW_CHARS.test(next) || !next.includes('-')) return false;
  const cells = tableHeadCells(lines[line]!, start);
  if (cells === 0) return false;
  const nextPos = continuationOf(stack, next);
  if (nextPos === null) return false;
  if (orGiveUp(countSpaces(next, nextPos)) > 3 || tableDelimiterCells(next, nextPos) !== cells) return false;
  if (lazy) throw GIVE_UP;
  return true;
}
