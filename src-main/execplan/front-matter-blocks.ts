import { REQUIRED_FRONT_MATTER_KEYS } from './front-matter-schema';

/**
 * Finds blocks in the body that look like front matter: a `---` line, lines of `key: value` that
 * name at least two of the required keys, and a closing `---`. They come from pasting a plan into
 * another, or from front matter pushed down by text above it; in the body they render as a rule
 * and a heading, and the registry never sees them.
 */

const DELIMITER = /^---[ \t]*$/;
const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:/;
const CONTINUATION = /^(?:[ \t]+\S|[ \t]*-[ \t]|[ \t]*#|[ \t]*$)/;
/** Real front matter is short; looking further would make the scan quadratic on a file full of rules. */
const MAX_BLOCK_LINES = 60;
const REQUIRED_KEYS = new Set<string>(REQUIRED_FRONT_MATTER_KEYS);

/** Opening lines (1-based) of front-matter-like blocks, from line `fromLine` on, skipping lines for which `skip` is true. */
export function findFrontMatterBlocks(
  lines: readonly string[],
  fromLine: number,
  skip: (line: number) => boolean,
): number[] {
  const found: number[] = [];
  for (let line = fromLine; line <= lines.length; line++) {
    if (skip(line) || !DELIMITER.test(lines[line - 1]!)) continue;
    const closing = closingLineOfBlock(lines, line);
    if (closing !== undefined) {
      found.push(line);
      line = closing;
    }
  }
  return found;
}

function closingLineOfBlock(lines: readonly string[], opening: number): number | undefined {
  const keys = new Set<string>();
  const last = Math.min(lines.length, opening + MAX_BLOCK_LINES);
  for (let line = opening + 1; line <= last; line++) {
    const text = lines[line - 1]!;
    if (DELIMITER.test(text)) return keys.size >= 2 ? line : undefined;
    const key = KEY_LINE.exec(text)?.[1];
    if (key !== undefined) {
      if (REQUIRED_KEYS.has(key)) keys.add(key);
    } else if (!CONTINUATION.test(text)) {
      return undefined;
    }
  }
  return undefined;
}
