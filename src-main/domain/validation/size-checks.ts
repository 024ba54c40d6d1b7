import type { PlanDefinition, StepDefinition } from '../plan-schema';
import { stepField, type Finding } from './finding';
import { LIMITS, bytesOverLimit, formatLimit, formatMegabytes, utf8ByteLength } from './limits';

/** The free-text fields of a step that may be large, with their property paths. */
export function largeTextFields(step: StepDefinition): Array<{ property: string; text: string }> {
  const fields: Array<{ property: string; text: string }> = [];
  if (step.description !== undefined) fields.push({ property: 'description', text: step.description });
  if (step.kind === 'write_file') fields.push({ property: 'content', text: step.content });
  if (step.kind === 'patch_file') fields.push({ property: 'patch', text: step.patch });
  if (step.kind === 'agent') fields.push({ property: 'prompt', text: step.prompt });
  if (step.kind === 'command') fields.push({ property: 'command', text: step.command });
  step.acceptance.forEach((check, index) => {
    fields.push({ property: `acceptance[${index}].description`, text: check.description });
    if (check.command !== undefined) fields.push({ property: `acceptance[${index}].command`, text: check.command });
  });
  return fields;
}

function titleFinding(field: string, title: string, stepId?: string): Finding | undefined {
  if (title.length <= LIMITS.maxTitleLength) return undefined;
  return {
    severity: 'error',
    code: 'size.title',
    stepId,
    field,
    message: `${field} is ${title.length} characters; the limit is ${LIMITS.maxTitleLength} — shorten it and put the detail in the description`,
  };
}

export function sizeFindings(plan: PlanDefinition): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Finding | undefined) => {
    if (finding) findings.push(finding);
  };
  if (plan.steps.length > LIMITS.maxSteps) {
    add({
      severity: 'error',
      code: 'size.steps',
      field: 'steps',
      message: `steps has ${plan.steps.length} entries; the limit is ${LIMITS.maxSteps} — split the work into several plans`,
    });
  }
  add(titleFinding('name', plan.name));

  // Upper bound of the plan's text, to know without counting whether it can exceed maxPlanBytes.
  let totalUnits = 0;
  plan.steps.forEach((step, index) => {
    add(titleFinding(stepField(index, 'title'), step.title, step.id));
    if (step.acceptance.length > LIMITS.maxAcceptancePerStep) {
      const field = stepField(index, 'acceptance');
      add({
        severity: 'error',
        code: 'size.acceptance',
        stepId: step.id,
        field,
        message: `${field} has ${step.acceptance.length} checks; the limit is ${LIMITS.maxAcceptancePerStep} — combine checks into a test script`,
      });
    }
    for (const { property, text } of largeTextFields(step)) {
      totalUnits += text.length;
      const bytes = bytesOverLimit(text, LIMITS.maxFieldBytes);
      if (bytes === undefined) continue;
      const field = stepField(index, property);
      add({
        severity: 'error',
        code: 'size.field',
        stepId: step.id,
        field,
        message: `${field} is ${formatMegabytes(bytes)}; the limit is ${formatLimit(LIMITS.maxFieldBytes)} — ship large files in the workspace instead`,
      });
    }
  });

  if (totalUnits * 3 > LIMITS.maxPlanBytes) {
    const total = plan.steps.reduce(
      (sum, step) => sum + largeTextFields(step).reduce((stepSum, { text }) => stepSum + utf8ByteLength(text), 0),
      0,
    );
    if (total > LIMITS.maxPlanBytes) {
      add({
        severity: 'error',
        code: 'size.plan',
        field: 'steps',
        message: `steps hold ${formatMegabytes(total)} of text; the limit for a plan is ${formatLimit(LIMITS.maxPlanBytes)} — split the plan or ship large files in the workspace`,
      });
    }
  }
  return findings;
}
