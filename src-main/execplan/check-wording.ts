import { hit, quote, type ExecPlanRuleId, type RuleHit } from './rules';
import { INLINE_CODE_MARK, type ValidationContext } from './validation-context';
import { findAnglePlaceholder, mayMatchWording, WORDING_PATTERNS } from './wording-patterns';

/** How far (in lines, within the same section) a command may be from "tests pass" for the claim to count as specific. */
const COMMAND_DISTANCE = 3;

const ADVICE: Partial<Record<ExecPlanRuleId, { what: string; todo: string; hint: string }>> = {
  'text.placeholder': {
    what: 'unresolved placeholder',
    todo: 'replace it with the real content',
    hint: 'Write what the placeholder stands for; if you mean the literal word, put it in backticks.',
  },
  'text.external-reference': {
    what: 'refers to knowledge outside the plan',
    todo: 'state the needed facts in the plan itself',
    hint: 'The reader has only this file: restate what was discussed or what the other document says, in your own words.',
  },
  'text.vague-instruction': {
    what: 'leaves the reader to guess',
    todo: 'say exactly what to do',
    hint: "Name the file, setting or value and when it applies, e.g. 'set retries: 3 in config/app.yaml'.",
  },
  'text.outsourced-decision': {
    what: 'hands a decision to the reader',
    todo: 'make the decision in the plan',
    hint: 'Choose, write down the choice and why, and log it in the Decision Log.',
  },
  'text.vague-acceptance': {
    what: 'cannot be checked',
    todo: 'name the command and the result to expect',
    hint: "Phrase acceptance as something to observe, e.g. 'run npm test and expect 42 passed' or a request and its response.",
  },
};

/** Wording rules over the prose: every line outside code, and the front matter for placeholders. */
export function checkWording(context: ValidationContext): RuleHit[] {
  const { doc, lines, prose, recordLines } = context;
  const hits: RuleHit[] = [];
  const report = (rule: ExecPlanRuleId, line: number, matched: string) => {
    const advice = ADVICE[rule]!;
    hits.push(hit(rule, line, `${quote(matched)} ${advice.what}; ${advice.todo}`, advice.hint));
  };

  // Front matter values may still hold a placeholder title or owner.
  for (let line = doc.frontMatter.startLine + 1; line < doc.frontMatter.endLine; line++) {
    const text = lines[line - 1]!;
    const placeholder = findAnglePlaceholder(text) ?? /\b(?:TBD|TODO)\b/.exec(text)?.[0];
    if (placeholder) report('text.placeholder', line, placeholder);
  }

  for (let line = 1; line < prose.length; line++) {
    const text = prose[line];
    if (!text) continue;
    const angle = findAnglePlaceholder(text);
    if (angle) report('text.placeholder', line, angle);
    if (!mayMatchWording(text, recordLines[line] === 1)) continue;
    const reported = new Set<ExecPlanRuleId>(angle ? ['text.placeholder'] : []);
    for (const { rule, pattern, scope, unlessCommandNearby } of WORDING_PATTERNS) {
      if (reported.has(rule) || (scope === 'instructions' && recordLines[line])) continue;
      const match = pattern.exec(text);
      if (!match || (unlessCommandNearby && commandNearby(context, line))) continue;
      reported.add(rule);
      report(rule, line, match[0]);
    }
  }
  return hits;
}

/** A code block line or inline code within COMMAND_DISTANCE lines, not crossing into another section. */
function commandNearby({ doc, prose, sectionAt }: ValidationContext, line: number): boolean {
  const section = doc.sections[sectionAt[line]!];
  const last = prose.length - 1;
  const from = Math.max(line - COMMAND_DISTANCE, section?.line ?? 1, doc.frontMatter.endLine + 1);
  const to = Math.min(line + COMMAND_DISTANCE, section?.endLine ?? last, last);
  for (let near = from; near <= to; near++) {
    const text = prose[near];
    if (text === null || text?.includes(INLINE_CODE_MARK)) return true;
  }
  return false;
}
