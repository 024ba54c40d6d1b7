import type { Root } from 'mdast';
import type { TextLines } from './lines';
import { plainText } from './mdast-walk';
import type { ExecPlanDocument, Heading, Section } from './types';

/** The twelve living sections every ExecPlan keeps, in the order the format lays them out. */
export const REQUIRED_SECTIONS: readonly string[] = Object.freeze([
  'Purpose / Big Picture',
  'Progress',
  'Surprises & Discoveries',
  'Decision Log',
  'Outcomes & Retrospective',
  'Context and Orientation',
  'Plan of Work',
  'Concrete Steps',
  'Validation and Acceptance',
  'Idempotence and Recovery',
  'Artifacts and Notes',
  'Interfaces and Dependencies',
]);

/**
 * Shorter names people write for a required section. Only names that cannot mean anything else:
 * "Notes" or "Steps" alone are too common as ordinary headings to count as the section.
 */
const ALIASES: Record<string, readonly string[]> = {
  'Purpose / Big Picture': ['Purpose', 'Big Picture', 'Purpose and Intent'],
  'Surprises & Discoveries': ['Surprises', 'Discoveries'],
  'Decision Log': ['Decisions'],
  'Outcomes & Retrospective': ['Outcomes', 'Retrospective'],
  'Context and Orientation': ['Context', 'Orientation'],
  'Validation and Acceptance': ['Validation', 'Acceptance'],
  'Idempotence and Recovery': ['Idempotence', 'Recovery'],
  'Artifacts and Notes': ['Artifacts'],
  'Interfaces and Dependencies': ['Interfaces', 'Dependencies'],
};

/** "Surprises & Discoveries", "surprises and discoveries:", "2. Surprises/Discoveries" → one key. */
export function sectionKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*(?:\d+|[ivx]+|[a-z])[.)]\s+/, '') // a leading "2." or "iv)" numbering
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const CANONICAL_BY_KEY = new Map<string, string>();
for (const name of REQUIRED_SECTIONS) {
  CANONICAL_BY_KEY.set(sectionKey(name), name);
  for (const alias of ALIASES[name] ?? []) CANONICAL_BY_KEY.set(sectionKey(alias), name);
}

/**
 * The required section a heading stands for, or undefined. A heading in another language may name
 * the section in parentheses: "Fortschritt (Progress)".
 */
export function canonicalSectionName(heading: string): string | undefined {
  const direct = CANONICAL_BY_KEY.get(sectionKey(heading));
  if (direct) return direct;
  const parenthesized = /\(([^()]+)\)\s*$/.exec(heading)?.[1];
  return parenthesized === undefined ? undefined : CANONICAL_BY_KEY.get(sectionKey(parenthesized));
}

/** Per sections array: each heading's key and the required section it stands for. Computed once, as plans may have many headings. */
const namesCache = new WeakMap<readonly Section[], { key: string; canonical: string | undefined }[]>();

function sectionNames(sections: readonly Section[]): { key: string; canonical: string | undefined }[] {
  let names = namesCache.get(sections);
  if (!names) {
    names = sections.map((section) => sectionName(section.heading));
    namesCache.set(sections, names);
  }
  return names;
}

/** Names looked for are few and fixed (the required sections), so their keys are kept. */
const wantedCache = new Map<string, { key: string; canonical: string | undefined }>();

function sectionName(heading: string): { key: string; canonical: string | undefined } {
  const key = sectionKey(heading);
  return { key, canonical: CANONICAL_BY_KEY.get(key) ?? canonicalSectionName(heading) };
}

function wantedName(name: string): { key: string; canonical: string | undefined } {
  let wanted = wantedCache.get(name);
  if (!wanted) {
    wanted = sectionName(name);
    if (wantedCache.size < 200) wantedCache.set(name, wanted);
  }
  return wanted;
}

/** The shallowest, then first, section whose heading names `name`. */
export function findSection(doc: ExecPlanDocument, name: string): Section | undefined {
  return findSections(doc.sections, name)[0];
}

/** Every section whose heading names `name` (exactly, or as the same required section), shallowest first, in document order within a depth. */
export function findSections(sections: readonly Section[], name: string): Section[] {
  const { key: wantedKey, canonical: wantedCanonical } = wantedName(name);
  const names = sectionNames(sections);
  return sections
    .filter((_, index) => {
      const { key, canonical } = names[index]!;
      return key === wantedKey || (wantedCanonical !== undefined && canonical === wantedCanonical);
    })
    .sort((a, b) => a.depth - b.depth);
}

export interface Outline {
  title: Heading | null;
  headings: Heading[];
  sections: Section[];
}

/** Headings at the top level of the tree; a heading inside a list or quote does not start a section. */
export function readOutline(root: Root, text: string, { lines, starts }: TextLines): Outline {
  const headings: Heading[] = [];
  for (const node of root.children) {
    if (node.type !== 'heading' || !node.position) continue;
    headings.push({
      text: plainText(node).replace(/\s+/g, ' ').trim(),
      depth: node.depth,
      line: node.position.start.line,
    });
  }
  const title = headings.find((heading) => heading.depth === 1) ?? null;
  // The title bounds the sections around it too, so it takes part in the end-line pass.
  const endLines = sectionEndLines(headings, lines.length);
  const sections: Section[] = [];
  headings.forEach((heading, index) => {
    if (heading === title) return;
    const endLine = endLines[index]!;
    const endOffset = endLine < lines.length ? starts[endLine]! : text.length;
    sections.push({
      heading: heading.text,
      depth: heading.depth,
      line: heading.line,
      endLine,
      markdown: text.slice(starts[heading.line - 1], endOffset),
    });
  });
  return { title, headings, sections };
}

/** For each heading, the last line before the next heading of the same or a shallower depth. One pass with a stack. */
function sectionEndLines(headings: readonly Heading[], lineCount: number): number[] {
  const endLines = new Array<number>(headings.length).fill(lineCount);
  const open: number[] = [];
  headings.forEach((heading, index) => {
    while (open.length > 0 && headings[open.at(-1)!]!.depth >= heading.depth) {
      endLines[open.pop()!] = heading.line - 1;
    }
    open.push(index);
  });
  return endLines;
}
