import type { z } from 'zod';
import { joinPath } from './convert-helpers';
import { PlanFileError, type PlanFileFormat } from './plan-file-error';
import { allowedKeysAt, valueAt } from './schema-path';

type Issue = z.core.$ZodIssue;

interface IssueText {
  path: string;
  /** What is wrong (the step id is added after this part). */
  what: string;
  /** What to do, when there is more to say than "fix it". */
  fix?: string;
}

/**
 * The first schema issue as one line: file, key path (`steps[1].kind`), what is wrong, what to do.
 * `convertedFrom` names a seed format the document was converted from, since its paths are then
 * those of the converted plan.
 */
export function formatSchemaError(
  error: z.ZodError,
  fileName: string,
  document: unknown,
  convertedFrom?: PlanFileFormat,
): PlanFileError {
  const first = error.issues[0];
  if (!first)
    return new PlanFileError(fileName, 'the plan does not fit the plan schema; check it against the examples');
  const text = describeIssue(first, document);
  const origin = convertedFrom && convertedFrom !== 'planbox' ? ` (in the plan converted from ${convertedFrom})` : '';
  return new PlanFileError(
    fileName,
    problemLine(text, first.path, document) + origin,
    text.path ? { path: text.path } : {},
  );
}

/** Every schema issue, one line each, in the same form as formatSchemaError (for --json output). */
export function describeSchemaIssues(error: z.ZodError, fileName: string, document?: unknown): string[] {
  return error.issues.map((issue) => {
    const text = describeIssue(issue, document);
    return `${fileName}: ${text.path ? `${text.path}: ` : ''}${problemLine(text, issue.path, document)}`;
  });
}

function problemLine(text: IssueText, path: readonly PropertyKey[], document: unknown): string {
  return `${text.what}${stepNote(path, document)}${text.fix ? `; ${text.fix}` : ''}`;
}

/** Names the step by id as well as by index, unless the id itself is what is wrong. */
function stepNote(path: readonly PropertyKey[], document: unknown): string {
  if (path[0] !== 'steps' || typeof path[1] !== 'number' || path[2] === 'id') return '';
  const id = valueAt(document, ['steps', path[1], 'id']);
  return typeof id === 'string' && id.trim() ? ` in step '${id}'` : '';
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, segment) => joinPath(joined, typeof segment === 'number' ? segment : String(segment)),
    '',
  );
}

function describeIssue(issue: Issue, document: unknown): IssueText {
  const path = formatPath(issue.path);
  const value = valueAt(document, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const [first = '', ...others] = issue.keys;
      const allowed = allowedKeysAt(issue.path, document) ?? [];
      const named =
        others.length > 0
          ? `unknown keys ${[first, ...others].map((key) => `'${key}'`).join(', ')}`
          : `unknown key '${first}'`;
      const guess = closestKey(first, allowed);
      const fix = guess
        ? `did you mean '${guess}'?`
        : others.length > 0
          ? 'remove them or check their spelling'
          : 'remove it or check its spelling';
      return {
        path: joinPath(path, first),
        what: named,
        fix: `${fix}${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator && options) {
        const kinds = options.map(String).join(', ');
        if (value === undefined) return { path, what: 'missing', fix: `add it: one of ${kinds}` };
        return { path, what: `expected one of ${kinds}; got ${describeValue(value)}` };
      }
      const expected = issue.errors
        .map((branch) => branch[0])
        .filter((branchIssue) => branchIssue?.code === 'invalid_type' && branchIssue.path.length === 0)
        .map((branchIssue) => (branchIssue?.code === 'invalid_type' ? typeName(branchIssue.expected) : ''));
      if (expected.length === issue.errors.length && expected.length > 0) {
        return { path, what: `expected ${expected.join(' or ')}; got ${describeValue(value)}` };
      }
      return { path, what: `${lowerFirst(issue.message)}; got ${describeValue(value)}` };
    }
    case 'invalid_type':
      if (issue.path.length === 0) {
        return {
          path,
          what: `expected a mapping with at least name and steps; got ${describeValue(value)}`,
          fix: value === null || value === undefined ? 'the file is empty, write a plan in it' : undefined,
        };
      }
      if (value === undefined) return { path, what: 'missing', fix: `add it (${typeName(issue.expected)})` };
      return { path, what: `expected ${typeName(issue.expected)}; got ${describeValue(value)}` };
    case 'invalid_value':
      return { path, what: `expected ${oneOf(issue.values)}; got ${describeValue(value)}` };
    case 'too_small':
    case 'too_big':
      return { path, what: sizeProblem(issue, value) };
    case 'invalid_format':
      return { path, what: `${lowerFirst(issue.message)}; got ${describeValue(value)}` };
    default:
      return { path, what: lowerFirst(issue.message) };
  }
}

function sizeProblem(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  if (issue.origin === 'string' && small && limit === 1) return 'must not be empty';
  if (issue.origin === 'array') {
    const count = Array.isArray(value) ? value.length : 0;
    return `must list ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}; got ${count}`;
  }
  if (issue.origin === 'string') {
    return `must be ${small ? 'at least' : 'at most'} ${limit} characters long; got ${typeof value === 'string' ? value.length : 0}`;
  }
  const bound = issue.inclusive ? (small ? 'at least' : 'at most') : small ? 'greater than' : 'less than';
  return `must be ${bound} ${limit}; got ${describeValue(value)}`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping of text',
  };
  return names[expected] ?? expected;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 39)}…` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map(String).join(', ');
  return values.length === 1 ? listed : `one of ${listed}`;
}

/** A key one or two typing mistakes away from `key`, to suggest for a misspelling. */
function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance - 1;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
