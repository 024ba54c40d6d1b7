import { checkFences } from './check-fences';
import { checkFrontMatterBlock } from './check-front-matter-block';
import { checkFrontMatterValues } from './check-front-matter';
import { checkLivingSections } from './check-living-sections';
import { checkStructure } from './check-structure';
import { checkWording } from './check-wording';
import { EXECPLAN_RULES, type ExecPlanFinding, type ExecPlanRuleId, type RuleHit } from './rules';
import type { ExecPlanDocument } from './types';
import { createValidationContext } from './validation-context';

export interface ValidateExecPlanOptions {
  /** The plan's file name or path: its id is compared with the front matter id, and messages name it. */
  fileName?: string;
  /** Warnings become errors, for teams that want every warning fixed before approval. */
  strict?: boolean;
}

/** When the whole plan sits inside a ```md fence, these findings only restate that one problem. */
const HIDDEN_BY_WRAPPED_PLAN = new Set<ExecPlanRuleId>([
  'section.missing',
  'section.order',
  'title.missing',
  'progress.no-items',
]);

/** Every finding for the plan, sorted by line (findings on one line keep the order of the checks). */
export function validateExecPlan(doc: ExecPlanDocument, options: ValidateExecPlanOptions = {}): ExecPlanFinding[] {
  const context = createValidationContext(doc, options.fileName);
  let hits: RuleHit[] = [
    ...checkFrontMatterBlock(context),
    ...checkFrontMatterValues(context),
    ...checkStructure(context),
    ...checkFences(context),
    ...checkLivingSections(context),
    ...checkWording(context),
  ];
  if (hits.some((found) => found.rule === 'fence.wrapped-plan')) {
    hits = hits.filter((found) => !HIDDEN_BY_WRAPPED_PLAN.has(found.rule));
  }
  const where = options.fileName === undefined ? 'line' : `${options.fileName} line`;
  return hits
    .map((found): ExecPlanFinding => ({
      severity: options.strict ? 'error' : EXECPLAN_RULES[found.rule].severity,
      rule: found.rule,
      line: found.line,
      message: oneLine(`${where} ${found.line}: ${found.problem}`),
      hint: oneLine(found.hint),
    }))
    .sort((a, b) => a.line - b.line);
}

/** Quoted plan text may hold control characters; a message stays on one line whatever the plan contains. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
