import { planSchema, type PlanDefinition } from '../domain/plan-schema';
import { formatSchemaError, MAX_PLAN_FILE_BYTES, PlanFileError } from '../domain/planfile';
import {
  findSection,
  parseExecPlan,
  validateExecPlan,
  type ExecPlanDocument,
  type Heading,
  type ProgressItem,
} from './index';

/**
 * An ExecPlan as a Planbox plan. Progress items are the steps (milestone headings when Progress has
 * no items), in document order, each depending on the one before. A step is `manual` unless the
 * Concrete Steps section gives a shell command under a heading or list item that names it; then it
 * is a `command` step. Step ids come from the item text (a slug, numbered only when two items
 * share it), so inserting an item does not rename the steps after it, and exporting then
 * importing again gives the same ids.
 */

export const EXECPLAN_FORMAT = 'execplan';

/** One step as read from the document, with where it came from. */
export interface ExecPlanStepSource {
  id: string;
  title: string;
  /** The Progress item the step came from; null for a step taken from a milestone heading. */
  item: ProgressItem | null;
  milestone: Heading | null;
  /** The shell command Concrete Steps gives for it, if any. */
  command: string | null;
  /** The heading or list item in Concrete Steps the command was found under. */
  commandAnchor: string | null;
}

export function execPlanToPlanInput(doc: ExecPlanDocument, fileName: string): { input: unknown; notes: string[] } {
  const notes: string[] = [];
  const sources = execPlanSteps(doc);
  const fm = doc.frontMatter.data ?? {};

  const steps = sources.map((source, index) => {
    const description = describe(source);
    const title = shorten(source.title, 200);
    const base = {
      id: source.id,
      title,
      ...(description ? { description } : {}),
      dependsOn: index > 0 ? [sources[index - 1]!.id] : [],
    };
    return source.command ? { ...base, kind: 'command', command: source.command } : { ...base, kind: 'manual' };
  });

  const fromItems = sources.some((s) => s.item);
  const commands = sources.filter((s) => s.command).length;
  if (sources.length === 0) {
    notes.push('the ExecPlan has no Progress items and no milestone headings, so the plan has no steps');
  } else {
    notes.push(
      `${sources.length} ${fromItems ? 'Progress item(s)' : 'milestone heading(s)'} became steps: ` +
        `${commands} command step(s) with commands from Concrete Steps, ${sources.length - commands} manual`,
    );
  }
  const checked = sources.filter((s) => s.item?.checked).length;
  if (checked > 0) {
    notes.push(
      `${checked} item(s) are checked in the ExecPlan; they are steps still to do in Planbox (the description says so)`,
    );
  }

  const purpose = findSection(doc, 'Purpose / Big Picture');
  const goal = purpose ? firstParagraph(purpose.markdown) : '';
  if (!purpose) notes.push('no "Purpose / Big Picture" section; the goal is left empty');

  const input = {
    name: planName(doc, fileName),
    goal,
    tags: stringList(fm.tags),
    ...(milestoneGroups(doc, sources) ?? {}),
    // The text as it came, byte order mark included, so an export writes the same bytes back.
    source: { format: EXECPLAN_FORMAT, file: fileName, text: doc.bom ? `\uFEFF${doc.text}` : doc.text },
    steps,
  };
  return { input, notes };
}

/** The steps the document describes; the exporter uses this too, to find each step's original item. */
export function execPlanSteps(doc: ExecPlanDocument): ExecPlanStepSource[] {
  const progress = findSection(doc, 'Progress');
  const items = progress ? doc.progress.filter((i) => i.line > progress.line && i.line <= progress.endLine) : [];
  const raw: { title: string; item: ProgressItem | null; milestone: Heading | null }[] =
    items.length > 0
      ? items.map((item) => ({ title: itemTitle(item.text), item, milestone: null }))
      : milestoneHeadings(doc).map((h) => ({ title: plainText(h.text), item: null, milestone: h }));

  const used = new Set<string>();
  const anchors = concreteStepAnchors(doc);
  const taken = new Set<CommandAnchor>();
  return raw
    .filter((r) => r.title.length > 0)
    .map((r) => {
      const id = uniqueId(slug(r.title), used);
      const anchor = bestAnchor(r.title, anchors, taken);
      if (anchor) taken.add(anchor);
      return {
        id,
        title: r.title,
        item: r.item,
        milestone: r.milestone,
        command: anchor?.command ?? null,
        commandAnchor: anchor?.text ?? null,
      };
    });
}

/**
 * The notes Planbox's export appends to an item it writes (`(failed: …)`, `(rolled back …)`), and
 * the seed's partial form `(completed: X; remaining: Y)`, are not part of the step's title.
 */
const TRAILING_NOTE =
  /\s*\((?:failed|rolled back|skipped|in progress|blocked|completed:[^)]*;\s*remaining:)[^\n]*\)\.?\s*$/i;

export function itemTitle(text: string): string {
  return plainText(
    text
      .replace(/^\s*[([]\d{4}-\d{2}-\d{2}[^)\]]*[)\]]\s*/, '')
      .replace(TRAILING_NOTE, '')
      .replace(/\s*[([]\d{4}-\d{2}-\d{2}[^)\]]*[)\]]\s*$/, ''),
  );
}

function describe(source: ExecPlanStepSource): string {
  const parts: string[] = [];
  const item = source.item;
  if (item?.checked) {
    parts.push(`Checked in the ExecPlan's Progress${item.timestamp ? ` (done ${item.timestamp})` : ''}.`);
  }
  if (item?.partial) {
    parts.push(
      `Partly done in the ExecPlan: completed ${item.partial.completed}; remaining ${item.partial.remaining}.`,
    );
  }
  // A title shortened to fit keeps its full wording here.
  if (source.title.length > 200) parts.push(source.title);
  if (source.milestone) parts.push('A milestone of the ExecPlan.');
  if (source.commandAnchor) parts.push(`Command from Concrete Steps: "${source.commandAnchor}".`);
  return parts.join(' ');
}

function planName(doc: ExecPlanDocument, fileName: string): string {
  const fm = doc.frontMatter.data ?? {};
  const candidates = [fm.id, fm.title, doc.title?.text];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim()) return shorten(plainText(candidate), 200);
  }
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.replace(/\.[^.]+$/, '') || 'execplan';
}

/** "Milestone 1: …" headings below the title, in document order. */
function milestoneHeadings(doc: ExecPlanDocument): Heading[] {
  return doc.headings.filter((h) => h.depth >= 2 && /^milestone\b/i.test(plainText(h.text)));
}

/**
 * When the steps come from Progress items and the document also has milestone headings, the
 * milestones become the plan's milestone groups. An item belongs to a milestone when it sits under
 * the milestone's heading (Progress grouped by milestone) or names it ("Milestone 2: …", "M2").
 * Headings of the same milestone in two places (Progress and Plan of Work) make one group.
 */
function milestoneGroups(
  doc: ExecPlanDocument,
  sources: ExecPlanStepSource[],
): { milestones: { name: string; steps: string[] }[] } | null {
  if (!sources.some((s) => s.item)) return null;
  const headings = milestoneHeadings(doc);
  if (headings.length === 0) return null;
  const groups = new Map<string, { name: string; steps: Set<string> }>();
  for (const h of headings) {
    const name = shorten(plainText(h.text), 200);
    const number = /^milestone\s*(\d+)/i.exec(name)?.[1];
    const key = number ? `#${Number(number)}` : normalize(name);
    const group = groups.get(key) ?? { name, steps: new Set<string>() };
    groups.set(key, group);
    const endLine = doc.sections.find((section) => section.line === h.line)?.endLine ?? h.line;
    const mentions = number ? new RegExp(`\\b(?:milestone\\s*${Number(number)}|m${Number(number)})\\b`, 'i') : null;
    for (const source of sources) {
      const under = source.item !== null && source.item.line > h.line && source.item.line <= endLine;
      if (under || mentions?.test(source.title)) group.steps.add(source.id);
    }
  }
  const order = new Map(sources.map((s, i) => [s.id, i]));
  return {
    milestones: [...groups.values()].map((g) => ({
      name: g.name,
      steps: [...g.steps].sort((a, b) => order.get(a)! - order.get(b)!),
    })),
  };
}

interface CommandAnchor {
  text: string;
  words: Set<string>;
  normalized: string;
  command: string;
}

const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;

/**
 * Headings and list items in Concrete Steps with a code block under them (the first one that holds
 * a command). Code blocks are the parser's: fenced, or indented as markdown defines it.
 */
function concreteStepAnchors(doc: ExecPlanDocument): CommandAnchor[] {
  const section = findSection(doc, 'Concrete Steps');
  if (!section) return [];
  const lines = doc.text.split(/\r\n|\r|\n/);
  const inCode = new Set<number>();
  for (const block of doc.codeBlocks) for (let l = block.line; l <= block.endLine; l++) inCode.add(l);
  const headingAt = new Map(doc.headings.map((h) => [h.line, h.text]));
  const seen = new Set<number>();
  const anchors: CommandAnchor[] = [];
  for (const block of doc.codeBlocks) {
    if (block.line <= section.line || block.line > section.endLine) continue;
    let anchor: { line: number; text: string } | null = null;
    for (let l = block.line - 1; l > section.line && !anchor; l--) {
      if (inCode.has(l)) continue;
      const heading = headingAt.get(l);
      const item = heading === undefined ? LIST_ITEM.exec(lines[l - 1] ?? '') : null;
      if (heading !== undefined) anchor = { line: l, text: heading };
      else if (item) anchor = { line: l, text: plainText(item[1]!) };
    }
    if (!anchor || seen.has(anchor.line)) continue;
    const command = commandFrom(codeBody(lines, block));
    if (!command) continue;
    seen.add(anchor.line);
    const normalized = normalize(anchor.text);
    anchors.push({ text: anchor.text, words: significantWords(normalized), normalized, command });
  }
  return anchors;
}

/** A code block's lines without its fences and without the indentation every line shares. */
function codeBody(lines: string[], block: ExecPlanDocument['codeBlocks'][number]): string[] {
  const first = block.fenced ? block.line + 1 : block.line;
  const last = block.fenced && block.closed ? block.endLine - 1 : block.endLine;
  const body = lines.slice(first - 1, last).map((l) => l.replace(/^(\s*>)+ ?/, ''));
  const indents = body.filter((l) => l.trim()).map(indentOf);
  const common = indents.length ? Math.min(...indents) : 0;
  return body.map((l) => stripIndent(l, common));
}

/**
 * The command in a code block. A block written as a transcript (`$ cmd` followed by output) gives
 * only its `$` lines; otherwise every line that is not a comment. Several simple lines become one
 * `a && b` command, so a failing line stops the step; continued lines and here-documents are kept
 * as a script.
 */
export function commandFrom(block: string[]): string | null {
  const prompted = block.filter((l) => /^\s*\$ /.test(l));
  const lines = (prompted.length > 0 ? prompted.map((l) => l.replace(/^\s*\$ /, '')) : block)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
  if (lines.length === 0) return null;
  if (lines.some((l) => /\\$/.test(l) || /<</.test(l))) return lines.join('\n');
  return lines.map((l) => l.trim()).join(' && ');
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'that', 'this', 'run', 'then', 'step']);

function bestAnchor(title: string, anchors: CommandAnchor[], taken: Set<CommandAnchor>): CommandAnchor | null {
  const normalized = normalize(title);
  const words = significantWords(normalized);
  let best: { anchor: CommandAnchor; score: number } | null = null;
  for (const anchor of anchors) {
    if (taken.has(anchor)) continue;
    const score = matchScore(normalized, words, anchor);
    if (score > 0 && (!best || score > best.score)) best = { anchor, score };
  }
  return best?.anchor ?? null;
}

/**
 * 3 for the same words, 2 when one text contains the other (three words or more), else the share
 * of the shorter text's significant words found in the other when it is at least 80% of three or
 * more words; 0 for no match.
 */
function matchScore(normalized: string, words: Set<string>, anchor: CommandAnchor): number {
  if (!normalized || !anchor.normalized) return 0;
  if (normalized === anchor.normalized) return 3;
  const shorter = normalized.length < anchor.normalized.length ? normalized : anchor.normalized;
  const longer = shorter === normalized ? anchor.normalized : normalized;
  if (shorter.split(' ').length >= 3 && ` ${longer} `.includes(` ${shorter} `)) return 2;
  const small = words.size <= anchor.words.size ? words : anchor.words;
  const large = small === words ? anchor.words : words;
  if (small.size < 3) return 0;
  const shared = [...small].filter((w) => large.has(w)).length;
  const share = shared / small.size;
  return share >= 0.8 ? share : 0;
}

function normalize(text: string): string {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');
}

function significantWords(normalized: string): Set<string> {
  return new Set(normalized.split(' ').filter((w) => w.length >= 3 && !STOP_WORDS.has(w)));
}

/** A step id from a title: lower-case words joined by dashes, at most 48 characters. */
export function slug(text: string): string {
  const words = normalize(text).split(' ').filter(Boolean);
  let id = '';
  for (const word of words) {
    const next = id ? `${id}-${word}` : word;
    if (next.length > 48) break;
    id = next;
  }
  if (id) return id;
  if (words[0]) return words[0].slice(0, 48);
  // A title with no Latin letters or digits still gets an id of its own, stable across imports.
  return text.trim() ? `step-${fnv1a(text.trim())}` : 'step';
}

/** 32-bit FNV-1a as 8 hex digits: a short stable fingerprint, not a security hash. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** The first paragraph of a section (after its heading line), as plain text on one line. */
export function firstParagraph(markdown: string): string {
  const lines = markdown.split(/\r?\n/).slice(1);
  const start = lines.findIndex((l) => l.trim() !== '');
  if (start === -1) return '';
  const paragraph: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '' || /^(#{1,6}\s|\s*([-*+]|\d+[.)])\s|\s*(```|~~~)| {4}|\t)/.test(line)) break;
    paragraph.push(line.trim());
  }
  return plainText(paragraph.join(' '));
}

/** Markdown inline syntax removed: emphasis, code ticks, links and images keep their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function stringList(value: unknown): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const strings = items
    .map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : ''))
    .filter((v) => v.length > 0);
  return [...new Set(strings)];
}

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line)![0];
  return match.replace(/\t/g, '    ').length;
}

function stripIndent(line: string, count: number): string {
  let i = 0;
  let removed = 0;
  while (i < line.length && removed < count && (line[i] === ' ' || line[i] === '\t')) {
    removed += line[i] === '\t' ? 4 : 1;
    i++;
  }
  return line.slice(i);
}

/** An ExecPlan's text as a checked Planbox plan, the way loadPlanDocument reads YAML and JSON; throws PlanFileError. */
export function loadExecPlanDocument(
  text: string,
  fileName: string,
): { plan: PlanDefinition; format: typeof EXECPLAN_FORMAT; dropped: string[]; notes: string[] } {
  if (text.length > MAX_PLAN_FILE_BYTES)
    throw new PlanFileError(fileName, 'the file is above the 16 MiB limit for plan files; split the plan');
  const doc = parseExecPlan(text);
  const { input, notes } = execPlanToPlanInput(doc, fileName);
  const findings = validateExecPlan(doc, { fileName });
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (findings.length > 0) {
    notes.push(
      `the ExecPlan has ${errors} error(s) and ${findings.length - errors} warning(s) as an ExecPlan; see: planbox execplan validate ${fileName}`,
    );
  }
  const result = planSchema.safeParse(input);
  if (!result.success) throw formatSchemaError(result.error, fileName, input);
  return { plan: result.data, format: EXECPLAN_FORMAT, dropped: [], notes };
}

/** ExecPlans are markdown; every other plan file is YAML or JSON. */
export function isExecPlanFileName(fileName: string): boolean {
  return /\.(md|markdown)$/i.test(fileName);
}
