import { pairBacktickRuns } from './backtick-runs';
import { codeLineMask } from './code-blocks';
import { documentLines } from './parse-execplan';
import { findSections } from './sections';
import type { ExecPlanDocument } from './types';

/** The sections that record what happened rather than instruct; wording rules about instructions skip them. */
const RECORD_SECTIONS = ['Progress', 'Surprises & Discoveries', 'Decision Log', 'Outcomes & Retrospective'];

/** Stands in for inline code, so "see the `docs/x.md` file" cannot read as "see the file". */
export const INLINE_CODE_MARK = '§';

/** What several checks need, computed once per validation. */
export interface ValidationContext {
  doc: ExecPlanDocument;
  /** lines[0] is line 1. */
  lines: string[];
  /** By line number (index 0 unused): the line with inline code masked, or null inside front matter and code blocks. */
  prose: (string | null)[];
  /** By line number: 1 inside Progress, Surprises & Discoveries, Decision Log or Outcomes & Retrospective. */
  recordLines: Uint8Array;
  /** By line number: index in doc.sections of the innermost section holding the line, or -1. */
  sectionAt: Int32Array;
  fileName: string | undefined;
}

export function createValidationContext(doc: ExecPlanDocument, fileName: string | undefined): ValidationContext {
  const lines = documentLines(doc);
  const codeLines = codeLineMask(doc.codeBlocks, lines.length);
  const bodyStart = doc.frontMatter.endLine + 1;
  const prose: (string | null)[] = [null];
  for (let line = 1; line <= lines.length; line++) {
    prose.push(line < bodyStart || codeLines[line] ? null : maskInlineCode(lines[line - 1]!));
  }
  const recordLines = new Uint8Array(lines.length + 2);
  for (const name of RECORD_SECTIONS) {
    for (const section of findSections(doc.sections, name)) recordLines.fill(1, section.line, section.endLine + 1);
  }
  // Later sections in document order are nested deeper or start later, so the last write wins.
  const sectionAt = new Int32Array(lines.length + 2).fill(-1);
  doc.sections.forEach((section, index) => sectionAt.fill(index, section.line, section.endLine + 1));
  return { doc, lines, prose, recordLines, sectionAt, fileName };
}

/** Replaces each inline code span with one mark. Spans across lines are rare in plans and are left as they are. */
export function maskInlineCode(line: string): string {
  let at = line.indexOf('`');
  if (at === -1) return line;
  // Every line of prose passes here, so the runs are found with indexOf rather than a regex iterator.
  const starts: number[] = [];
  const lengths: number[] = [];
  while (at !== -1) {
    let end = at + 1;
    while (line.charCodeAt(end) === 96) end++;
    starts.push(at);
    lengths.push(end - at);
    at = line.indexOf('`', end);
  }
  const partners = pairBacktickRuns(lengths);
  let result = '';
  let copiedUpTo = 0;
  for (let index = 0; index < starts.length; index++) {
    const partner = partners[index]!;
    if (partner <= index) continue; // unpaired, or the closing run of a span already masked
    result += line.slice(copiedUpTo, starts[index]) + INLINE_CODE_MARK;
    copiedUpTo = starts[partner]! + lengths[partner]!;
  }
  return result + line.slice(copiedUpTo);
}
