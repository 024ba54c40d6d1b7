import type { ModelUsageTotals, ModelUsageView } from '../../src-preload/contract';
import type { AuditRepository } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { EngineDeps } from './engine-deps';

type Role = keyof ModelUsageView['byRole'];
const ROLES: readonly Role[] = ['planner', 'executor', 'gate'];

const none = (): ModelUsageTotals => ({ calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0 });

function add(into: ModelUsageTotals, row: ModelUsageTotals): void {
  into.calls += row.calls;
  into.errors += row.errors;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.latencyMs += row.latencyMs;
}

/**
 * What a plan's model calls used, read back from its `llm.called` audit events: the audit log
 * is the record of every call (planning, agent steps, the gate), so nothing else has to be kept
 * in step with it, and calls of steps a later version removed still count.
 */
export class ModelUsage {
  constructor(
    private readonly deps: EngineDeps,
    private readonly audit: AuditRepository,
  ) {}

  report(ref: string | undefined): ModelUsageView {
    const row = this.deps.resolver.resolve(ref);
    const usage = this.audit.modelUsage(row.id);
    const total = none();
    const byRole = { planner: none(), executor: none(), gate: none() };
    const steps = new Map<string, ModelUsageTotals>();
    for (const { stepId, role, ...totals } of usage) {
      add(total, totals);
      if (ROLES.includes(role as Role)) add(byRole[role as Role], totals);
      if (stepId !== null) {
        if (!steps.has(stepId)) steps.set(stepId, none());
        add(steps.get(stepId)!, totals);
      }
    }
    // The current version's order; ids it no longer has follow, in the order they were first called.
    const order = new Map(this.stepOrder(row.id, row.version).map((id, i) => [id, i]));
    const rank = (id: string) => order.get(id) ?? order.size;
    return {
      planId: row.id,
      total,
      byRole,
      steps: [...steps]
        .map(([stepId, totals]) => ({ stepId, ...totals }))
        .sort((a, b) => rank(a.stepId) - rank(b.stepId)),
    };
  }

  private stepOrder(planId: string, version: number): string[] {
    const stored = this.deps.plans.getVersion(planId, version);
    if (!stored) return [];
    return (JSON.parse(stored.document) as PlanDefinition).steps.map((step) => step.id);
  }
}
