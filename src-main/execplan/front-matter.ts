import { parseDocument } from 'yaml';
import type { TextLines } from './lines';
import { readSimpleYaml } from './simple-yaml';
import type { FrontMatter } from './types';

/**
 * YAML front matter counts only when the file's very first line (after a byte order mark, which the
 * caller removes) is `---` and a later line closes it with `---`, as the ExecPlan format requires.
 * Anything else is ordinary markdown, where `---` is a horizontal rule.
 */

const DELIMITER = /^---[ \t]*$/;

/** FrontMatter.error when the YAML parses but is a list or a single value instead of key: value lines. */
export const NOT_A_MAPPING = 'the front matter is not a list of key: value lines';

export const NO_FRONT_MATTER: FrontMatter = Object.freeze({
  data: null,
  raw: null,
  startLine: 0,
  endLine: 0,
  error: null,
  errorLine: 0,
});

export interface FrontMatterSplit {
  frontMatter: FrontMatter;
  /** Number of lines the block occupies (0 without one); the markdown body starts on the next line. */
  lineCount: number;
}

export function readFrontMatter(text: string, { lines, starts }: TextLines): FrontMatterSplit {
  if (lines.length === 0 || !DELIMITER.test(lines[0]!)) return { frontMatter: NO_FRONT_MATTER, lineCount: 0 };
  const closing = lines.findIndex((line, index) => index > 0 && DELIMITER.test(line));
  if (closing === -1) {
    return {
      frontMatter: {
        ...NO_FRONT_MATTER,
        startLine: 1,
        error: 'the opening --- on line 1 has no closing --- line',
        errorLine: 1,
      },
      lineCount: 0,
    };
  }
  // Sliced from the text rather than joined from lines, so CRLF and every other byte stay as written.
  const raw = closing === 1 ? '' : text.slice(starts[1], starts[closing - 1]! + lines[closing - 1]!.length);
  const parsed = parseYamlMapping(raw, 1);
  return { frontMatter: { ...parsed, raw, startLine: 1, endLine: closing + 1 }, lineCount: closing + 1 };
}

type ParsedYaml = Pick<FrontMatter, 'data' | 'error' | 'errorLine'>;

/** Parses the YAML between the delimiters; `delimiterLine` is the file line of the opening `---`. */
function parseYamlMapping(raw: string, delimiterLine: number): ParsedYaml {
  const simple = readSimpleYaml(raw);
  if (simple) return { data: simple, error: null, errorLine: 0 };
  try {
    const document = parseDocument(raw, { prettyErrors: false, uniqueKeys: true });
    const firstError = document.errors[0];
    if (firstError) {
      const linesBefore = raw.slice(0, firstError.pos[0]).split(/\r\n|\r|\n/).length;
      return { data: null, error: oneLine(firstError.message), errorLine: delimiterLine + linesBefore };
    }
    // Few aliases: front matter holds scalars and short lists, and alias bombs must not expand.
    const value: unknown = document.toJS({ maxAliasCount: 20 });
    if (value === null || value === undefined) return { data: {}, error: null, errorLine: 0 };
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { data: null, error: NOT_A_MAPPING, errorLine: delimiterLine + 1 };
    }
    return { data: value as Record<string, unknown>, error: null, errorLine: 0 };
  } catch (error) {
    // The yaml package reports syntax problems in document.errors; it throws only on alias bombs and the like.
    return { data: null, error: oneLine(String(error)), errorLine: delimiterLine };
  }
}

function oneLine(message: string): string {
  return message.split(/\r?\n/)[0]!.trim();
}
