import type { PlanSummary, PlanView, StepView, ValidationView } from '../../src-preload/contract';
import type { PlanRow } from '../store';
import type { PlanStatus } from '../domain/plan-status';
import type { RiskLevel } from '../domain/risk-level';
import { computeProgress } from '../domain/progress';
import { criticalPath, parallelGroups } from '../domain/graph';
import { planApproval, stepApproval } from './approval-policy';
import { toApprovalRecord, type PlanState } from './plan-state';

export function toPlanSummary(
  row: PlanRow,
  counts: { total: number; done: number },
  activeId: string | undefined,
): PlanSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status as PlanStatus,
    version: row.version,
    tags: JSON.parse(row.tags) as string[],
    risk: { level: row.riskLevel as RiskLevel },
    workspace: row.workspacePath,
    active: row.id === activeId,
    stepCount: counts.total,
    progress: {
      percentage: counts.total === 0 ? 0 : Math.round((100 * counts.done) / counts.total),
      completed: counts.done,
      total: counts.total,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toPlanView(state: PlanState, validation: ValidationView, activeId: string | undefined): PlanView {
  const { row, definition, risk } = state;
  const records = state.approvals.map(toApprovalRecord);
  const progress = computeProgress(definition.steps, state.status);
  const steps: StepView[] = definition.steps.map((step, index) => {
    const runtime = state.states.get(step.id);
    const stepRisk = risk.steps[step.id] ?? { level: 'LOW' as const, reasons: [] };
    return {
      id: step.id,
      number: index + 1,
      title: step.title,
      ...(step.description !== undefined ? { description: step.description } : {}),
      kind: step.kind,
      status: state.status(step.id),
      dependsOn: step.dependsOn,
      risk: { level: stepRisk.level, reasons: stepRisk.reasons },
      approval: stepApproval(step.id, stepRisk.level, definition.policy, records),
      attempts: runtime?.attempts ?? 0,
      lastError: runtime?.lastError ?? null,
      startedAt: runtime?.startedAt ?? null,
      finishedAt: runtime?.finishedAt ?? null,
      checkpoint: step.checkpoint,
      definition: step,
    };
  });
  const summary = toPlanSummary(row, { total: steps.length, done: progress.completed + progress.skipped }, activeId);
  return {
    ...summary,
    goal: definition.goal,
    approval: planApproval(records),
    validation,
    progress: {
      percentage: progress.percentage,
      total: progress.total,
      counts: progress.counts,
      ready: progress.ready,
      blocked: progress.blocked,
      next: progress.next,
    },
    steps,
    definition,
    criticalPath: criticalPath(definition.steps),
    parallelGroups: parallelGroups(definition.steps),
  };
}
