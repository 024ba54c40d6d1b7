import type { PlanDefinition } from '../plan-schema';
import { reportOf, type Finding, type ValidationReport } from './finding';
import { pathSafetyFindings } from './path-safety';
import { graphFindings, milestoneFindings, policyFindings } from './plan-checks';
import { sizeFindings } from './size-checks';
import { stepFindings } from './step-checks';

/**
 * Decides whether a schema-valid plan may be approved: errors block approval, warnings are shown
 * to the reviewer. Findings come ordered by step, then field.
 */
export function validatePlan(plan: PlanDefinition): ValidationReport {
  const findings: Finding[] = [
    ...sizeFindings(plan),
    ...graphFindings(plan),
    ...milestoneFindings(plan),
    ...policyFindings(plan),
    ...pathSafetyFindings(plan),
    ...stepFindings(plan),
  ];
  return reportOf(dropRepeatedDangers(findings));
}

/**
 * A danger warning about a field that already has an error (a `..` path is both a path-safety
 * error and a CRITICAL risk) says nothing new, so it is left out.
 */
function dropRepeatedDangers(findings: readonly Finding[]): Finding[] {
  const fieldsWithErrors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.field));
  return findings.filter((finding) => !(finding.code.startsWith('danger.') && fieldsWithErrors.has(finding.field)));
}
