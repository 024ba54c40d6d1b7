import {
  EXECPLAN_DOMAINS,
  EXECPLAN_KINDS,
  EXECPLAN_RISKS,
  EXECPLAN_STATUSES,
  EXECPLAN_TOUCHES,
  OPTIONAL_FRONT_MATTER_KEYS,
  OWNER_HANDLE,
  REQUIRED_FRONT_MATTER_KEYS,
} from './front-matter-schema';
import { isExecPlanId, isIsoDate } from './naming';
import { hit, quote, type RuleHit } from './rules';
import type { ValidationContext } from './validation-context';

/** Checks of the front matter's keys and values; the block's presence and shape are checked in check-front-matter-block.ts. */
export function checkFrontMatterValues({ doc, lines }: ValidationContext): RuleHit[] {
  const data = doc.frontMatter.data;
  if (!data) return [];
  const lineOf = keyLineFinder(lines, doc.frontMatter.startLine, doc.frontMatter.endLine);
  const hits: RuleHit[] = [];

  for (const key of REQUIRED_FRONT_MATTER_KEYS) {
    const value = data[key];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      hits.push(
        hit(
          'frontmatter.missing-key',
          value === undefined ? doc.frontMatter.startLine : lineOf(key),
          `front matter has no ${key}${value === undefined ? '' : ' value'}; add it`,
          `Add a line such as ${EXAMPLES[key]} between the --- lines.`,
        ),
      );
    }
  }

  const { id, title, owner, created, updated } = data;
  if (present(id) && !(typeof id === 'string' && isExecPlanId(id))) {
    hits.push(
      hit(
        'frontmatter.id-format',
        lineOf('id'),
        `id ${quote(String(id))} is not EP-YYYYMMDD-NNN; fix it`,
        'Use the creation date and a daily number from 001, e.g. id: EP-20260117-014; never change it afterwards.',
      ),
    );
  }
  if (present(title) && typeof title !== 'string') {
    hits.push(
      hit(
        'frontmatter.value',
        lineOf('title'),
        'title is not text; quote it',
        'Write e.g. title: "Refactor auth refresh flow".',
      ),
    );
  }
  hits.push(...enumHit(data, 'status', EXECPLAN_STATUSES, lineOf));
  hits.push(...enumHit(data, 'kind', EXECPLAN_KINDS, lineOf));
  hits.push(...enumHit(data, 'domain', EXECPLAN_DOMAINS, lineOf));
  if (present(owner) && !(typeof owner === 'string' && OWNER_HANDLE.test(owner))) {
    hits.push(
      hit(
        'frontmatter.owner',
        lineOf('owner'),
        `owner ${quote(String(owner))} is not an @handle; write the owner's handle`,
        'Quote it, because YAML reserves @ at the start of a value: owner: "@trevor".',
      ),
    );
  }
  for (const [key, value] of [
    ['created', created],
    ['updated', updated],
  ] as const) {
    if (present(value) && !(typeof value === 'string' && isIsoDate(value))) {
      hits.push(
        hit(
          'frontmatter.date',
          lineOf(key),
          `${key} ${quote(String(value))} is not a YYYY-MM-DD date; fix it`,
          `Write the calendar day, e.g. ${key}: 2026-01-17.`,
        ),
      );
    }
  }
  if (
    typeof created === 'string' &&
    typeof updated === 'string' &&
    isIsoDate(created) &&
    isIsoDate(updated) &&
    updated < created
  ) {
    hits.push(
      hit(
        'frontmatter.updated-before-created',
        lineOf('updated'),
        `updated (${updated}) is before created (${created}); correct one of them`,
        'Bump updated to today whenever the plan is materially revised.',
      ),
    );
  }

  hits.push(...optionalValueHits(data, lineOf));

  const known = new Set<string>([...REQUIRED_FRONT_MATTER_KEYS, ...OPTIONAL_FRONT_MATTER_KEYS]);
  for (const key of Object.keys(data)) {
    if (known.has(key)) continue;
    hits.push(
      hit(
        'frontmatter.unknown-key',
        lineOf(key),
        `front matter key ${quote(key)} is not part of the format; rename or remove it`,
        `Known keys: ${[...known].join(', ')}.`,
      ),
    );
  }
  return hits;
}

const EXAMPLES: Record<(typeof REQUIRED_FRONT_MATTER_KEYS)[number], string> = {
  id: 'id: EP-20260117-014',
  title: 'title: "Refactor auth refresh flow"',
  status: 'status: planned',
  kind: 'kind: feature',
  domain: 'domain: backend',
  owner: 'owner: "@trevor"',
  created: 'created: 2026-01-17',
  updated: 'updated: 2026-01-17',
};

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

type LineOf = (key: string) => number;

/** The line where `key:` is written at the top level of the front matter; the opening --- when it is not found. */
function keyLineFinder(lines: readonly string[], startLine: number, endLine: number): LineOf {
  const keyLines = new Map<string, number>();
  for (let line = startLine + 1; line < endLine; line++) {
    const key = /^([^\s:#][^:]*):/.exec(lines[line - 1]!)?.[1]?.trimEnd();
    if (key !== undefined && !keyLines.has(key)) keyLines.set(key, line);
  }
  return (key) => keyLines.get(key) ?? startLine;
}

function enumHit(data: Record<string, unknown>, key: string, allowed: readonly string[], lineOf: LineOf): RuleHit[] {
  const value = data[key];
  if (!present(value) || (typeof value === 'string' && allowed.includes(value))) return [];
  return [
    hit(
      'frontmatter.value',
      lineOf(key),
      `${key} ${quote(String(value))} is not allowed; use one of ${allowed.join(', ')}`,
      `Write e.g. ${key}: ${allowed[0]}.`,
    ),
  ];
}

function optionalValueHits(data: Record<string, unknown>, lineOf: LineOf): RuleHit[] {
  const hits: RuleHit[] = [];
  const bad = (key: string, problem: string, hint: string) =>
    hits.push(hit('frontmatter.optional-value', lineOf(key), problem, hint));
  const { tags, touches, risk, breaking, migration, links, depends_on: dependsOn, supersedes } = data;

  if (present(tags) && !isListOf(tags, (item) => typeof item === 'string' && item.trim() !== '')) {
    bad('tags', 'tags is not a list of labels; write it as a list', 'Write e.g. tags: [auth, sessions].');
  }
  if (present(touches)) {
    const wrong = Array.isArray(touches) ? touches.filter((item) => !EXECPLAN_TOUCHES.includes(item as never)) : [];
    if (!Array.isArray(touches) || wrong.length > 0) {
      const what = Array.isArray(touches)
        ? `touches has ${wrong.map((item) => quote(String(item))).join(', ')}`
        : 'touches is not a list';
      bad('touches', `${what}; use a list of ${EXECPLAN_TOUCHES.join(', ')}`, 'Write e.g. touches: [api, db].');
    }
  }
  if (present(risk) && !(typeof risk === 'string' && EXECPLAN_RISKS.includes(risk as never))) {
    bad(
      'risk',
      `risk ${quote(String(risk))} is not allowed; use low, med or high`,
      'Write e.g. risk: med (not "medium").',
    );
  }
  for (const [key, value] of [
    ['breaking', breaking],
    ['migration', migration],
  ] as const) {
    if (present(value) && typeof value !== 'boolean') {
      bad(
        key,
        `${key} ${quote(String(value))} is not true or false; fix it`,
        `Write ${key}: true or ${key}: false, without quotes.`,
      );
    }
  }
  if (present(links) && !isStringMap(links)) {
    bad(
      'links',
      'links is not a map of names to URLs; fix it',
      'Write links: on its own line, then indented lines such as   issue: "https://…".',
    );
  }
  for (const [key, value] of [
    ['depends_on', dependsOn],
    ['supersedes', supersedes],
  ] as const) {
    if (!present(value)) continue;
    if (!Array.isArray(value)) {
      bad(key, `${key} is not a list; write it as a list of plan ids`, `Write e.g. ${key}: [EP-20260110-003].`);
      continue;
    }
    const wrong = value.filter((item) => !(typeof item === 'string' && isExecPlanId(item)));
    if (wrong.length > 0) {
      bad(
        key,
        `${key} has ${wrong.map((item) => quote(String(item))).join(', ')}, not plan ids; fix them`,
        `Write ids such as ${key}: [EP-20260110-003].`,
      );
    } else if (typeof data.id === 'string' && value.includes(data.id)) {
      bad(key, `${key} lists the plan's own id ${data.id}; remove it`, 'A plan cannot depend on or replace itself.');
    }
  }
  return hits;
}

function isListOf(value: unknown, accepts: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every(accepts);
}

function isStringMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((item) => item === null || typeof item === 'string');
}
