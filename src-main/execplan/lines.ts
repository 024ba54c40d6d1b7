/**
 * Lines of a text, split the way CommonMark (and so the markdown parser) splits them: at CRLF, LF
 * or a lone CR. Splitting differently would make our line numbers disagree with the parser's.
 */
export interface TextLines {
  /** Line contents without their line endings; lines[0] is line 1. */
  lines: string[];
  /** Offset in the text where each line starts. */
  starts: number[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

export function splitLines(text: string): TextLines {
  const lines: string[] = [];
  const starts: number[] = [0];
  let lineStart = 0;
  // Most files have no CR at all; searching for LF alone is several times faster than the regex.
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', lineStart)) {
      lines.push(text.slice(lineStart, at));
      lineStart = at + 1;
      starts.push(lineStart);
    }
    lines.push(text.slice(lineStart));
    return { lines, starts };
  }
  for (const match of text.matchAll(LINE_BREAK)) {
    lines.push(text.slice(lineStart, match.index));
    lineStart = match.index + match[0].length;
    starts.push(lineStart);
  }
  lines.push(text.slice(lineStart));
  return { lines, starts };
}

/** CRLF when more lines end with it than with a bare LF; a file with no line break counts as LF. */
export function dominantLineEnding(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    if (index > 0 && text.charCodeAt(index - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}
