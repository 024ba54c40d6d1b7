import { codeLineMask, readCodeBlocks } from './code-blocks';
import { readFrontMatter } from './front-matter';
import { readDecisions, readSurprises, type LineRange } from './labelled-entries';
import { dominantLineEnding, splitLines } from './lines';
import { parseMarkdownBlocks, parseMarkdownBody } from './markdown-tree';
import { readTaskItems, toProgressItems } from './progress-items';
import { findSections, readOutline } from './sections';
import type { ExecPlanDocument, Section } from './types';

/**
 * Reads an ExecPlan file into its parts. Never throws: a plan on disk can hold anything (a
 * half-saved edit, a binary file, a different document), and the caller shows findings for it
 * instead of a crash. Work is linear in the size of the text.
 */
export function parseExecPlan(input: string): ExecPlanDocument {
  const source = typeof input === 'string' ? input : String(input ?? '');
  const bom = source.charCodeAt(0) === 0xfeff;
  const text = bom ? source.slice(1) : source;
  const textLines = splitLines(text);
  const { lines } = textLines;
  const { frontMatter, lineCount: frontMatterLines } = readFrontMatter(text, textLines);
  const { root, errors } = parseMarkdownBody(text, textLines, frontMatterLines, undefined, parseMarkdownBlocks);
  const codeBlocks = readCodeBlocks(root, lines);
  const codeLines = codeLineMask(codeBlocks, lines.length);
  const { title, headings, sections } = readOutline(root, text, textLines);

  const progressRanges = mergedRanges(findSections(sections, 'Progress'));
  const progress = [];
  const strayChecklists = [];
  for (const task of readTaskItems(root, text)) {
    if (progressRanges.some((range) => task.line >= range.line && task.line <= range.endLine)) {
      for (const item of toProgressItems(task)) progress.push(item);
    } else {
      strayChecklists.push({ line: task.line, text: task.text });
    }
  }

  const doc: ExecPlanDocument = {
    text,
    bom,
    eol: dominantLineEnding(text),
    frontMatter,
    planIdLine: findPlanIdLine(lines, frontMatterLines, codeLines),
    title,
    headings,
    sections,
    progress,
    strayChecklists,
    decisions: readDecisions(lines, mergedRanges(findSections(sections, 'Decision Log')), codeLines),
    surprises: readSurprises(lines, mergedRanges(findSections(sections, 'Surprises & Discoveries')), codeLines),
    codeBlocks,
    markdownErrors: errors,
  };
  splitCache.set(doc, { text, lines });
  return doc;
}

const splitCache = new WeakMap<ExecPlanDocument, { text: string; lines: string[] }>();

/** The document's lines; those parseExecPlan split are kept, so validating does not split the text again. */
export function documentLines(doc: ExecPlanDocument): string[] {
  const cached = splitCache.get(doc);
  return cached && cached.text === doc.text ? cached.lines : splitLines(doc.text).lines;
}

/** "Plan ID: EP-20260117-014", "**Plan ID:** `EP-…`", "- Plan-ID: …": how plans named themselves before front matter. */
const PLAN_ID_LINE = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?plan[ _-]?id(?:\*\*|__)?\s*:(?:\*\*|__)?\s*`?([^\s`*]+)/i;

function findPlanIdLine(
  lines: readonly string[],
  firstLine: number,
  codeLines: Uint8Array,
): ExecPlanDocument['planIdLine'] {
  for (let index = firstLine; index < lines.length; index++) {
    if (codeLines[index + 1]) continue;
    const match = PLAN_ID_LINE.exec(lines[index]!);
    if (match) return { id: match[1]!, line: index + 1 };
  }
  return null;
}

/** Sections nest, so a Progress section may lie inside another; each line is read once. */
function mergedRanges(sections: readonly Section[]): LineRange[] {
  const sorted = sections.map(({ line, endLine }) => ({ line, endLine })).sort((a, b) => a.line - b.line);
  const merged: LineRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.line <= last.endLine) last.endLine = Math.max(last.endLine, range.endLine);
    else merged.push(range);
  }
  return merged;
}
