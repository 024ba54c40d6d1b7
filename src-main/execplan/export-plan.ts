import type { PlanDefinition, StepDefinition } from '../domain/plan-schema';
import { execPlanSteps, EXECPLAN_FORMAT } from './import-plan';
import { findSection, parseExecPlan, REQUIRED_SECTIONS, type ExecPlanDocument, type Section } from './index';

/**
 * A Planbox plan written as an ExecPlan. A plan imported from an ExecPlan gets its original
 * document back with only the living parts rewritten from what really happened: Progress, new
 * Decision Log entries, a run summary under Outcomes & Retrospective, and the front matter's
 * `updated` and `status`. Every other byte stays as the author wrote it. Any other plan becomes a
 * complete new ExecPlan.
 */

export interface ExportStep {
  id: string;
  title: string;
  status: string;
  finishedAt: string | null;
  lastError: string | null;
}

export interface ExportApproval {
  status: string;
  comment: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
  scope: string;
  stepIds: string[];
}

export interface ExportVersion {
  version: number;
  reason: string;
  note: string | null;
  createdAt: string;
}

export interface ExportInput {
  definition: PlanDefinition;
  steps: ExportStep[];
  approvals: ExportApproval[];
  versions: ExportVersion[];
  /** ISO time of the export: the `updated` date, and the new document's id and dates. */
  now: string;
}

export function planToExecPlan(input: ExportInput): string {
  const source = input.definition.source;
  if (source?.format === EXECPLAN_FORMAT && source.text !== undefined) return rewriteLivingParts(source.text, input);
  return newExecPlan(input);
}

/** Statuses of a step Planbox has not run: its line in the original document is kept as written. */
const NOT_RUN = new Set(['pending', 'ready', 'blocked']);

// ---------------------------------------------------------------------------------------------
// The original document, living parts rewritten

interface Edit {
  /** 0-based index of the first line replaced (or inserted before). */
  start: number;
  /** How many lines are replaced; 0 inserts. */
  remove: number;
  lines: string[];
}

function rewriteLivingParts(text: string, input: ExportInput): string {
  const doc = parseExecPlan(text);
  const lines = splitLines(text);
  const eol = doc.eol;
  const edits: Edit[] = [];

  edits.push(...progressEdits(doc, lines, input.steps));
  const decisions = decisionLogEdit(doc, lines, input);
  if (decisions) edits.push(decisions);
  const outcome = outcomesEdit(doc, lines, input.steps);
  if (outcome) edits.push(outcome);

  const status = frontMatterStatus(doc, input.steps);
  if (edits.length === 0 && status === null) return text;
  edits.push(...frontMatterEdits(doc, lines, { updated: input.now.slice(0, 10), status }));
  return applyEdits(lines, edits, eol);
}

/**
 * Progress is rewritten item by item in place, so headings and prose between items (milestone
 * sub-headings, notes) stay where the author put them. A step added in Planbox goes after the item
 * of the step before it; an item whose step was removed goes away.
 */
function progressEdits(doc: ExecPlanDocument, lines: string[], steps: ExportStep[]): Edit[] {
  const section = findSection(doc, 'Progress');
  const inSection = section ? doc.progress.filter((i) => i.line > section.line && i.line <= section.endLine) : [];
  const first = inSection[0];
  const bullet = first ? (/^(\s*[-*+]\s+)\[/.exec(lines[first.line - 1] ?? '')?.[1] ?? '- ') : '- ';
  if (!section || !first) {
    if (steps.length === 0) return [];
    const items = steps.map((s) => renderItem(s, bullet));
    return [section ? appendToSection(lines, section, items) : appendSectionEdit(lines, 'Progress', items)];
  }

  const itemStarts = new Set(inSection.map((i) => i.line - 1));
  // One slot per source line holding items; a line may hold several items run together.
  const slots = new Map<number, { start: number; end: number; sources: { id: string; title: string }[] }>();
  for (const source of execPlanSteps(doc)) {
    if (!source.item) continue;
    const start = source.item.line - 1;
    const slot = slots.get(start) ?? {
      start,
      end: itemEnd(lines, start, section.endLine - 1, itemStarts),
      sources: [],
    };
    slot.sources.push({ id: source.id, title: source.title });
    slots.set(start, slot);
  }
  const slotOf = new Map<string, number>();
  for (const slot of slots.values()) for (const s of slot.sources) slotOf.set(s.id, slot.start);

  // Steps without an item follow the nearest earlier step that has one (or lead the first slot).
  const firstSlot = Math.min(...slots.keys());
  const added = new Map<number, { before: ExportStep[]; after: ExportStep[] }>();
  let anchor: number | null = null;
  for (const step of steps) {
    const own = slotOf.get(step.id);
    if (own !== undefined) {
      anchor = own;
      continue;
    }
    const at = added.get(anchor ?? firstSlot) ?? { before: [], after: [] };
    (anchor === null ? at.before : at.after).push(step);
    added.set(anchor ?? firstSlot, at);
  }

  const byId = new Map(steps.map((s) => [s.id, s]));
  const edits: Edit[] = [];
  for (const slot of slots.values()) {
    const original = lines.slice(slot.start, slot.end + 1).map(stripEol);
    const kept = slot.sources.filter((s) => byId.has(s.id));
    let body: string[];
    if (slot.sources.length === 1 && kept.length === 1) {
      body = itemLinesFor(byId.get(kept[0]!.id)!, original, kept[0]!.title, bullet);
    } else {
      const untouched =
        kept.length === slot.sources.length &&
        kept.every((s) => {
          const step = byId.get(s.id)!;
          return NOT_RUN.has(step.status) && step.title === s.title;
        });
      body = untouched ? original : kept.map((s) => renderItem(byId.get(s.id)!, bullet));
    }
    const extra = added.get(slot.start);
    const replacement = [
      ...(extra?.before ?? []).map((s) => renderItem(s, bullet)),
      ...body,
      ...(extra?.after ?? []).map((s) => renderItem(s, bullet)),
    ];
    if (!sameLines(original, replacement)) {
      edits.push({ start: slot.start, remove: slot.end - slot.start + 1, lines: replacement });
    }
  }
  return edits;
}

/**
 * A step's item: the author's lines while the step has not run and keeps the item's title; the
 * author's wording with box, time and note set from the run once it has; a fresh line otherwise.
 */
function itemLinesFor(step: ExportStep, original: string[], originalTitle: string, bullet: string): string[] {
  const sameTitle = originalTitle === step.title;
  if (NOT_RUN.has(step.status)) return sameTitle ? original : [retitleItem(original, step, bullet)];
  return (sameTitle ? restateItem(original, step) : null) ?? [renderItem(step, bullet)];
}

function renderItem(step: ExportStep, bullet: string): string {
  return `${bullet}${checkbox(step)}${step.title}${statusNote(step)}`;
}

/** `[x] (YYYY-MM-DD HH:MMZ) ` for a completed step, `[ ] ` for any other. */
function checkbox(step: ExportStep): string {
  if (step.status !== 'completed') return '[ ] ';
  return `[x] ${step.finishedAt ? `(${timestamp(step.finishedAt)}) ` : ''}`;
}

/** What happened to a step that did not complete, as a note after its text; '' for the others. */
function statusNote(step: ExportStep): string {
  const when = step.finishedAt ? timestamp(step.finishedAt) : null;
  const why = step.lastError ? `: ${oneLine(step.lastError)}` : '';
  switch (step.status) {
    case 'failed':
      return ` (failed${when ? ` ${when}` : ''}${why})`;
    case 'rolled_back':
      return ` (rolled back${when ? `; it had completed ${when}` : ''})`;
    case 'skipped':
      return ` (skipped${why})`;
    case 'in_progress':
      return ' (in progress)';
    default:
      return '';
  }
}

const ITEM_HEAD = /^(\s*[-*+]\s+)\[[ xX]\]\s+(?:[([]\s*\d{4}-\d{2}-\d{2}[^)\]]*[)\]]\s*)?(.*)$/;
/** Notes an earlier export appended; replaced by the current one. */
const OLD_NOTE = /\s*\((?:failed|rolled back|skipped|in progress)\b.*\)$/;
/** The format's "(completed: X; remaining: Y)": no longer true once the step completed. */
const PARTIAL_NOTE = /\s*\(completed:[^)]*;\s*remaining:.*\)\.?$/i;

/** A step renamed in Planbox that has not run: the new title, with the box (and time) the document gave it. */
function retitleItem(itemLines: string[], step: ExportStep, bullet: string): string {
  const box = /^\s*[-*+]\s+(\[[xX]\]\s+(?:[([]\s*\d{4}-\d{2}-\d{2}[^)\]]*[)\]]\s*)?)/.exec(itemLines[0] ?? '');
  return box ? `${bullet}${box[1]}${step.title}` : renderItem(step, bullet);
}

/** The original item with its box, timestamp and note set from the run; null if it is not a checklist line. */
function restateItem(itemLines: string[], step: ExportStep): string[] | null {
  const head = ITEM_HEAD.exec(itemLines[0] ?? '');
  if (!head) return null;
  const restated = [`${head[1]}${checkbox(step)}${head[2]}`, ...itemLines.slice(1)];
  const last = restated.length - 1;
  let text = restated[last]!.replace(OLD_NOTE, '');
  if (step.status === 'completed') text = text.replace(PARTIAL_NOTE, '');
  restated[last] = `${text}${statusNote(step)}`;
  return restated;
}

interface EntryStyle {
  /** Text before the word "Decision" on an entry's first line: the bullet, maybe `**`. */
  first: string;
  /** Text before "Rationale" and "Date/Author" on their lines, or null when one entry is one line. */
  continuation: string | null;
  /** What follows a label: `: `, `:** `, … */
  after: string;
  dateLabel: string;
}

const DEFAULT_STYLE: EntryStyle = { first: '- ', continuation: '  ', after: ': ', dateLabel: 'Date/Author' };

/** A label as entries write it: the word, maybe bold, then a colon. */
const labelAt = (name: string) => new RegExp(`\\b${name}(?=(?:\\*\\*|__)?\\s*:)`);

/** The way the document writes its own entries, learnt from its first one. */
function entryStyle(lines: string[], firstLine: number | undefined): EntryStyle {
  if (firstLine === undefined) return DEFAULT_STYLE;
  const line = stripEol(lines[firstLine - 1] ?? '');
  const at = line.search(labelAt('Decision'));
  if (at < 0) return DEFAULT_STYLE;
  const after = /^((?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*)/.exec(line.slice(at + 'Decision'.length))?.[1] ?? ': ';
  const sameLine = labelAt('Rationale').test(line.slice(at));
  let continuation: string | null = sameLine ? null : DEFAULT_STYLE.continuation;
  let dateLabel = DEFAULT_STYLE.dateLabel;
  // The entry's other lines: up to the next blank line, a few lines at most.
  for (let i = firstLine - 1; i < Math.min(lines.length, firstLine + 5); i++) {
    const text = i === firstLine - 1 ? line.slice(at) : stripEol(lines[i]!);
    if (i > firstLine - 1 && text.trim() === '') break;
    const rationale = text.search(labelAt('Rationale'));
    if (!sameLine && i > firstLine - 1 && rationale >= 0) continuation = text.slice(0, rationale);
    const date = /\b(Date\s*\/\s*Author|Date)(?=(?:\*\*|__)?\s*:)/.exec(text);
    if (date) {
      dateLabel = date[1]!;
      break;
    }
  }
  return { first: line.slice(0, at), continuation, after: after.endsWith(' ') ? after : `${after} `, dateLabel };
}

function renderEntry(style: EntryStyle, decision: string, rationale: string, dateAuthor: string): string[] {
  const label = (name: string, value: string) => `${name}${style.after}${value}`;
  if (style.continuation === null) {
    return [
      `${style.first}${label('Decision', decision)} ${label('Rationale', rationale)} ${label(style.dateLabel, dateAuthor)}`,
    ];
  }
  return [
    `${style.first}${label('Decision', decision)}`,
    `${style.continuation}${label('Rationale', rationale)}`,
    `${style.continuation}${label(style.dateLabel, dateAuthor)}`,
  ];
}

/** Approvals answered in Planbox and versions written after the import, oldest first. */
export function decisionEntries(input: ExportInput): { decision: string; rationale: string; dateAuthor: string }[] {
  const entries: { at: string; decision: string; rationale: string; dateAuthor: string }[] = [];
  for (const a of input.approvals) {
    if (a.status === 'pending' || !a.respondedAt) continue;
    const target = a.scope === 'steps' && a.stepIds.length ? `steps ${a.stepIds.join(', ')}` : 'the plan';
    const decision =
      a.status === 'approved'
        ? `Approved ${target} in Planbox.`
        : a.status === 'rejected'
          ? `Rejected ${target} in Planbox.`
          : `Asked for changes to ${target} in Planbox.`;
    entries.push({
      at: a.respondedAt,
      decision,
      rationale: a.comment ? oneLine(a.comment) : 'No comment was given.',
      dateAuthor: `${timestamp(a.respondedAt)}, ${a.respondedBy ?? 'unknown'}`,
    });
  }
  for (const v of input.versions) {
    if (v.version <= 1) continue;
    entries.push({
      at: v.createdAt,
      decision: `Revised the plan in Planbox as version ${v.version} (${v.reason}).`,
      rationale: v.note ? oneLine(v.note) : `Planbox recorded the change as a ${v.reason}.`,
      dateAuthor: `${timestamp(v.createdAt)}, Planbox`,
    });
  }
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return entries.map(({ decision, rationale, dateAuthor }) => ({ decision, rationale, dateAuthor }));
}

function decisionLogEdit(doc: ExecPlanDocument, lines: string[], input: ExportInput): Edit | null {
  const entries = decisionEntries(input);
  if (entries.length === 0) return null;
  const section = findSection(doc, 'Decision Log');
  const own = section ? doc.decisions.filter((d) => d.line > section.line && d.line <= section.endLine) : [];
  const style = entryStyle(lines, own[0]?.line);
  const existing = section ? section.markdown : '';
  const fresh = entries.filter((e) => !existing.includes(e.decision) || !existing.includes(e.dateAuthor));
  if (fresh.length === 0) return null;
  const spacedEntries = own.length >= 2 && stripEol(lines[own[1]!.line - 2] ?? '').trim() === '';
  const rendered = fresh.flatMap((e, i) => [
    ...(spacedEntries && i > 0 ? [''] : []),
    ...renderEntry(style, e.decision, e.rationale, e.dateAuthor),
  ]);
  if (!section) return appendSectionEdit(lines, 'Decision Log', rendered);
  const last = own[own.length - 1];
  if (!last) return appendToSection(lines, section, rendered);
  // Entries separated by blank lines get a blank line before each new one too.
  const end = itemEnd(lines, last.line - 1, section.endLine - 1, new Set(own.map((d) => d.line - 1)));
  return { start: end + 1, remove: 0, lines: spacedEntries ? ['', ...rendered] : rendered };
}

/** A one-paragraph summary of the run; nothing when no step has run. */
export function runSummary(steps: ExportStep[]): string | null {
  const ran = steps.filter((s) => !NOT_RUN.has(s.status));
  if (ran.length === 0) return null;
  const count = (status: string) => steps.filter((s) => s.status === status);
  const finished = steps
    .map((s) => s.finishedAt)
    .filter((t): t is string => t !== null)
    .sort();
  const latest = finished[finished.length - 1];
  const parts = [`${count('completed').length} of ${steps.length} steps completed`];
  const named = (status: string, word: string) => {
    const list = count(status);
    if (list.length) parts.push(`${list.length} ${word} (${list.map((s) => s.id).join(', ')})`);
  };
  named('failed', 'failed');
  named('rolled_back', 'rolled back');
  named('skipped', 'skipped');
  named('in_progress', 'in progress');
  const rest = steps.filter((s) => NOT_RUN.has(s.status)).length;
  const tail =
    rest === 0 && count('completed').length === steps.length ? 'All steps are done.' : `${rest} not run yet.`;
  return `Planbox run${latest ? ` (${timestamp(latest)})` : ''}: ${parts.join(', ')}. ${tail}`;
}

function outcomesEdit(doc: ExecPlanDocument, lines: string[], steps: ExportStep[]): Edit | null {
  const summary = runSummary(steps);
  if (!summary) return null;
  const section = findSection(doc, 'Outcomes & Retrospective');
  if (!section) return appendSectionEdit(lines, 'Outcomes & Retrospective', [summary]);
  if (section.markdown.includes(summary)) return null;
  return appendToSection(lines, section, [summary]);
}

function frontMatterStatus(doc: ExecPlanDocument, steps: ExportStep[]): string | null {
  const current = doc.frontMatter.data?.status;
  if (!doc.frontMatter.data) return null;
  const allDone = steps.length > 0 && steps.every((s) => s.status === 'completed');
  const next = allDone ? 'done' : current === 'planned' && steps.some((s) => !NOT_RUN.has(s.status)) ? 'active' : null;
  return next && next !== current ? next : null;
}

function frontMatterEdits(
  doc: ExecPlanDocument,
  lines: string[],
  values: { updated: string; status: string | null },
): Edit[] {
  const fm = doc.frontMatter;
  if (!fm.data || fm.raw === null) return [];
  const edits: Edit[] = [];
  const wanted: [string, string][] = [['updated', values.updated]];
  if (values.status) wanted.push(['status', values.status]);
  const missing: string[] = [];
  for (const [key, value] of wanted) {
    let found = false;
    for (let i = fm.startLine; i < fm.endLine - 1; i++) {
      const match = new RegExp(`^(${key}\\s*:\\s*)(["']?)([^"'#\\r\\n]*?)(["']?)(\\s*(?:#.*)?)$`).exec(
        stripEol(lines[i]!),
      );
      if (!match) continue;
      found = true;
      if (match[3] !== value)
        edits.push({ start: i, remove: 1, lines: [`${match[1]}${match[2]}${value}${match[4]}${match[5]}`] });
      break;
    }
    if (!found) missing.push(`${key}: ${value}`);
  }
  if (missing.length) edits.push({ start: fm.endLine - 1, remove: 0, lines: missing });
  return edits;
}

// ---------------------------------------------------------------------------------------------
// Line editing

/** Lines with their own line ends, so untouched lines keep theirs byte for byte. */
function splitLines(text: string): string[] {
  // Split where the parser splits (CRLF, LF or a lone CR), so its line numbers index this array.
  const lines = text.split(/(?<=\n|\r(?!\n))/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

function stripEol(line: string): string {
  return line.replace(/(?:\r\n|\n|\r)$/, '');
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * The last line (0-based) of a list item that starts at `start`: its continuation lines are
 * indented, and end before a blank line or the start of another item (`others`, e.g. a nested one).
 */
function itemEnd(lines: string[], start: number, limit: number, others: ReadonlySet<number> = new Set()): number {
  const indent = /^\s*/.exec(lines[start] ?? '')![0].length;
  let end = start;
  for (let i = start + 1; i <= Math.min(limit, lines.length - 1); i++) {
    const line = stripEol(lines[i]!);
    if (line.trim() === '' || others.has(i)) break;
    const lead = /^\s*/.exec(line)![0].length;
    if (lead <= indent) break;
    end = i;
  }
  return end;
}

/** Inserts after the section's last non-blank line, with one blank line between. */
function appendToSection(lines: string[], section: Section, newLines: string[]): Edit {
  let last = Math.min(section.endLine, lines.length) - 1;
  while (last > section.line - 1 && stripEol(lines[last]!).trim() === '') last--;
  return { start: last + 1, remove: 0, lines: ['', ...newLines] };
}

/** A living section the document lacks is added at its end. */
function appendSectionEdit(lines: string[], heading: string, body: string[]): Edit {
  return { start: lines.length, remove: 0, lines: ['', `## ${heading}`, '', ...body] };
}

function applyEdits(lines: string[], edits: Edit[], eol: string): string {
  const result = [...lines];
  // A last line without a line end gets one when something is added after it, and keeps none at the end.
  const endedWithEol = lines.length === 0 || /[\n\r]$/.test(lines[lines.length - 1]!);
  if (!endedWithEol) result[result.length - 1] += eol;
  // Bottom up, so earlier line numbers stay valid; of two insertions at one line the later one is
  // applied first, which leaves them in the order they were made.
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => b.edit.start - a.edit.start || b.order - a.order);
  for (const { edit } of sorted) result.splice(edit.start, edit.remove, ...edit.lines.map((l) => l + eol));
  let text = result.join('');
  if (!endedWithEol) text = text.slice(0, text.length - eol.length);
  return text;
}

// ---------------------------------------------------------------------------------------------
// A new document

function newExecPlan(input: ExportInput): string {
  const { definition: plan, steps, now } = input;
  const date = now.slice(0, 10);
  const id = `EP-${date.replace(/-/g, '')}-001`;
  const allDone = steps.length > 0 && steps.every((s) => s.status === 'completed');
  const started = steps.some((s) => !NOT_RUN.has(s.status));
  const stepById = new Map(plan.steps.map((s) => [s.id, s]));
  const out: string[] = [
    '---',
    `id: ${id}`,
    `title: ${JSON.stringify(plan.name)}`,
    `status: ${allDone ? 'done' : started ? 'active' : 'planned'}`,
    'kind: feature',
    'domain: cross-cutting',
    'owner: "@planbox"',
    `created: ${date}`,
    `updated: ${date}`,
    `tags: [${plan.tags.map((t) => JSON.stringify(t)).join(', ')}]`,
    'depends_on: []',
    'supersedes: []',
    '---',
    '',
    `# ${plan.name}`,
    '',
    `Planbox wrote this ExecPlan from its plan "${plan.name}". It is a living document: Progress, Surprises & Discoveries, Decision Log and Outcomes & Retrospective are to be kept current while the work goes on, and Planbox rewrites them from what really ran each time the plan is exported again.`,
    '',
  ];
  const section = (name: string, body: string[]) => out.push(`## ${name}`, '', ...body, '');

  section('Purpose / Big Picture', [
    plan.goal.trim()
      ? oneLine(plan.goal)
      : `After this work the project holds the result of the ${steps.length} steps of "${plan.name}" listed under Progress, each checked in a sandbox before it reaches the project folder.`,
  ]);
  section(
    'Progress',
    steps.length
      ? steps.map((s) => renderItem(s, '- '))
      : ['The plan has no steps yet, so there is nothing to check off.'],
  );

  const failures = steps.filter((s) => (s.status === 'failed' || s.status === 'rolled_back') && s.lastError);
  section(
    'Surprises & Discoveries',
    failures.length
      ? failures.flatMap((s) => [
          `- Observation: step ${s.id} (${s.title}) did not complete.`,
          `  Evidence: ${oneLine(s.lastError!)}`,
        ])
      : ['Nothing unexpected has been recorded while running this plan.'],
  );

  const entries = decisionEntries(input);
  section(
    'Decision Log',
    entries.length
      ? entries.flatMap((e) => renderEntry(DEFAULT_STYLE, e.decision, e.rationale, e.dateAuthor))
      : ['No decision has been recorded for this plan in Planbox.'],
  );
  section('Outcomes & Retrospective', [runSummary(steps) ?? 'No step has run yet, so there is no outcome to report.']);

  section('Context and Orientation', contextParagraphs(plan));
  section('Plan of Work', planOfWork(plan));
  section('Concrete Steps', concreteSteps(plan, stepById));
  section('Validation and Acceptance', validation(plan));
  section('Idempotence and Recovery', [
    'Planbox takes a snapshot of the sandbox before every step. A step that fails leaves the sandbox exactly as it was before the step, so running it again is safe. To undo steps that did complete, run `planbox plan rollback --to <step id>`, which returns the sandbox to the snapshot taken before that step. The project folder itself changes only when a person runs `planbox plan apply` after reviewing the diff.',
  ]);
  section('Artifacts and Notes', [
    `Exported by Planbox at ${timestamp(now)} from plan "${plan.name}"${input.versions.length ? `, version ${Math.max(...input.versions.map((v) => v.version))}` : ''}. The full plan, with every file content and patch, is printed by \`planbox plan export --format yaml\`.`,
  ]);
  section('Interfaces and Dependencies', [
    `Steps run in the container image \`${plan.sandbox.image}\` with ${plan.sandbox.network === 'none' ? 'no network access' : 'network access'}, ${plan.sandbox.cpus} CPU(s) and ${plan.sandbox.memoryMb} MB of memory.${packages(plan)}`,
  ]);

  const present = new Set(out.filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim().toLowerCase()));
  for (const required of REQUIRED_SECTIONS) {
    if (!present.has(required.toLowerCase()))
      section(required, ['Planbox has nothing recorded for this section; the plan keeps its details elsewhere.']);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function contextParagraphs(plan: PlanDefinition): string[] {
  const where = plan.workspace?.path
    ? `The work happens in the project folder \`${plan.workspace.path}\`, copied into a Docker container (the sandbox) so that no step touches the folder itself.`
    : 'The work happens in a copy of the project folder inside a Docker container (the sandbox), so that no step touches the folder itself.';
  const paragraphs = [where];
  const scope = plan.scope;
  if (scope) {
    const sentence = (label: string, items: string[]) => (items.length ? `${label}: ${items.join('; ')}.` : '');
    const text = [
      sentence('In scope', scope.included),
      sentence('Out of scope', scope.excluded),
      sentence('Assumptions', scope.assumptions),
      sentence('Constraints', scope.constraints),
    ]
      .filter(Boolean)
      .join(' ');
    if (text) paragraphs.push('', text);
  }
  if (plan.risks?.length) {
    paragraphs.push(
      '',
      `Known risks: ${plan.risks.map((r) => `${r.issue}${r.mitigation ? ` (mitigation: ${r.mitigation})` : ''}`).join('; ')}.`,
    );
  }
  return paragraphs;
}

function planOfWork(plan: PlanDefinition): string[] {
  if (plan.steps.length === 0) return ['The plan has no steps yet.'];
  const paragraphs = plan.steps.flatMap((step, index) => {
    const after = step.dependsOn.length ? ` It runs after ${step.dependsOn.join(', ')}.` : '';
    const what = describeStep(step);
    return [
      `Step ${index + 1}, \`${step.id}\`: ${step.title.replace(/[.!?]$/, '')}. ${what}${after}${step.description ? ` ${oneLine(step.description)}` : ''}`,
      '',
    ];
  });
  return paragraphs.slice(0, -1);
}

function lineCount(content: string): number {
  return content === '' ? 0 : content.replace(/\n$/, '').split('\n').length;
}

function describeStep(step: StepDefinition): string {
  switch (step.kind) {
    case 'command':
      return 'It runs a shell command in the sandbox.';
    case 'write_file':
      return `It writes the file \`${step.path}\` (${lineCount(step.content)} lines).`;
    case 'patch_file':
      return `It applies a patch to \`${step.path}\`.`;
    case 'delete_file':
      return `It deletes \`${step.path}\`.`;
    case 'install_package':
      return `It installs ${step.packages.names.join(', ')} with ${step.packages.manager}.`;
    case 'agent':
      return 'An agent carries it out from a written instruction.';
    case 'check':
      return 'It only checks the acceptance criteria.';
    case 'manual':
      return 'A person does it outside Planbox and reports it done.';
  }
}

/**
 * One heading per step, named exactly as its Progress item, so importing the document again finds
 * each command under its step. Only command steps get an indented block: any other block would be
 * read back as a command.
 */
function concreteSteps(plan: PlanDefinition, stepById: Map<string, StepDefinition>): string[] {
  if (plan.steps.length === 0) return ['There are no commands to run yet.'];
  const body = ['Run each command from the root of the project copy in the sandbox, in this order.', ''];
  for (const { id } of plan.steps) {
    const step = stepById.get(id)!;
    body.push(`### ${step.title}`, '');
    if (step.kind === 'command') {
      body.push(...step.command.split('\n').map((l) => `    ${l}`), '');
    } else if (step.kind === 'agent') {
      body.push(`${describeStep(step)} The instruction:`, '', ...step.prompt.split('\n').map((l) => `> ${l}`), '');
    } else {
      body.push(describeStep(step), '');
    }
  }
  return body.slice(0, -1);
}

function validation(plan: PlanDefinition): string[] {
  const checks = plan.steps.flatMap((s) =>
    s.acceptance.map(
      (a) =>
        `After \`${s.id}\`: ${a.description}${a.command ? ` (the command \`${a.command}\` exits with status 0)` : ''}.`,
    ),
  );
  const strategy =
    typeof plan.testingStrategy === 'string'
      ? [plan.testingStrategy]
      : plan.testingStrategy
        ? Object.entries(plan.testingStrategy).map(([k, v]) => `${k}: ${v}`)
        : [];
  const lines = [
    'Every command step must exit with status 0; Planbox marks a step failed otherwise and keeps the sandbox as it was before it.',
    ...checks.map((c) => `\n${c}`),
    ...strategy.map((s) => `\n${oneLine(s)}`),
  ];
  return lines.flatMap((l) => (l.startsWith('\n') ? ['', l.slice(1)] : [l]));
}

function packages(plan: PlanDefinition): string {
  const installs = plan.steps.filter((s) => s.kind === 'install_package');
  if (installs.length === 0) return '';
  return ` Packages installed by the plan: ${installs.map((s) => `${s.packages.names.join(', ')} (${s.packages.manager})`).join('; ')}.`;
}

/** `(YYYY-MM-DD HH:MMZ)`'s inside, from an ISO time. */
export function timestamp(iso: string): string {
  const parsed = new Date(iso);
  const normal = Number.isNaN(parsed.getTime()) ? iso : parsed.toISOString();
  return `${normal.slice(0, 10)} ${normal.slice(11, 16)}Z`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
