import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src-main/testing/seeded-random';
import { REQUIRED_SECTIONS } from '../src-main/execplan/sections';

/**
 * A seeded corpus of ExecPlans for the execplan benchmark: 1,000 plans of about 50 KB that look
 * like plans people and agents write. Each plan leans towards one style (long prose, a long
 * Progress list, a long Decision Log, many code blocks, tables), so the parser meets every kind
 * of block it meets in practice; some carry the slips the validator reports (ticked items
 * without a time, vague wording, TODOs), so validation has findings to produce, and a few hold an
 * HTML comment, a leftover `<…>` placeholder line or CRLF line endings. About one plan in six has
 * a milestones folder. The same seed always writes the same files.
 */

export interface CorpusOptions {
  plans: number;
  /** Characters each plan is grown to, roughly. */
  targetChars: number;
  seed: number;
}

export interface CorpusFile {
  /** Relative to the root, POSIX. */
  path: string;
  kind: 'plan' | 'milestone';
  chars: number;
}

const STYLES = ['prose', 'progress', 'decisions', 'code', 'tables'] as const;
type Style = (typeof STYLES)[number];

class Words {
  constructor(readonly next: () => number) {}
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  int(from: number, to: number): number {
    return from + Math.floor(this.next() * (to - from + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Word lists as text: one word per blank-separated token. */
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

const NOUNS = words(`
  session token queue worker index partition cache request handler schema migration report export
  importer scheduler invoice account ledger snapshot backup replica endpoint client service
  table column bucket job batch feed
`);
const VERBS = words(`
  reads writes rotates retries validates streams batches locks drops rebuilds checks records
  returns rejects copies splits merges schedules parses signs
`);
const ADJECTIVES = words(`
  stale nightly concurrent partitioned idempotent slow legacy new shared signed encrypted hourly
  large empty duplicate missing cached remote local failed
`);

const PATHS = [
  'src/auth/refresh-service.ts',
  'src/http/routes/orders.ts',
  'src/db/migrations/0042_rotations.sql',
  'ops/partitioning/backfill.py',
  'scripts/two-tab-refresh.ts',
  'src/config/flags.ts',
  'docs/deploy.md',
  'src/billing/invoice.ts',
  'src/export/csv-writer.ts',
  'src/jobs/scheduler.ts',
  'web/src/lib/Search.svelte',
];
const COMMANDS = [
  'npm test',
  'npx vitest run src/auth',
  'npm run migrate',
  'psql -c "SELECT count(*) FROM orders"',
  'curl -s http://127.0.0.1:3000/health',
  'docker compose up -d db',
  'make build',
  'python ops/backfill.py --month 2024-07',
  'git diff --stat',
  'npx tsx scripts/two-tab-refresh.ts --runs 100',
];
const OWNERS = ['@trevor', '@ada', '@dba-guild', '@platform-team', '@org/payments', '@sam'];
const SLIPS = [
  'Configure the retry limit as needed.',
  'As discussed, the backfill runs at night.',
  'TODO: confirm the retention period with finance.',
  'Make sure the tests pass.',
  'Use your best judgment for the batch size.',
  'See the design doc for the rest.',
];

function sentence(w: Words): string {
  const parts = [
    `The ${w.pick(ADJECTIVES)} ${w.pick(NOUNS)} ${w.pick(VERBS)} the ${w.pick(NOUNS)}`,
    w.chance(0.5) ? ` in \`${w.pick(PATHS)}\`` : '',
    w.chance(0.4) ? ` before the ${w.pick(ADJECTIVES)} ${w.pick(NOUNS)} ${w.pick(VERBS)} it` : '',
    w.chance(0.3) ? `, which keeps **${w.pick(NOUNS)}s** ${w.pick(ADJECTIVES)}` : '',
    w.chance(0.1) ? ` (see [the runbook](https://wiki.example.com/${w.pick(NOUNS)}))` : '',
  ];
  return `${parts.join('')}.`;
}

function paragraph(w: Words, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(w)).join(' ');
}

function timestamp(w: Words, day: number): string {
  return `2026-03-${String(day).padStart(2, '0')} ${String(w.int(7, 19)).padStart(2, '0')}:${String(w.int(0, 59)).padStart(2, '0')}Z`;
}

function progressItems(w: Words, count: number, slips: boolean): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${w.pick(VERBS).replace(/s$/, '')} the ${w.pick(ADJECTIVES)} ${w.pick(NOUNS)} in \`${w.pick(PATHS)}\``;
    const done = i < count * 0.7;
    if (done && slips && w.chance(0.03)) items.push(`- [x] ${text}.`);
    else if (done) items.push(`- [x] (${timestamp(w, 1 + (i % 28))}) ${text}.`);
    else if (w.chance(0.15))
      items.push(`- [ ] ${text} (completed: the ${w.pick(NOUNS)}; remaining: the ${w.pick(NOUNS)}).`);
    else items.push(`- [ ] ${text}.`);
    if (w.chance(0.1)) items.push(`  ${sentence(w)}`);
  }
  return items.join('\n');
}

function decisionEntries(w: Words, count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const bold = w.chance(0.2);
    const label = (name: string) => (bold ? `**${name}:**` : `${name}:`);
    return [
      `- ${label('Decision')} ${sentence(w)}`,
      `  ${label('Rationale')} ${paragraph(w, w.int(1, 3))}`,
      `  ${label('Date/Author')} 2026-03-${String(1 + (i % 28)).padStart(2, '0')}, ${w.pick(OWNERS)}`,
    ].join('\n');
  }).join('\n\n');
}

function surpriseEntries(w: Words, count: number): string {
  return Array.from({ length: count }, () => {
    const transcript = w.chance(0.4)
      ? `\n\n      $ ${w.pick(COMMANDS)}\n      error: ${w.pick(ADJECTIVES)} ${w.pick(NOUNS)} (code ${w.int(1, 255)})`
      : '';
    return `- Observation: ${sentence(w)}\n  Evidence: ${sentence(w)}${transcript}`;
  }).join('\n\n');
}

function indentedCommands(w: Words, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(`    $ ${w.pick(COMMANDS)}`);
    for (let out = w.int(0, 3); out > 0; out--) lines.push(`    ${w.pick(NOUNS)} ${w.pick(VERBS)}: ${w.int(1, 9999)}`);
  }
  return lines.join('\n');
}

function fencedCode(w: Words): string {
  const lang = w.pick(['ts', 'bash', 'sql', 'json', 'text', '']);
  const body = Array.from({ length: w.int(4, 18) }, (_, i) =>
    lang === 'sql'
      ? `SELECT ${w.pick(NOUNS)}_id, count(*) FROM ${w.pick(NOUNS)}s WHERE created_at > now() - interval '${i + 1} days';`
      : lang === 'json'
        ? `  "${w.pick(NOUNS)}${i}": ${w.int(0, 1000)},`
        : `export function ${w.pick(VERBS)}${i}(${w.pick(NOUNS)}: string): number { return ${w.int(0, 99)}; } // ${w.pick(ADJECTIVES)}`,
  );
  const fence = w.chance(0.85) ? '```' : '~~~';
  return `${fence}${lang}\n${body.join('\n')}\n${fence}`;
}

function table(w: Words): string {
  const columns = w.int(3, 5);
  const header = Array.from({ length: columns }, () => w.pick(NOUNS));
  const rows = Array.from(
    { length: w.int(4, 20) },
    () =>
      `| ${Array.from({ length: columns }, () => (w.chance(0.3) ? `\`${w.pick(NOUNS)}\`` : `${w.int(1, 999)} ${w.pick(ADJECTIVES)}`)).join(' | ')} |`,
  );
  return [`| ${header.join(' | ')} |`, `|${' --- |'.repeat(columns)}`, ...rows].join('\n');
}

function nestedList(w: Words): string {
  const lines: string[] = [];
  for (let i = 1; i <= w.int(3, 7); i++) {
    lines.push(`${i}. ${sentence(w)}`);
    for (let j = w.int(0, 3); j > 0; j--) lines.push(`   - ${sentence(w)}`);
  }
  return lines.join('\n');
}

/** One block of filler in the plan's style, for the section it goes into. */
function filler(w: Words, style: Style, section: string, slips: boolean): string {
  const roll = w.next();
  if (slips && w.chance(0.04)) return w.pick(SLIPS);
  if (style === 'code' && roll < 0.45) return w.chance(0.5) ? fencedCode(w) : indentedCommands(w, w.int(1, 4));
  if (style === 'tables' && roll < 0.3) return table(w);
  if (section === 'Concrete Steps' && roll < 0.5) return indentedCommands(w, w.int(1, 3));
  if (roll < 0.12) return nestedList(w);
  if (roll < 0.16) return `> ${paragraph(w, w.int(1, 3))}`;
  if (roll < 0.22) return fencedCode(w);
  if (roll < 0.26) return table(w);
  return paragraph(w, style === 'prose' ? w.int(4, 10) : w.int(2, 5));
}

/** Sections that grow with filler in each style; the living sections grow with their own entries. */
const GROWING: Record<Style, string[]> = {
  prose: ['Purpose / Big Picture', 'Context and Orientation', 'Plan of Work', 'Validation and Acceptance'],
  progress: ['Plan of Work', 'Context and Orientation'],
  decisions: ['Context and Orientation', 'Plan of Work'],
  code: ['Concrete Steps', 'Artifacts and Notes', 'Interfaces and Dependencies', 'Plan of Work'],
  tables: ['Context and Orientation', 'Validation and Acceptance', 'Artifacts and Notes'],
};

interface PlanMeta {
  id: string;
  slug: string;
  title: string;
  style: Style;
  milestones: number;
}

function frontMatter(w: Words, meta: PlanMeta, earlier: string[]): string {
  const depends = earlier.length > 0 && w.chance(0.3) ? [w.pick(earlier)] : [];
  return [
    '---',
    `id: ${meta.id}`,
    `title: "${meta.title}"`,
    `status: ${w.pick(['planned', 'active', 'active', 'paused', 'done'])}`,
    `kind: ${w.pick(['feature', 'refactor', 'bugfix', 'migration', 'infra', 'perf'])}`,
    `domain: ${w.pick(['backend', 'frontend', 'infra', 'cross-cutting'])}`,
    `owner: "${w.pick(OWNERS)}"`,
    'created: 2026-03-01',
    `updated: 2026-03-${String(w.int(2, 28)).padStart(2, '0')}`,
    `tags: [${w.pick(NOUNS)}, ${w.pick(NOUNS)}]`,
    `touches: [${w.pick(['api', 'db', 'ui', 'cli', 'ops'])}, tests]`,
    `risk: ${w.pick(['low', 'med', 'high'])}`,
    'breaking: false',
    `migration: ${String(w.chance(0.3))}`,
    'links:',
    `  issue: "https://tracker.example.com/PLAN-${w.int(100, 9999)}"`,
    '  pr: ""',
    `depends_on: [${depends.join(', ')}]`,
    'supersedes: []',
    '---',
  ].join('\n');
}

function renderPlan(w: Words, meta: PlanMeta, targetChars: number, earlier: string[] = []): string {
  const slips = w.chance(0.5);
  const bodies = new Map<string, string[]>(REQUIRED_SECTIONS.map((name) => [name, [paragraph(w, w.int(1, 3))]]));
  const scaled = (from: number, to: number) => Math.max(2, Math.round(w.int(from, to) * (targetChars / 50_000)));
  const progress = meta.style === 'progress' ? scaled(120, 260) : scaled(8, 40);
  const progressText =
    meta.milestones > 0 || w.chance(0.3)
      ? Array.from(
          { length: Math.max(2, meta.milestones) },
          (_, m) =>
            `### Milestone ${m + 1}\n\n${progressItems(w, Math.ceil(progress / Math.max(2, meta.milestones)), slips)}`,
        ).join('\n\n')
      : progressItems(w, progress, slips);
  bodies.get('Progress')!.push(progressText);
  bodies.get('Decision Log')!.push(decisionEntries(w, meta.style === 'decisions' ? scaled(40, 70) : scaled(3, 10)));
  bodies
    .get('Surprises & Discoveries')!
    .push(surpriseEntries(w, meta.style === 'decisions' ? scaled(15, 30) : scaled(2, 6)));
  for (let m = 1; m <= Math.max(2, meta.milestones); m++) {
    bodies.get('Plan of Work')!.push(`### Milestone ${m}: ${w.pick(VERBS)} the ${w.pick(NOUNS)}\n\n${paragraph(w, 3)}`);
  }
  const head = `${frontMatter(w, meta, earlier)}\n\n# ${meta.title}\n\n${paragraph(w, 2)}\n`;
  let size = head.length + [...bodies.values()].flat().join('\n\n').length;
  const growing = GROWING[meta.style];
  while (size < targetChars) {
    const block = filler(w, meta.style, w.pick(growing), slips);
    bodies.get(w.pick(growing))!.push(block);
    size += block.length + 2;
  }
  // Less common habits, each of which sends a piece of the plan to remark: an HTML comment, a
  // placeholder line left from the skeleton, and Windows line endings.
  if (w.chance(0.03)) bodies.get('Plan of Work')!.push(`<!-- ${sentence(w)} -->`);
  if (w.chance(0.03)) bodies.get('Outcomes & Retrospective')!.push('<What works now, and what is left.>');
  const sections = REQUIRED_SECTIONS.map((name) => `## ${name}\n\n${bodies.get(name)!.join('\n\n')}\n`);
  const plan = `${head}\n${sections.join('\n')}`;
  return w.chance(0.1) ? plan.replace(/\n/g, '\r\n') : plan;
}

/** A milestone file is a small ExecPlan of its own: the same front matter keys and sections. */
function renderMilestone(w: Words, meta: PlanMeta, number: number): string {
  const milestone: PlanMeta = {
    ...meta,
    title: `Milestone ${number}: ${w.pick(VERBS).replace(/s$/, '')} the ${w.pick(NOUNS)}`,
    style: w.pick(['progress', 'code'] as const),
    milestones: 0,
  };
  return renderPlan(w, milestone, w.int(4_000, 12_000));
}

/** Writes the corpus under `<root>/.agent/exec_plans/` and lists what it wrote. */
export function writeCorpus(root: string, options: CorpusOptions): CorpusFile[] {
  const w = new Words(seededRandom(options.seed));
  const files: CorpusFile[] = [];
  const ids: string[] = [];
  for (let index = 0; index < options.plans; index++) {
    const day = 1 + (index % 28);
    const id = `EP-202603${String(day).padStart(2, '0')}-${String(1 + Math.floor(index / 28)).padStart(3, '0')}`;
    const title = `${w.pick(VERBS).replace(/s$/, '')} the ${w.pick(ADJECTIVES)} ${w.pick(NOUNS)} ${w.pick(NOUNS)}`;
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${index}`;
    const meta: PlanMeta = {
      id,
      slug,
      title: title[0]!.toUpperCase() + title.slice(1),
      style: STYLES[index % STYLES.length]!,
      milestones: w.chance(1 / 6) ? w.int(2, 4) : 0,
    };
    const planPath = `.agent/exec_plans/${slug}/${id}_${slug}.md`;
    const text = renderPlan(w, meta, options.targetChars * (0.85 + w.next() * 0.3), ids.slice(-50));
    put(join(root, planPath), text);
    files.push({ path: planPath, kind: 'plan', chars: text.length });
    for (let m = 1; m <= meta.milestones; m++) {
      const folder =
        m < meta.milestones ? `milestones/archive/2026/03/${String(day).padStart(2, '0')}` : 'milestones/active';
      const milestonePath = `.agent/exec_plans/${slug}/${folder}/${id}_MS${String(m).padStart(3, '0')}_${slug}.md`;
      const milestone = renderMilestone(w, meta, m);
      put(join(root, milestonePath), milestone);
      files.push({ path: milestonePath, kind: 'milestone', chars: milestone.length });
    }
    ids.push(id);
  }
  return files;
}

function put(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}
