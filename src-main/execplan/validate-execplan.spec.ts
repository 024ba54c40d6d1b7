import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { EXECPLAN_RULES } from './rules';
import { appendToSection, MINIMAL_PLAN, withFrontMatterLine, withSectionBody } from './testdata/minimal-plan';
import { RULE_CASES } from './testdata/rule-cases';
import { validateExecPlan } from './validate-execplan';

const validate = (text: string, options?: Parameters<typeof validateExecPlan>[1]) =>
  validateExecPlan(parseExecPlan(text), options);

describe('validateExecPlan', () => {
  it('finds nothing in a complete plan', () => {
    expect(validate(MINIMAL_PLAN, { fileName: 'EP-20260117-014_auth-refresh.md', strict: true })).toEqual([]);
  });

  it('writes one-line messages that start with the file and line, and one-line hints', () => {
    for (const { trigger, fileName, prepare } of RULE_CASES) {
      const doc = parseExecPlan(trigger);
      const name = fileName ?? 'plan.md';
      for (const finding of validateExecPlan(prepare ? prepare(doc) : doc, { fileName: name })) {
        expect(finding.message.startsWith(`${name} line ${finding.line}: `), finding.message).toBe(true);
        expect(finding.message).not.toMatch(/[\r\n]/);
        expect(finding.hint).not.toMatch(/[\r\n]/);
        expect(finding.hint.length).toBeGreaterThan(10);
      }
    }
  });

  it('says "line N" without a file name', () => {
    const [finding] = validate(withFrontMatterLine(MINIMAL_PLAN, 'status', 'status: wip'));
    expect(finding!.message).toBe(
      "line 4: status 'wip' is not allowed; use one of planned, active, paused, done, archived",
    );
  });

  it('sorts findings by line', () => {
    const text = appendToSection(
      withFrontMatterLine(MINIMAL_PLAN, 'risk', 'risk: huge'),
      'Plan of Work',
      'TBD and as needed.',
    );
    const lines = validate(text).map((finding) => finding.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines.length).toBeGreaterThan(2);
  });

  it('turns warnings into errors when strict', () => {
    const text = appendToSection(MINIMAL_PLAN, 'Plan of Work', 'Retry as needed.');
    expect(validate(text).map((finding) => finding.severity)).toEqual(['warning']);
    expect(validate(text, { strict: true }).map((finding) => finding.severity)).toEqual(['error']);
  });

  it('does not quote control characters from the plan into a message', () => {
    const [finding] = validate(withFrontMatterLine(MINIMAL_PLAN, 'status', 'status: "a\\nb"'));
    expect(finding!.message).not.toMatch(/\n/);
  });

  it('reports a plan wrapped in a ```md fence once, not as twelve missing sections', () => {
    const body = MINIMAL_PLAN.slice(MINIMAL_PLAN.indexOf('# Refactor'));
    const rules = validate(`${MINIMAL_PLAN.slice(0, MINIMAL_PLAN.indexOf('# Refactor'))}\`\`\`md\n${body}\`\`\`\n`).map(
      (finding) => finding.rule,
    );
    expect(rules).toEqual(['fence.wrapped-plan']);
  });

  it('checks instructions for vague wording but not the record sections', () => {
    const inDecisions = withSectionBody(
      MINIMAL_PLAN,
      'Decision Log',
      '- Decision: Retry as needed. Rationale: Use best judgment; tests should pass. Date/Author: 2026-01-17',
    );
    expect(validate(inDecisions)).toEqual([]);
    const external = withSectionBody(MINIMAL_PLAN, 'Outcomes & Retrospective', 'Done as discussed.');
    expect(validate(external).map((finding) => finding.rule)).toEqual(['text.external-reference']);
  });

  it('ignores wording inside code', () => {
    const text = appendToSection(
      MINIMAL_PLAN,
      'Plan of Work',
      'Remove the `TODO` markers:\n\n    grep -rn "TODO as needed" src',
    );
    expect(validate(text)).toEqual([]);
  });

  it('reports each wording rule once per line', () => {
    const text = appendToSection(MINIMAL_PLAN, 'Plan of Work', 'TBD, TODO and to be determined.');
    expect(validate(text).map((finding) => finding.rule)).toEqual(['text.placeholder']);
  });

  it('finds placeholders in front matter values', () => {
    const text = withFrontMatterLine(MINIMAL_PLAN, 'title', 'title: "<Short, action-oriented title>"');
    expect(validate(text)).toMatchObject([{ rule: 'text.placeholder', line: 3 }]);
  });

  it('names the id a legacy Plan ID line holds when front matter is missing', () => {
    const body = MINIMAL_PLAN.slice(MINIMAL_PLAN.indexOf('# Refactor'));
    const [finding] = validate(body.replace('This plan', 'Plan ID: EP-20250101-002\n\nThis plan'));
    expect(finding).toMatchObject({ rule: 'frontmatter.missing', line: 1 });
    expect(finding!.message).toContain("legacy 'Plan ID:' line (3)");
    expect(finding!.hint).toContain('EP-20250101-002');
  });

  it('points at a required heading that an unclosed fence turned into code', () => {
    const text = appendToSection(MINIMAL_PLAN, 'Concrete Steps', '```bash\nnpx vitest run');
    const missing = validate(text).filter((finding) => finding.rule === 'section.missing');
    expect(missing[0]!.line).toBe(text.split('\n').indexOf('## Validation and Acceptance') + 1);
    expect(missing[0]!.message).toContain('inside the code block opened on line');
  });

  it('has a one-line summary for every rule', () => {
    for (const rule of Object.values(EXECPLAN_RULES)) expect(rule.summary).not.toMatch(/\n/);
  });
});
