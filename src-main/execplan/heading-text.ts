import { pairBacktickRuns } from './backtick-runs';

/**
 * The readable text of an ATX heading's content when it can be had without an inline parser:
 * plain words and `code spans`, which is what nearly every plan heading holds. Undefined when
 * anything else could change the text (emphasis, links, escapes, character references, HTML,
 * strikethrough), so that the caller parses the line in full. Parsing one heading line with
 * remark costs about 0.2 ms; a plan has dozens of headings.
 */

/** Characters that can start inline syntax other than code spans. */
const INLINE_SYNTAX = /[\\*_[\]<~]|&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{0,31});/;
/** GFM links bare URLs and addresses; their text stays the same, unless one runs into a code span. */
const AUTOLINK_LITERAL = /:\/\/|www\.|@|mailto:|xmpp:/i;

/**
 * The heading's content: after the opening `#`s, without the optional closing sequence and
 * surrounding blanks. Trimmed by index rather than with `[ \t]+$`, which backtracks over every
 * blank of a long run that does not end the line.
 */
export function atxHeadingContent(line: string, contentStart: number): string {
  let start = contentStart;
  let end = line.length;
  while (start < end && isBlank(line[start]!)) start++;
  while (end > start && isBlank(line[end - 1]!)) end--;
  let closing = end;
  while (closing > start && line[closing - 1] === '#') closing--;
  if (closing === end) return line.slice(start, end);
  if (closing === start) return '';
  if (!isBlank(line[closing - 1]!)) return line.slice(start, end);
  while (closing > start && isBlank(line[closing - 1]!)) closing--;
  return line.slice(start, closing);
}

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t';
}

export function plainHeadingText(content: string): string | undefined {
  // The parser replaces NUL; tabs it may expand. Neither belongs in a heading.
  if (/[\t\0]/.test(content)) return undefined;
  if (!content.includes('`')) return INLINE_SYNTAX.test(content) ? undefined : content;
  const runs = [...content.matchAll(/`+/g)].map((match) => ({ start: match.index, length: match[0].length }));
  const partners = pairBacktickRuns(runs.map((run) => run.length));
  let text = '';
  let outside = '';
  let copied = 0;
  runs.forEach((run, index) => {
    const partner = partners[index]!;
    if (partner <= index) return; // unpaired, or the closing run of a span already taken
    const close = runs[partner]!;
    const between = content.slice(copied, run.start);
    outside += between;
    text += between + codeSpanValue(content.slice(run.start + run.length, close.start));
    copied = close.start + close.length;
  });
  const rest = content.slice(copied);
  outside += rest;
  if (INLINE_SYNTAX.test(outside) || (copied > 0 && AUTOLINK_LITERAL.test(outside))) return undefined;
  return text + rest;
}

/** CommonMark: one space is stripped from both ends when both are spaces and the span is not all spaces. */
function codeSpanValue(inside: string): string {
  return inside.startsWith(' ') && inside.endsWith(' ') && /[^ ]/.test(inside) ? inside.slice(1, -1) : inside;
}
