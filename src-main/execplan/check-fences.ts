import { hit, type RuleHit } from './rules';
import { canonicalSectionName } from './sections';
import type { ValidationContext } from './validation-context';

const INNER_OPENING = /^[\s>]*(`{3,}|~{3,})[ \t]*[^\s`~]/;
const HEADING_LINE = /^[\s>]*#{1,6}[ \t]+(.+)$/;
/** Section headings are short; longer lines are not looked at, which also keeps matching linear. */
const MAX_HEADING_LINE = 200;

/**
 * Fences are the one markdown mistake that changes the meaning of everything after it: a fence
 * opened inside another closes the outer one early, and an unclosed fence turns the rest of the
 * file into code, hiding its sections from tools and readers. The plan format keeps commands and
 * transcripts in indented blocks for this reason.
 */
export function checkFences({ doc, lines }: ValidationContext): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const block of doc.codeBlocks) {
    if (!block.fenced || block.fence === null) continue;
    const contentEnd = block.closed ? block.endLine - 1 : block.endLine;
    let wrapsPlan = false;
    for (let line = block.line + 1; line <= contentEnd; line++) {
      const text = lines[line - 1] ?? '';
      const inner = INNER_OPENING.exec(text)?.[1];
      if (inner && inner[0] === block.fence[0] && inner.length >= block.fence.length) {
        hits.push(
          hit(
            'fence.nested',
            line,
            `a ${inner} fence opens inside the fenced block from line ${block.line}; the next bare ${inner} will close the outer block instead`,
            'Show the inner code as a block indented by four spaces, or give the outer fence more backticks than the inner.',
          ),
        );
      }
      const heading = text.length <= MAX_HEADING_LINE ? HEADING_LINE.exec(text)?.[1] : undefined;
      if (heading !== undefined && canonicalSectionName(heading.replace(/[ \t#]+$/, '')) !== undefined)
        wrapsPlan = true;
    }
    if (wrapsPlan && /^(?:md|markdown)\b/i.test(block.info ?? '')) {
      hits.push(
        hit(
          'fence.wrapped-plan',
          block.line,
          `the plan's sections are inside the ${block.fence}${block.info} fence opened on line ${block.line}; remove the fence lines`,
          'A plan saved as a .md file is plain markdown: keep the front matter at the top and drop the wrapping fence.',
        ),
      );
    }
    if (!block.closed) {
      hits.push(
        hit(
          'fence.unclosed',
          block.line,
          `the ${block.fence} fence opened on line ${block.line} is never closed; add a closing ${block.fence} line`,
          'Without it everything up to the end of the list, quote or file is shown as code. Prefer indented blocks for commands.',
        ),
      );
    }
  }
  return hits;
}
