/**
 * Finds where a program is invoked in shell text and splits its arguments, so rules can ask
 * "is there an `rm` with a recursive flag?" instead of one regex per spelling (`rm -rf`, `rm -r -f`,
 * `rm --recursive --force`, `rm dir -rf`, `/bin/rm -fr`).
 *
 * It is not a shell parser. It is deliberately loose, because the same rules read agent
 * instructions written in prose, where a command is rarely at a shell "command position":
 * a program name counts wherever it stands as a word of its own: not inside a longer word
 * (`format`, `performance`, `rmdir`, `pushd`), a path (`src/rm`), a flag (`--rm`), a script
 * name (`test:rm`) or a variable (`$rm`).
 */

export interface Invocation {
  program: string;
  /** Arguments up to the end of the simple command (`;`, `&`, `|`, `<`, `>`, `)`, backtick, newline), quotes removed. */
  args: string[];
}

const WORD_BEFORE = String.raw`(?<![\w.$/:-])`;
/** An optional absolute directory in front of the name: /bin/rm, /usr/local/bin/pip. */
const DIRECTORY = String.raw`(?:(?:/[\w.-]+)+/)?`;
const WORD_AFTER = String.raw`(?![\w.-])`;
const REST_OF_COMMAND = String.raw`([^;&|<>\n)\x60]*)`;

/** A compiled program matcher plus the literal names it needs, for a cheap `includes` check first. */
export interface ProgramPattern {
  regex: RegExp;
  hints: readonly string[];
}

/**
 * Matches invocations of any of `programs` (regex sources, e.g. 'rm' or 'python[\\d.]*').
 * `notAfter` is a regex source that must not come just before the name (`git\\s+` keeps `git rm` out of `rm`).
 */
export function programPattern(programs: readonly string[], notAfter?: string): ProgramPattern {
  const guard = notAfter ? `(?<!${notAfter})` : '';
  const regex = new RegExp(
    `${guard}${WORD_BEFORE}${DIRECTORY}(${programs.join('|')})${WORD_AFTER}${REST_OF_COMMAND}`,
    'g',
  );
  // The literal start of each name ('python[\\d.]*' → 'python'): text without any of them cannot match.
  const hints = programs.map((source) => /^[\w-]*/.exec(source)?.[0] ?? '');
  return { regex, hints: hints.includes('') ? [''] : hints };
}

// Every rule re-reads the same text (git alone is asked about four times), so the invocations
// of the text being scanned are kept until a different text comes. Results do not depend on
// the cache; it only saves re-running the same regex on the same string.
let cachedText: string | undefined;
const cachedInvocations = new Map<ProgramPattern, Invocation[]>();

export function findInvocations(text: string, pattern: ProgramPattern): Invocation[] {
  if (!pattern.hints.some((hint) => text.includes(hint))) return [];
  if (text !== cachedText) {
    cachedText = text;
    cachedInvocations.clear();
  }
  const cached = cachedInvocations.get(pattern);
  if (cached) return cached;
  const found: Invocation[] = [];
  // matchAll works on a copy of the regex, so the shared pattern keeps no lastIndex state.
  for (const match of text.matchAll(pattern.regex)) {
    found.push({ program: match[1] ?? '', args: splitArgs(match[2] ?? '') });
  }
  cachedInvocations.set(pattern, found);
  return found;
}

export function splitArgs(rest: string): string[] {
  return rest
    .split(/\s+/)
    .map((arg) => arg.replace(/["']/g, ''))
    .filter((arg) => arg !== '');
}

export function isFlag(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-';
}

/** A cluster of short flags containing `letter` (`-rf`, `-fR`), matched case-sensitively. */
export function hasShortFlag(args: readonly string[], letters: string): boolean {
  let cluster = shortFlagClusters.get(letters);
  if (!cluster) {
    cluster = new RegExp(`^-[A-Za-z]*[${letters}][A-Za-z]*$`);
    shortFlagClusters.set(letters, cluster);
  }
  return args.some((arg) => cluster.test(arg));
}
const shortFlagClusters = new Map<string, RegExp>();

/**
 * The first argument that is not an option, skipping the values of options that take one
 * (`git -C dir push` → 'push'); -1 when there is none.
 */
export function subcommandIndex(args: readonly string[], optionsWithValue: readonly string[] = []): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!isFlag(arg)) return i;
    if (optionsWithValue.includes(arg)) i++;
  }
  return -1;
}

export function subcommandOf(args: readonly string[], optionsWithValue: readonly string[] = []): string | undefined {
  const index = subcommandIndex(args, optionsWithValue);
  return index === -1 ? undefined : args[index];
}

/** True when any invocation matching `pattern` in `text` satisfies `accept`. */
export function anyInvocation(
  text: string,
  pattern: ProgramPattern,
  accept: (invocation: Invocation) => boolean,
): boolean {
  return findInvocations(text, pattern).some(accept);
}
