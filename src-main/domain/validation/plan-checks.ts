import { checkGraph } from '../graph';
import type { PlanDefinition } from '../plan-schema';
import { stepField, type Finding } from './finding';

/** Checks over the plan as a whole: the dependency graph, milestones and policy. */

/** Every graph issue is an error: a plan whose order cannot be worked out cannot run. */
export function graphFindings(plan: PlanDefinition): Finding[] {
  const firstIndex = new Map<string, number>();
  // Indexes of the second and later steps using an id, in order: the ones a duplicate_id issue is about.
  const repeats = new Map<string, number[]>();
  plan.steps.forEach((step, index) => {
    if (!firstIndex.has(step.id)) firstIndex.set(step.id, index);
    else if (repeats.has(step.id)) repeats.get(step.id)!.push(index);
    else repeats.set(step.id, [index]);
  });
  return checkGraph(plan.steps).map((issue) => {
    const index =
      (issue.code === 'duplicate_id' ? repeats.get(issue.stepId)?.shift() : undefined) ?? firstIndex.get(issue.stepId);
    const field = index === undefined ? 'steps' : stepField(index, issue.field);
    return {
      severity: 'error',
      code: `graph.${issue.code}`,
      stepId: issue.stepId,
      field,
      message: `${field}: ${issue.message}`,
    };
  });
}

export function milestoneFindings(plan: PlanDefinition): Finding[] {
  const ids = new Set(plan.steps.map((step) => step.id));
  const findings: Finding[] = [];
  plan.milestones?.forEach((milestone, milestoneIndex) => {
    milestone.steps.forEach((stepId, index) => {
      if (ids.has(stepId)) return;
      const field = `milestones[${milestoneIndex}].steps[${index}]`;
      findings.push({
        severity: 'error',
        code: 'milestone.unknown-step',
        field,
        message: `${field} names step '${stepId}', which is not a step id in this plan; fix the id or remove it from milestone '${milestone.name}'`,
      });
    });
  });
  return findings;
}

export function policyFindings(plan: PlanDefinition): Finding[] {
  const every = plan.policy.checkpointEvery;
  if (every <= plan.steps.length) return [];
  return [
    {
      severity: 'warning',
      code: 'policy.checkpoint-every',
      field: 'policy.checkpointEvery',
      message: `policy.checkpointEvery is ${every} but the plan has only ${plan.steps.length} steps, so no checkpoint will ever pause it; lower it or set checkpoint: true on a step`,
    },
  ];
}
