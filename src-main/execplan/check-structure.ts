import { isBlank } from './lines';
import { hit, quote, type RuleHit } from './rules';
import { canonicalSectionName, findSections, REQUIRED_SECTIONS } from './sections';
import type { CodeBlock, Section } from './types';
import type { ValidationContext } from './validation-context';

/** The outline: title, the twelve required sections (present, once, in order, not empty) and the blank line after each heading. */
export function checkStructure({ doc, lines }: ValidationContext): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const problem of doc.markdownErrors) {
    hits.push(
      hit(
        'markdown.unparseable',
        problem.line,
        `${problem.message}; simplify the markdown from this line on`,
        'Reduce deeply nested lists or > quotes; headings and checklists in this part are not seen.',
      ),
    );
  }
  if (!doc.title) {
    hits.push(
      hit(
        'title.missing',
        firstContentLine(lines, doc.frontMatter.endLine + 1),
        'the plan has no # title heading; add one above the first section',
        'Write a single top-level heading with a short, action-oriented title, e.g. # Refactor auth refresh flow.',
      ),
    );
  }

  const byName = new Map(REQUIRED_SECTIONS.map((name) => [name, findSections(doc.sections, name)]));
  const hiddenHeadings = headingsInCode(doc.codeBlocks, lines);
  const found: { name: string; section: Section }[] = [];
  REQUIRED_SECTIONS.forEach((name, index) => {
    const [section, ...others] = byName.get(name)!;
    if (!section) {
      const before = REQUIRED_SECTIONS.slice(0, index).findLast((earlier) => byName.get(earlier)!.length > 0);
      const previous = before === undefined ? undefined : byName.get(before)![0];
      const hidden = hiddenHeadings.get(name);
      hits.push(
        hidden
          ? hit(
              'section.missing',
              hidden.line,
              `required section ${quote(name)} is missing: its heading is inside the code block opened on line ${hidden.blockLine}; close that block before the heading`,
              'A code fence left open turns everything after it into code; add the closing fence where the code ends.',
            )
          : hit(
              'section.missing',
              insertionLine(doc.sections, previous, lines.length),
              `required section ${quote(name)} is missing; add it`,
              before ? `Add "## ${name}" after the ${quote(before)} section.` : `Add "## ${name}" below the title.`,
            ),
      );
      return;
    }
    found.push({ name, section });
    for (const twin of others.filter((other) => other.depth === section.depth)) {
      hits.push(
        hit(
          'section.duplicate',
          twin.line,
          `section ${quote(name)} appears again (first on line ${section.line}); merge the two`,
          'Keep one section per required name, so tools and readers find everything in one place.',
        ),
      );
    }
    if (isEmptySection(section, lines)) {
      hits.push(
        hit(
          'section.empty',
          section.line,
          `section ${quote(name)} is empty; write its content`,
          'If there is nothing to record yet, say so in a sentence, e.g. "None yet."',
        ),
      );
    }
  });

  for (let index = 1; index < found.length; index++) {
    const previous = found[index - 1]!;
    const current = found[index]!;
    if (current.section.line > previous.section.line) continue;
    hits.push(
      hit(
        'section.order',
        current.section.line,
        `section ${quote(current.name)} comes before ${quote(previous.name)} (line ${previous.section.line}); move it after`,
        `The usual order is: ${REQUIRED_SECTIONS.join(', ')}.`,
      ),
    );
  }

  for (const heading of doc.headings) {
    const text = lines[heading.line - 1] ?? '';
    const next = lines[heading.line];
    // Setext headings (text underlined with === or ---) end on their underline; only # headings are checked.
    if (!/^ {0,3}#/.test(text) || next === undefined || isBlank(next)) continue;
    hits.push(
      hit(
        'heading.blank-line-after',
        heading.line,
        `heading ${quote(heading.text)} is directly followed by text; add a blank line after it`,
        'Leave one empty line after every heading.',
      ),
    );
  }
  return hits;
}

/** Required section headings written inside fenced code, where they are code rather than headings: canonical name → where. */
function headingsInCode(
  blocks: readonly CodeBlock[],
  lines: readonly string[],
): Map<string, { line: number; blockLine: number }> {
  const found = new Map<string, { line: number; blockLine: number }>();
  for (const block of blocks) {
    if (!block.fenced) continue;
    for (let line = block.line + 1; line <= block.endLine; line++) {
      const text = lines[line - 1] ?? '';
      if (text.length > 200) continue; // headings are short; this also keeps the match cheap
      const heading = /^[\s>]*#{1,6}[ \t]+(.+)$/.exec(text)?.[1];
      const name = heading === undefined ? undefined : canonicalSectionName(heading.replace(/[ \t#]+$/, ''));
      if (name !== undefined && !found.has(name)) found.set(name, { line, blockLine: block.line });
    }
  }
  return found;
}

/** Where a missing section belongs: after the required section before it, else at the first section. */
function insertionLine(sections: readonly Section[], previous: Section | undefined, lineCount: number): number {
  const line = previous ? previous.endLine + 1 : (sections[0]?.line ?? lineCount);
  return Math.max(1, Math.min(line, lineCount));
}

function isEmptySection(section: Section, lines: readonly string[]): boolean {
  let first = section.line + 1;
  if (/^ {0,3}(?:=+|-+)[ \t]*$/.test(lines[first - 1] ?? '')) first++; // a setext heading's underline
  for (let line = first; line <= section.endLine; line++) if (!isBlank(lines[line - 1] ?? '')) return false;
  return true;
}

/** Where the title belongs: the first non-blank line after the front matter. */
function firstContentLine(lines: readonly string[], from: number): number {
  for (let line = from; line <= lines.length; line++) if (!isBlank(lines[line - 1]!)) return line;
  return Math.min(from, lines.length) || 1;
}
