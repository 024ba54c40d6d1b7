/**
 * Every check the ExecPlan validator makes, with its fixed severity.
 *
 * Errors are what stop a plan from being registered or followed at all: front matter the registry
 * cannot read, an id that does not identify the plan, a missing required section, fences that
 * swallow the rest of the file, and placeholders (approving a plan that still says "<…>" approves
 * text nobody has written). Warnings are about how well the plan is written; a reviewer weighs
 * them, and `strict` turns them into errors for teams that want them fixed before approval.
 */
export const EXECPLAN_RULES = {
  'frontmatter.missing': { severity: 'error', summary: 'the file does not start with a YAML front matter block' },
  'frontmatter.not-at-start': { severity: 'error', summary: 'a front matter block exists but not as the first bytes' },
  'frontmatter.unclosed': { severity: 'error', summary: 'the opening --- has no closing --- line' },
  'frontmatter.yaml': { severity: 'error', summary: 'the front matter is not valid YAML' },
  'frontmatter.not-a-mapping': { severity: 'error', summary: 'the front matter is not a list of key: value lines' },
  'frontmatter.duplicate': { severity: 'error', summary: 'a second front matter block appears in the body' },
  'frontmatter.missing-key': { severity: 'error', summary: 'a required key is absent or empty' },
  'frontmatter.id-format': {
    severity: 'error',
    summary: 'id is not EP-YYYYMMDD-NNN with a real date and NNN from 001',
  },
  'frontmatter.id-file-name': { severity: 'error', summary: "id differs from the id in the file's name" },
  'frontmatter.value': {
    severity: 'error',
    summary: 'title, status, kind or domain has a value the format does not allow',
  },
  'frontmatter.owner': { severity: 'error', summary: 'owner is not an @handle' },
  'frontmatter.date': { severity: 'error', summary: 'created or updated is not a YYYY-MM-DD calendar day' },
  'frontmatter.optional-value': { severity: 'error', summary: 'an optional key has a value the format does not allow' },
  'frontmatter.unknown-key': { severity: 'warning', summary: 'a key the format does not define (often a typo)' },
  'frontmatter.updated-before-created': { severity: 'warning', summary: 'updated is earlier than created' },
  'file-name.convention': { severity: 'warning', summary: 'the file name is not <id>_<slug>.md' },
  'plan-id.legacy-line': { severity: 'warning', summary: "a 'Plan ID:' line repeats the front matter id" },
  'plan-id.mismatch': { severity: 'error', summary: "a 'Plan ID:' line names a different id than the front matter" },
  'markdown.unparseable': { severity: 'error', summary: 'part of the markdown could not be parsed' },
  'title.missing': { severity: 'warning', summary: 'no top-level # title heading' },
  'section.missing': { severity: 'error', summary: 'a required living section is absent' },
  'section.duplicate': { severity: 'warning', summary: 'a required section appears twice at the same level' },
  'section.order': { severity: 'warning', summary: 'required sections are out of the canonical order' },
  'section.empty': { severity: 'warning', summary: 'a required section has no content' },
  'heading.blank-line-after': { severity: 'warning', summary: 'a heading is not followed by a blank line' },
  'fence.unclosed': { severity: 'error', summary: 'a fenced code block has no closing fence' },
  'fence.nested': { severity: 'error', summary: 'a fence opens inside a fenced block of the same kind' },
  'fence.wrapped-plan': { severity: 'error', summary: 'the plan body sits inside a ```md fence' },
  'progress.no-items': { severity: 'warning', summary: 'the Progress section has no checklist' },
  'progress.missing-timestamp': { severity: 'warning', summary: 'a ticked Progress item has no timestamp' },
  'checklist.outside-progress': { severity: 'warning', summary: 'a checklist item outside the Progress section' },
  'decision.incomplete': { severity: 'warning', summary: 'a Decision Log entry lacks its rationale or date/author' },
  'surprise.incomplete': { severity: 'warning', summary: 'a Surprises & Discoveries entry lacks evidence' },
  'text.placeholder': { severity: 'error', summary: 'an unresolved placeholder (TBD, TODO, <…>)' },
  'text.external-reference': { severity: 'warning', summary: 'a reference to knowledge outside the plan' },
  'text.vague-instruction': {
    severity: 'warning',
    summary: "an instruction that leaves the reader to guess ('as needed')",
  },
  'text.outsourced-decision': { severity: 'warning', summary: "a decision handed to the reader ('use best judgment')" },
  'text.vague-acceptance': { severity: 'warning', summary: "acceptance nobody can check ('should work correctly')" },
} as const satisfies Record<string, { severity: 'error' | 'warning'; summary: string }>;

export type ExecPlanRuleId = keyof typeof EXECPLAN_RULES;

export interface ExecPlanFinding {
  severity: 'error' | 'warning';
  /** A key of EXECPLAN_RULES; stable across releases, for filtering and suppression. */
  rule: string;
  line: number;
  /** One line: where (the line), what is wrong, and what to do. */
  message: string;
  /** One line: how to fix it, usually with an example. */
  hint: string;
}

/** What a check reports; the validator adds the severity and the location prefix. */
export interface RuleHit {
  rule: ExecPlanRuleId;
  line: number;
  /** What is wrong and what to do, without the location. */
  problem: string;
  hint: string;
}

export function hit(rule: ExecPlanRuleId, line: number, problem: string, hint: string): RuleHit {
  return { rule, line, problem, hint };
}

/** Quotes text from the plan in a message, shortened so the message stays one readable line. */
export function quote(text: string, max = 60): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return `'${single.length > max ? `${single.slice(0, max - 1)}…` : single}'`;
}
