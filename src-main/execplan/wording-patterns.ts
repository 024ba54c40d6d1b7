import type { ExecPlanRuleId } from './rules';

/**
 * Phrases that make a plan depend on the reader's guesswork. English only: a plan written in
 * another language is not checked for wording. Each pattern is bounded (no nested open-ended
 * repetition), so a long line cannot make matching slow.
 */
export interface WordingPattern {
  rule: ExecPlanRuleId;
  pattern: RegExp;
  /** 'instructions': skipped in the sections that record history (Progress, Surprises, Decision Log, Outcomes). */
  scope: 'everywhere' | 'instructions';
  /** Only a finding when no command (inline code or a code block) is within a few lines. */
  unlessCommandNearby?: boolean;
}

const DOCUMENT_WORD =
  '(?:docs?|documents?|documentation|design docs?|specs?|specifications?|rfcs?|adrs?|wiki|tickets?|threads?|slack|confluence|notion|jira|meeting notes|runbooks?|proposals?|prds?|write-?ups?|emails?|slides|deck|one-pagers?)';
/** Words after the document word that make it a file or a place in this plan, e.g. "see the spec file in src/". */
const NOT_A_DOCUMENT = '(?!\\s+(?:files?|section|folder|directory|below|above|heading|at|in)\\b)(?![\\w/-]|\\.\\w)';

export const WORDING_PATTERNS: readonly WordingPattern[] = [
  // Unresolved placeholders. Upper-case tokens only: "a todo list" is ordinary prose.
  { rule: 'text.placeholder', scope: 'everywhere', pattern: /\b(?:TBD|TBA|TBC|TODO|FIXME)\b/ },
  {
    rule: 'text.placeholder',
    scope: 'everywhere',
    pattern: /\bto be (?:determined|decided|defined|confirmed|filled in|written)\b/i,
  },
  { rule: 'text.placeholder', scope: 'everywhere', pattern: /\bfill (?:this|these|it|that) in\b|\bfill in later\b/i },
  { rule: 'text.placeholder', scope: 'everywhere', pattern: /\?{3,}/ },

  // Knowledge the reader does not have.
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern: /\bas (?:we |you |they |I )?(?:discussed|agreed)\b/i,
  },
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern:
      /\bas (?:defined|described|mentioned|explained|decided|noted) (?:previously|earlier|before|elsewhere|offline)\b/i,
  },
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern: /\bper (?:our|the|my|your) (?:discussion|conversation|call|meeting|chat|sync|agreement)\b/i,
  },
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern: new RegExp(
      `\\b(?:see|per|according to|refer to|as (?:described|documented|outlined|specified|explained) in|described in|documented in|outlined in|specified in)\\s+(?:the|our|their|that)\\s+(?:[\\w-]+\\s+){0,2}?${DOCUMENT_WORD}\\b${NOT_A_DOCUMENT}`,
      'i',
    ),
  },
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern: /\b(?:in|on|from|via) (?:slack|confluence|notion|jira|google docs?|the wiki|our wiki|the team wiki)\b/i,
  },
  {
    rule: 'text.external-reference',
    scope: 'everywhere',
    pattern:
      /\b(?:the|our|that) (?:previous|prior|earlier|last|original|other) (?:plan|execplan|exec plan|pr|pull request|conversation|session|discussion|meeting|chat)\b/i,
  },

  // Instructions that leave the how to the reader.
  {
    rule: 'text.vague-instruction',
    scope: 'instructions',
    pattern: /\bas (?:needed|necessary|appropriate|required(?! by))\b/i,
  },
  {
    rule: 'text.vague-instruction',
    scope: 'instructions',
    pattern: /\b(?:where|when|if) (?:appropriate|applicable)\b|\bwhere (?:necessary|needed)\b/i,
  },
  {
    rule: 'text.vague-instruction',
    scope: 'instructions',
    pattern:
      /\b(?:configure|set up|setup|adjust|update|modify|change|tweak|tune|handle|adapt|clean up|wire up)\b[^.;:!?\n]{0,40}?\b(?:appropriately|accordingly|suitably|properly)\b/i,
  },
  {
    rule: 'text.vague-instruction',
    scope: 'instructions',
    pattern:
      /\b(?:the|any|all) relevant (?:files?|modules?|code|places|parts|components|tests|config(?:uration)?|settings)\b/i,
  },

  // Decisions handed to the reader.
  {
    rule: 'text.outsourced-decision',
    scope: 'instructions',
    pattern: /\buse (?:your |their )?(?:best |own |good )?judg(?:e)?ment\b/i,
  },
  {
    rule: 'text.outsourced-decision',
    scope: 'instructions',
    pattern: /\bat (?:your|their|the (?:implementer|developer|agent|reader)'?s?) discretion\b/i,
  },
  {
    rule: 'text.outsourced-decision',
    scope: 'instructions',
    pattern:
      /\b(?:choose|pick|select|decide on|use|find) (?:an? |the |some )?(?:appropriate|suitable|reasonable|sensible|proper|good enough)\b/i,
  },
  {
    rule: 'text.outsourced-decision',
    scope: 'instructions',
    pattern:
      /\bup to (?:you|the implementer|the developer|the agent|the reader|whoever)\b|\bas you see fit\b|\bhowever you (?:like|prefer|want)\b|\bwhichever (?:you prefer|works|is easier|seems best)\b|\bdecide (?:whether|which|how|if|between|later|for yourself)\b/i,
  },

  // Acceptance nobody can check.
  {
    rule: 'text.vague-acceptance',
    scope: 'instructions',
    pattern:
      /\b(?:should|must|will) (?:work|function|behave|run) (?:correctly|properly|as expected|as intended|fine|well|normally)\b|\bworks? (?:correctly|properly|as expected|as intended|fine)\b|\beverything (?:works|is working|should work)\b/i,
  },
  {
    rule: 'text.vague-acceptance',
    scope: 'instructions',
    unlessCommandNearby: true,
    pattern:
      /\b(?:all |the |unit |integration |e2e )?tests? (?:should |must |will )?(?:pass|succeed|be green|are green)\b|\bbuild (?:should |must )?(?:succeeds?|passes|works)\b/i,
  },
];

/**
 * Whether any wording pattern that applies to the line could match it: all of them at once, in
 * one alternation per set of flags (case-insensitive and not). Most lines match none, and one
 * pass over a line costs a small part of twenty; the patterns themselves then run only on the
 * few lines that pass, to tell which rule matched.
 */
export function mayMatchWording(line: string, inRecordSection: boolean): boolean {
  return (inRecordSection ? ANY_EVERYWHERE_PATTERN : ANY_PATTERN).some((pattern) => pattern.test(line));
}

/** One regular expression per set of flags, matching wherever any of the patterns matches. */
function anyOf(patterns: readonly WordingPattern[]): RegExp[] {
  return [...new Set(patterns.map(({ pattern }) => pattern.flags))].map((flags) => {
    const alternatives = patterns
      .filter(({ pattern }) => pattern.flags === flags)
      .flatMap(({ pattern }) => topLevelAlternatives(pattern.source));
    // A shared leading \b, tested once per position instead of once per alternative, halves the time.
    if (alternatives.every((alternative) => alternative.startsWith('\\b'))) {
      return new RegExp(`\\b(?:${alternatives.map((alternative) => alternative.slice(2)).join('|')})`, flags);
    }
    return new RegExp(alternatives.map((alternative) => `(?:${alternative})`).join('|'), flags);
  });
}

/** `a|b(?:c|d)` → ['a', 'b(?:c|d)']: splits at the pipes outside groups and character classes. */
export function topLevelAlternatives(source: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      alternatives.push(source.slice(start, index));
      start = index + 1;
    }
  }
  alternatives.push(source.slice(start));
  return alternatives;
}

const ANY_PATTERN = anyOf(WORDING_PATTERNS);
/** Record sections (Progress, Decision Log, …) are checked only by the patterns that apply everywhere. */
const ANY_EVERYWHERE_PATTERN = anyOf(WORDING_PATTERNS.filter(({ scope }) => scope === 'everywhere'));

/**
 * `<…>` placeholders like the skeleton's: an angle-bracketed phrase with spaces, or an upper-case
 * token such as <YYYY-MM-DD>. HTML tags and autolinks do not count.
 */
const ANGLE_PLACEHOLDER = /<([A-Za-z][^<>\n]{0,200})>/g;
const HTML_TAG_NAME =
  /^(?:a|abbr|b|br|code|dd|del|details|div|dl|dt|em|hr|i|img|input|ins|kbd|li|mark|ol|p|pre|q|s|small|span|strong|sub|summary|sup|table|td|th|tr|u|ul|var)$/i;

export function findAnglePlaceholder(line: string): string | undefined {
  if (!line.includes('<')) return undefined;
  for (const match of line.matchAll(ANGLE_PLACEHOLDER)) {
    const content = match[1]!;
    // Attributes, URLs and self-closing tags: <a href="…">, <https://…>, <br />.
    if (/[="]/.test(content) || content.includes('://') || content.endsWith('/')) continue;
    // A tag with a boolean attribute: <details open>.
    if (/^\w+\s+(?:open|checked|disabled|hidden|controls|selected)$/i.test(content)) continue;
    if (/\s/.test(content) || (/^[A-Z][A-Z0-9_-]*$/.test(content) && !HTML_TAG_NAME.test(content))) return match[0];
  }
  return undefined;
}
