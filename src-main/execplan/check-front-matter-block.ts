import { codeLineMask } from './code-blocks';
import { NOT_A_MAPPING } from './front-matter';
import { findFrontMatterBlocks } from './front-matter-blocks';
import { isExecPlanId } from './naming';
import { hit, quote, type RuleHit } from './rules';
import type { ValidationContext } from './validation-context';

/** Whether the front matter exists, comes first, parses, and is the only one; and whether the id agrees with the file name and a legacy Plan ID line. */
export function checkFrontMatterBlock({ doc, lines, fileName }: ValidationContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const { frontMatter } = doc;
  const codeLines = codeLineMask(doc.codeBlocks, lines.length);
  const blocks = findFrontMatterBlocks(lines, frontMatter.endLine + 1, (line) => codeLines[line] === 1);

  if (frontMatter.startLine === 0) {
    const [displaced, ...extra] = blocks;
    if (displaced !== undefined) {
      hits.push(
        hit(
          'frontmatter.not-at-start',
          displaced,
          `front matter starts on line ${displaced}, not line 1; move it to the very top`,
          'Delete everything above the opening ---, blank lines and byte order marks aside.',
        ),
      );
      blocks.splice(0, blocks.length, ...extra);
    } else {
      const legacy = doc.planIdLine;
      hits.push(
        hit(
          'frontmatter.missing',
          1,
          legacy
            ? `no front matter; the id is on a legacy 'Plan ID:' line (${legacy.line}); move it into front matter at the top`
            : 'no front matter; start the file with a --- block holding id, title, status, kind, domain, owner, created, updated',
          `Begin the file with ---, then lines such as id: ${legacy && isExecPlanId(legacy.id) ? legacy.id : 'EP-20260117-014'} and status: planned, then ---.`,
        ),
      );
    }
  } else if (frontMatter.endLine === 0) {
    hits.push(
      hit(
        'frontmatter.unclosed',
        1,
        'the front matter opened on line 1 is never closed; add a --- line after its last key',
        'Front matter ends at the first line that is exactly ---.',
      ),
    );
  } else if (frontMatter.error !== null) {
    const notMapping = frontMatter.error === NOT_A_MAPPING;
    const line = frontMatter.errorLine || frontMatter.startLine;
    hits.push(
      hit(
        notMapping ? 'frontmatter.not-a-mapping' : 'frontmatter.yaml',
        line,
        notMapping
          ? 'the front matter is not key: value lines; rewrite it as such'
          : `front matter YAML error: ${frontMatter.error}; fix the YAML`,
        yamlHint(lines[line - 1] ?? ''),
      ),
    );
  }

  for (const line of blocks) {
    hits.push(
      hit(
        'frontmatter.duplicate',
        line,
        `a second front matter block starts on line ${line}; merge what is still true into the block at the top and delete this one`,
        'A plan has one front matter block, at the very top; the registry reads only that one.',
      ),
    );
  }

  hits.push(...fileNameHits(doc.frontMatter.data?.id, doc.frontMatter.startLine, fileName));
  hits.push(...planIdLineHits(doc));
  return hits;
}

function yamlHint(line: string): string {
  if (/:\s*@/.test(line)) return 'Quote values that start with @, e.g. owner: "@trevor".';
  if (/:\s*[`*&!|>%]/.test(line)) return 'Quote values that start with a YAML indicator character (` * & ! | > %).';
  if (/^\s*\t/.test(line)) return 'Indent YAML with spaces, not tabs.';
  return 'Keep the front matter to simple key: value lines and short [lists]; quote values containing ": " or "#".';
}

function fileNameHits(id: unknown, line: number, fileName: string | undefined): RuleHit[] {
  if (fileName === undefined) return [];
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const nameId = /^(EP-\d{8}-\d{3})(?:_|\.md$)/i.exec(base)?.[1];
  if (nameId === undefined) {
    return [
      hit(
        'file-name.convention',
        1,
        `file name ${quote(base)} does not start with the plan id; rename it to <id>_<slug>.md`,
        `Name the file like ${typeof id === 'string' && isExecPlanId(id) ? id : 'EP-20260117-014'}_auth-refresh.md.`,
      ),
    ];
  }
  if (typeof id !== 'string' || !isExecPlanId(id) || id === nameId) return [];
  return [
    hit(
      'frontmatter.id-file-name',
      line + 1,
      `id ${id} differs from ${nameId} in the file name ${quote(base)}; make them the same`,
      'The id never changes after creation, so usually the file was copied: rename the file or give the copy a new id.',
    ),
  ];
}

function planIdLineHits({ planIdLine, frontMatter }: ValidationContext['doc']): RuleHit[] {
  const id = frontMatter.data?.id;
  if (!planIdLine || typeof id !== 'string') return [];
  if (planIdLine.id === id) {
    return [
      hit(
        'plan-id.legacy-line',
        planIdLine.line,
        `'Plan ID: ${planIdLine.id}' repeats the front matter id; delete the line`,
        'The front matter id is the one tools read; a second copy only drifts.',
      ),
    ];
  }
  return [
    hit(
      'plan-id.mismatch',
      planIdLine.line,
      `'Plan ID: ${planIdLine.id}' differs from the front matter id ${id}; delete the line or correct the id`,
      'The front matter id is the one tools read; keep exactly one id.',
    ),
  ];
}
