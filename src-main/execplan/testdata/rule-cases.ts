import type { ExecPlanRuleId } from '../rules';
import type { ExecPlanDocument } from '../types';
import { appendToSection, MINIMAL_PLAN, withFrontMatterLine, withoutSection, withSectionBody } from './minimal-plan';

/**
 * For every validator rule: a document that breaks it, the line the finding must point at, and a
 * near miss, a document as close as possible to breaking it that must not trigger it.
 */
export interface RuleCase {
  rule: ExecPlanRuleId;
  name: string;
  trigger: string;
  line: number;
  nearMiss: string;
  fileName?: string;
  nearMissFileName?: string;
  /** Changes the parsed trigger document, for states no text produces. */
  prepare?: (doc: ExecPlanDocument) => ExecPlanDocument;
}

const BODY = MINIMAL_PLAN.slice(MINIMAL_PLAN.indexOf('# Refactor'));
const FRONT_MATTER = MINIMAL_PLAN.slice(0, MINIMAL_PLAN.indexOf('# Refactor'));
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

const PROGRESS_MOVED = appendToSection(withoutSection(MINIMAL_PLAN, 'Progress'), 'Decision Log', '## Progress\n\n- [ ] Move the route.');
const inPlanOfWork = (text: string) => appendToSection(MINIMAL_PLAN, 'Plan of Work', text);
const planOfWorkLine = (plan: string, needle: string) => lineOf(plan, needle);

function phraseCase(rule: ExecPlanRuleId, name: string, phrase: string, nearMiss: string): RuleCase {
  const trigger = inPlanOfWork(`Then ${phrase} before the release.`);
  return { rule, name, trigger, line: planOfWorkLine(trigger, phrase), nearMiss: inPlanOfWork(nearMiss) };
}

export const RULE_CASES: RuleCase[] = [
  { rule: 'frontmatter.missing', name: 'body only', trigger: BODY, line: 1, nearMiss: MINIMAL_PLAN },
  {
    rule: 'frontmatter.missing',
    name: "a legacy 'Plan ID:' line instead",
    trigger: `Plan ID: EP-20260117-014\n\n${BODY}`,
    line: 1,
    nearMiss: `\uFEFF${MINIMAL_PLAN}`,
  },
  { rule: 'frontmatter.not-at-start', name: 'a blank line first', trigger: `\n${MINIMAL_PLAN}`, line: 2, nearMiss: MINIMAL_PLAN },
  {
    rule: 'frontmatter.unclosed',
    name: 'no closing ---',
    trigger: MINIMAL_PLAN.replace('supersedes: []\n---\n', 'supersedes: []\n'),
    line: 1,
    nearMiss: MINIMAL_PLAN.replace('supersedes: []\n---\n', 'supersedes: []\n---   \n'),
  },
  {
    rule: 'frontmatter.yaml',
    name: 'an unquoted @owner',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'owner', 'owner: @trevor'),
    line: 7,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'owner', "owner: '@trevor'"),
  },
  {
    rule: 'frontmatter.not-a-mapping',
    name: 'a YAML list',
    trigger: `---\n- id\n- title\n---\n\n${BODY}`,
    line: 2,
    nearMiss: MINIMAL_PLAN,
  },
  {
    rule: 'frontmatter.duplicate',
    name: 'the block pasted twice',
    trigger: FRONT_MATTER + FRONT_MATTER + BODY,
    line: lineOf(MINIMAL_PLAN, '# Refactor'),
    nearMiss: appendToSection(MINIMAL_PLAN, 'Artifacts and Notes', '---\n\nid and title are shown in the header.\n\n---'),
  },
  {
    rule: 'frontmatter.missing-key',
    name: 'no domain',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'domain', null),
    line: 1,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'domain', 'domain: cross-cutting'),
  },
  {
    rule: 'frontmatter.missing-key',
    name: 'an empty title',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'title', 'title: ""'),
    line: 3,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'title', 'title: "0"'),
  },
  {
    rule: 'frontmatter.id-format',
    name: 'a dashed date',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'id', 'id: EP-2026-01-17-014'),
    line: 2,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'id', 'id: EP-20260117-999'),
  },
  {
    rule: 'frontmatter.id-format',
    name: 'February 30th and number 000',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'id', 'id: EP-20260230-000'),
    line: 2,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'id', 'id: EP-20240229-001'),
  },
  {
    rule: 'frontmatter.id-file-name',
    name: 'a copied file',
    trigger: MINIMAL_PLAN,
    fileName: '.agent/exec_plans/auth/EP-20260117-015_auth-refresh.md',
    line: 2,
    nearMiss: MINIMAL_PLAN,
    nearMissFileName: '.agent/exec_plans/auth/EP-20260117-014_auth-refresh.md',
  },
  {
    rule: 'frontmatter.value',
    name: 'status in-progress',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'status', 'status: in-progress'),
    line: 4,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'status', 'status: paused'),
  },
  {
    rule: 'frontmatter.owner',
    name: 'no @',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'owner', 'owner: trevor'),
    line: 7,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'owner', 'owner: "@platform/auth-team"'),
  },
  {
    rule: 'frontmatter.date',
    name: 'an unpadded date',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'created', 'created: 2026-1-7'),
    line: 8,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'created', 'created: 2026-01-07'),
  },
  {
    rule: 'frontmatter.optional-value',
    name: 'risk medium',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'risk', 'risk: medium'),
    line: 12,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'risk', 'risk: high'),
  },
  {
    rule: 'frontmatter.optional-value',
    name: 'an unknown touches value',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'touches', 'touches: [api, backend]'),
    line: 11,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'touches', 'touches: [api, db, ui, cli, agents, ops, security, tests, docs]'),
  },
  {
    rule: 'frontmatter.optional-value',
    name: 'depends_on with a non-id',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'depends_on', 'depends_on: [auth-v1]'),
    line: 17,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'depends_on', 'depends_on: [EP-20251224-002]'),
  },
  {
    rule: 'frontmatter.unknown-key',
    name: 'a typo',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'tags', 'tag: [auth]'),
    line: 10,
    nearMiss: MINIMAL_PLAN,
  },
  {
    rule: 'frontmatter.updated-before-created',
    name: 'updated earlier',
    trigger: withFrontMatterLine(MINIMAL_PLAN, 'updated', 'updated: 2026-01-16'),
    line: 9,
    nearMiss: withFrontMatterLine(MINIMAL_PLAN, 'updated', 'updated: 2026-01-17'),
  },
  {
    rule: 'file-name.convention',
    name: 'a name without the id',
    trigger: MINIMAL_PLAN,
    fileName: 'plans/auth-refresh.md',
    line: 1,
    nearMiss: MINIMAL_PLAN,
    nearMissFileName: 'plans/EP-20260117-014.md',
  },
  {
    rule: 'plan-id.legacy-line',
    name: 'the id repeated in the body',
    trigger: MINIMAL_PLAN.replace('This plan is kept', 'Plan ID: EP-20260117-014\n\nThis plan is kept'),
    line: lineOf(MINIMAL_PLAN, 'This plan is kept'),
    nearMiss: appendToSection(MINIMAL_PLAN, 'Artifacts and Notes', '    Plan ID: EP-20260117-014'),
  },
  {
    rule: 'plan-id.mismatch',
    name: 'another id in the body',
    trigger: MINIMAL_PLAN.replace('This plan is kept', '**Plan ID:** `EP-20260117-099`\n\nThis plan is kept'),
    line: lineOf(MINIMAL_PLAN, 'This plan is kept'),
    nearMiss: MINIMAL_PLAN.replace('This plan is kept', '**Plan ID:** `EP-20260117-014`\n\nThis plan is kept'),
  },
  {
    // No known input still defeats the parser once markdown-guard.ts has run; the finding is the
    // safety net for one that does, so this case reports a parser failure the way the parser would.
    rule: 'markdown.unparseable',
    name: 'a part the parser gave up on',
    trigger: MINIMAL_PLAN,
    prepare: (doc) => ({ ...doc, markdownErrors: [{ line: 30, message: 'the markdown parser gave up here (stack)' }] }),
    line: 30,
    nearMiss: `${MINIMAL_PLAN}\n${'>'.repeat(200_000)} deep\n`,
  },
  {
    rule: 'title.missing',
    name: 'no # heading',
    trigger: MINIMAL_PLAN.replace('# Refactor auth refresh flow\n\n', ''),
    line: lineOf(MINIMAL_PLAN, '# Refactor'),
    nearMiss: MINIMAL_PLAN.replace('# Refactor auth refresh flow\n', 'Refactor auth refresh flow\n==========================\n'),
  },
  {
    rule: 'section.missing',
    name: 'no Decision Log',
    trigger: withoutSection(MINIMAL_PLAN, 'Decision Log'),
    line: lineOf(MINIMAL_PLAN, '## Decision Log'),
    nearMiss: MINIMAL_PLAN.replace('## Decision Log', '## 4. decision log:'),
  },
  {
    rule: 'section.duplicate',
    name: 'a second Progress',
    trigger: `${MINIMAL_PLAN}\n## Progress\n\n- [ ] Another step.\n`,
    line: lineOf(MINIMAL_PLAN, 'In src/auth/refresh-service.ts') + 2,
    nearMiss: `${MINIMAL_PLAN}\n### Progress\n\n- [ ] A milestone's step.\n`,
  },
  {
    rule: 'section.order',
    name: 'Progress after the Decision Log',
    trigger: PROGRESS_MOVED,
    line: lineOf(PROGRESS_MOVED, '## Surprises'),
    nearMiss: MINIMAL_PLAN,
  },
  {
    rule: 'section.empty',
    name: 'nothing under Outcomes',
    trigger: withSectionBody(MINIMAL_PLAN, 'Outcomes & Retrospective', ''),
    line: lineOf(MINIMAL_PLAN, '## Outcomes'),
    nearMiss: withSectionBody(MINIMAL_PLAN, 'Outcomes & Retrospective', 'None yet.'),
  },
  {
    rule: 'heading.blank-line-after',
    name: 'text right under a heading',
    trigger: MINIMAL_PLAN.replace('## Plan of Work\n\n', '## Plan of Work\n'),
    line: lineOf(MINIMAL_PLAN, '## Plan of Work'),
    nearMiss: MINIMAL_PLAN.replace('## Plan of Work\n\n', '## Plan of Work\n\n\n'),
  },
  {
    rule: 'fence.unclosed',
    name: 'a fence never closed',
    trigger: inPlanOfWork('```bash\nnpm test'),
    line: lineOf(inPlanOfWork('```bash\nnpm test'), '```bash'),
    nearMiss: inPlanOfWork('```bash\nnpm test\n```'),
  },
  {
    rule: 'fence.nested',
    name: 'a fence inside a fence',
    trigger: inPlanOfWork('```text\nRun:\n```bash\nnpm test\n```\n```'),
    line: lineOf(inPlanOfWork('```text\nRun:\n```bash\nnpm test\n```\n```'), '```bash'),
    nearMiss: inPlanOfWork('````text\nRun:\n```bash\nnpm test\n```\n````'),
  },
  {
    rule: 'fence.wrapped-plan',
    name: 'the body in a ```md fence',
    trigger: `${FRONT_MATTER}\`\`\`md\n${BODY}\`\`\`\n`,
    line: lineOf(MINIMAL_PLAN, '# Refactor'),
    nearMiss: inPlanOfWork('```md\nThe README gets a line: see the changelog.\n```'),
  },
  {
    rule: 'progress.no-items',
    name: 'Progress in prose',
    trigger: withSectionBody(MINIMAL_PLAN, 'Progress', 'Reproduced the sign-out; the route change remains.'),
    line: lineOf(MINIMAL_PLAN, '## Progress'),
    nearMiss: withSectionBody(MINIMAL_PLAN, 'Progress', '- [ ] Reproduce the sign-out.'),
  },
  {
    rule: 'progress.missing-timestamp',
    name: 'a ticked item without time',
    trigger: withSectionBody(MINIMAL_PLAN, 'Progress', '- [x] Reproduced the sign-out.'),
    line: lineOf(MINIMAL_PLAN, '- [x]'),
    nearMiss: withSectionBody(MINIMAL_PLAN, 'Progress', '- [x] Reproduced the sign-out (2026-01-17T10:00:00Z).'),
  },
  {
    rule: 'checklist.outside-progress',
    name: 'a checklist in Plan of Work',
    trigger: inPlanOfWork('- [ ] Add the service.'),
    line: lineOf(inPlanOfWork('- [ ] Add the service.'), '- [ ] Add the service.'),
    nearMiss: inPlanOfWork('- Add the service.\n- [link](#progress) to the steps.'),
  },
  {
    rule: 'decision.incomplete',
    name: 'a decision without rationale',
    trigger: withSectionBody(MINIMAL_PLAN, 'Decision Log', '- Decision: Use a 20 second grace window.\n  Date/Author: 2026-01-17, @trevor'),
    line: lineOf(MINIMAL_PLAN, '- Decision:'),
    nearMiss: withSectionBody(
      MINIMAL_PLAN,
      'Decision Log',
      '- Decision: Use a 20 second grace window. Rationale: Tabs race within milliseconds. Date/Author: 2026-01-17',
    ),
  },
  {
    rule: 'surprise.incomplete',
    name: 'an observation without evidence',
    trigger: withSectionBody(MINIMAL_PLAN, 'Surprises & Discoveries', '- Observation: Tabs race within one millisecond.'),
    line: lineOf(MINIMAL_PLAN, '- Observation:'),
    nearMiss: withSectionBody(
      MINIMAL_PLAN,
      'Surprises & Discoveries',
      'Observation: Tabs race within one millisecond.\n\nEvidence:\n\n    10:00:00.0001 refresh\n    10:00:00.0005 refresh',
    ),
  },
  phraseCase('text.placeholder', 'TBD', 'TBD', 'Keep the `TODO` comments; the todo list app is unaffected.'),
  phraseCase('text.placeholder', 'an angle-bracket placeholder', '<describe the rollout>', 'Open <https://example.com/a> and the <details> block.'),
  phraseCase('text.placeholder', 'to be determined', 'a timeout to be determined', 'The timeout was determined by measurement.'),
  phraseCase('text.external-reference', 'as discussed', 'as discussed, migrate', 'As the test shows, migrate.'),
  phraseCase('text.external-reference', 'see the architecture doc', 'see the architecture doc and migrate', 'See the `docs/architecture.md` file and migrate.'),
  phraseCase('text.external-reference', 'per the RFC', 'rotate tokens per the RFC', 'Rotate tokens per the rules in Context and Orientation.'),
  phraseCase('text.vague-instruction', 'as needed', 'retry as needed', 'Retry up to 3 times, 2 seconds apart.'),
  phraseCase('text.vague-instruction', 'configure appropriately', 'configure the pool appropriately', 'Configure the pool with max: 10.'),
  phraseCase('text.outsourced-decision', 'use best judgment', 'use your best judgment', 'Use 30 seconds; the judgment is recorded in the Decision Log.'),
  phraseCase('text.outsourced-decision', 'choose an appropriate', 'choose an appropriate timeout', 'Choose 30 seconds as the timeout.'),
  phraseCase('text.vague-acceptance', 'should work correctly', 'check the login should work correctly', 'Check that the login returns HTTP 200.'),
  phraseCase('text.vague-acceptance', 'tests should pass without a command', 'the tests should pass', 'The tests should pass:\n\n    npm test'),
];
