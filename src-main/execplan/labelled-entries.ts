import type { DecisionEntry, SurpriseEntry } from './types';

/**
 * Decision Log and Surprises entries are labelled text: "Decision: … Rationale: … Date/Author: …"
 * and "Observation: … Evidence: …". Plans write them as list items with one label per line, as
 * paragraphs, with bold labels, or with all labels on one line; so entries are read from the
 * source lines rather than from the tree. A starting label opens an entry, the other labels fill
 * it, and a field runs on over following lines until the next label, a blank line or a new list
 * item.
 */

export interface LineRange {
  /** 1-based, inclusive. */
  line: number;
  endLine: number;
}

interface EntryShape<Field extends string> {
  starter: Field;
  /** Lower-cased label text (spaces removed) → field. */
  labels: Record<string, Field>;
}

const DECISION_SHAPE: EntryShape<'decision' | 'rationale' | 'dateAuthor'> = {
  starter: 'decision',
  labels: {
    decision: 'decision',
    rationale: 'rationale',
    'date/author': 'dateAuthor',
    date: 'dateAuthor',
    author: 'dateAuthor',
  },
};
const SURPRISE_SHAPE: EntryShape<'observation' | 'evidence'> = {
  starter: 'observation',
  labels: { observation: 'observation', evidence: 'evidence' },
};

/** At the start of a line any letter case counts; inside a line only the capitalised label, so prose like "the decision: …" is not one. */
const LABEL_AT_START =
  /^(?:\*\*|__)?(decision|rationale|date\s*\/\s*author|date|author|observation|evidence)(?:\*\*|__)?\s*:(?:\*\*|__)?/i;
const LABEL_INSIDE =
  /(?<=\s)(?:\*\*|__)?(Decision|Rationale|Date\s*\/\s*Author|Observation|Evidence)(?:\*\*|__)?\s*:(?:\*\*|__)?(?=\s|$)/g;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:\s+|$)/;
const FENCE_LINE = /^\s*(?:`{3,}|~{3,})/;
/** Whitespace other than a single space. */
const MULTIPLE_SPACE = /\s\s|[^\S ]/;

export function readDecisions(
  lines: readonly string[],
  ranges: readonly LineRange[],
  codeLines: Uint8Array,
): DecisionEntry[] {
  return readEntries(lines, ranges, codeLines, DECISION_SHAPE).map((fields) => ({
    decision: fields.values.decision ?? '',
    rationale: fields.values.rationale ?? null,
    dateAuthor: fields.values.dateAuthor ?? null,
    line: fields.line,
  }));
}

export function readSurprises(
  lines: readonly string[],
  ranges: readonly LineRange[],
  codeLines: Uint8Array,
): SurpriseEntry[] {
  return readEntries(lines, ranges, codeLines, SURPRISE_SHAPE).map((fields) => ({
    observation: fields.values.observation ?? '',
    evidence: fields.values.evidence ?? null,
    line: fields.line,
  }));
}

interface RawEntry<Field extends string> {
  line: number;
  values: Partial<Record<Field, string>>;
}

function readEntries<Field extends string>(
  lines: readonly string[],
  ranges: readonly LineRange[],
  codeLines: Uint8Array,
  shape: EntryShape<Field>,
): RawEntry<Field>[] {
  const entries: RawEntry<Field>[] = [];
  for (const range of ranges) {
    let entry: RawEntry<Field> | undefined;
    let field: Field | undefined;
    const append = (value: string) => {
      if (!entry || !field) return;
      // Most values are single-spaced already; replacing allocates even when nothing matches.
      const cleaned = (MULTIPLE_SPACE.test(value) ? value.replace(/\s+/g, ' ') : value).trim();
      if (cleaned === '') return;
      const before = entry.values[field];
      entry.values[field] = before ? `${before} ${cleaned}` : cleaned;
    };
    // The heading line itself carries no entry.
    for (let line = range.line + 1; line <= range.endLine; line++) {
      const raw = lines[line - 1] ?? '';
      if (codeLines[line]) {
        // Evidence is often a transcript in a code block right under its label.
        if (field && !entry?.values[field] && !FENCE_LINE.test(raw)) append(raw);
        continue;
      }
      const quoteless = raw.replace(/^[\s>]*/, '');
      if (quoteless === '') {
        if (field && entry?.values[field]) field = undefined;
        continue;
      }
      const marker = LIST_MARKER.exec(quoteless);
      const content = marker ? quoteless.slice(marker[0].length) : quoteless;
      const labels = findLabels(content);
      if (labels.length === 0) {
        if (marker) {
          entry = undefined; // a new list item without a label is not part of any entry
          field = undefined;
        } else {
          append(content);
        }
        continue;
      }
      append(content.slice(0, labels[0]!.start));
      labels.forEach((label, index) => {
        const labelField = shape.labels[label.name];
        if (labelField === undefined) return;
        if (labelField === shape.starter) {
          entry = { line, values: {} };
          entries.push(entry);
        }
        field = entry ? labelField : undefined;
        append(content.slice(label.end, labels[index + 1]?.start ?? content.length));
      });
    }
  }
  for (const entry of entries) {
    for (const key of Object.keys(entry.values) as Field[]) entry.values[key] = stripEmphasis(entry.values[key]!);
  }
  return entries;
}

interface LabelMatch {
  name: string;
  start: number;
  end: number;
}

function findLabels(content: string): LabelMatch[] {
  const labels: LabelMatch[] = [];
  if (!content.includes(':')) return labels; // every label ends with one
  const atStart = LABEL_AT_START.exec(content);
  if (atStart) labels.push({ name: labelName(atStart[1]!), start: 0, end: atStart[0].length });
  for (const match of content.matchAll(LABEL_INSIDE)) {
    if (match.index < (labels[0]?.end ?? 0)) continue;
    labels.push({ name: labelName(match[1]!), start: match.index, end: match.index + match[0].length });
  }
  return labels;
}

function labelName(label: string): string {
  return label.toLowerCase().replace(/\s+/g, '');
}

/** A value written as "**Use HS256**" reads as "Use HS256". */
function stripEmphasis(value: string): string {
  return value.replace(/^(\*\*|__)(.*)\1$/, '$2').trim();
}
