import { describe, expect, it } from 'vitest';
import { parseExecPlan } from './parse-execplan';
import { EXECPLAN_RULES } from './rules';
import { RULE_CASES } from './testdata/rule-cases';
import { validateExecPlan } from './validate-execplan';

describe('every validator rule', () => {
  it.each(RULE_CASES)('$rule fires for $name, on the right line', ({ rule, trigger, line, fileName, prepare }) => {
    const doc = parseExecPlan(trigger);
    const findings = validateExecPlan(prepare ? prepare(doc) : doc, { fileName });
    const found = findings.filter((finding) => finding.rule === rule);
    expect(found.map((finding) => finding.line)).toContain(line);
    for (const finding of found) expect(finding.severity).toBe(EXECPLAN_RULES[rule].severity);
  });

  it.each(RULE_CASES)(
    '$rule stays quiet for the near miss of $name',
    ({ rule, nearMiss, nearMissFileName, fileName }) => {
      const findings = validateExecPlan(parseExecPlan(nearMiss), { fileName: nearMissFileName ?? fileName });
      expect(findings.filter((finding) => finding.rule === rule)).toEqual([]);
    },
  );

  it('has a case for each rule it can report', () => {
    const covered = new Set(RULE_CASES.map((rule) => rule.rule));
    expect(Object.keys(EXECPLAN_RULES).filter((rule) => !covered.has(rule as never))).toEqual([]);
  });
});
