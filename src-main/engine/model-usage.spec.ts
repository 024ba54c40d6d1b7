import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestPlanbox, type TestPlanbox } from '../testing/test-planbox';

const ENGINE = { actor: 'engine', surface: 'cli' } as const;

describe("a plan's model use, from its llm.called audit events", () => {
  let pb: TestPlanbox;

  beforeEach(() => {
    pb = openTestPlanbox();
  });
  afterEach(() => pb.close());

  async function createPlan(name: string, steps: string[]): Promise<string> {
    const view = await pb.call('planCreate', {
      plan: {
        name,
        steps: steps.map((id) => ({ id, title: `Do ${id}`, kind: 'agent' as const, prompt: `Do ${id}.` })),
      },
    });
    return view.plan.id;
  }

  function called(
    planId: string,
    stepId: string | null,
    payload: { role: string; inputTokens: number | null; outputTokens: number | null; latencyMs: number } & {
      outcome?: 'ok' | 'error' | 'invalid';
    },
  ): void {
    pb.app.store.transaction(() =>
      pb.app.audit.append(ENGINE, {
        type: 'llm.called',
        planId,
        ...(stepId ? { stepId } : {}),
        payload: { provider: 'openai-compatible', model: 'fake', outcome: 'ok', ...payload },
      }),
    );
  }

  it('adds up the calls in all, by role and per step, steps in plan order', async () => {
    const planId = await createPlan('usage', ['design', 'build', 'check']);
    const other = await createPlan('other', ['build']);
    called(planId, null, { role: 'planner', inputTokens: 1000, outputTokens: 200, latencyMs: 1500 });
    // Steps called out of plan order; the view lists them in the plan's order.
    called(planId, 'check', { role: 'executor', inputTokens: 300, outputTokens: 30, latencyMs: 400 });
    called(planId, 'design', { role: 'executor', inputTokens: 500, outputTokens: 50, latencyMs: 700 });
    called(planId, 'design', { role: 'gate', inputTokens: 80, outputTokens: 8, latencyMs: 90 });
    // A provider that reports no tokens, and a call that failed.
    called(planId, 'design', { role: 'executor', inputTokens: null, outputTokens: null, latencyMs: 250 });
    called(planId, 'check', {
      role: 'executor',
      inputTokens: null,
      outputTokens: null,
      latencyMs: 30_000,
      outcome: 'error',
    });
    // Another plan's calls and other event types are not counted.
    called(other, 'build', { role: 'executor', inputTokens: 9999, outputTokens: 9999, latencyMs: 9999 });
    pb.app.store.transaction(() =>
      pb.app.audit.append(ENGINE, { type: 'agent.tool_called', planId, stepId: 'build', payload: { latencyMs: 5 } }),
    );

    const usage = await pb.call('planUsage', { plan: 'usage' });
    expect(usage.planId).toBe(planId);
    expect(usage.total).toEqual({ calls: 6, errors: 1, inputTokens: 1880, outputTokens: 288, latencyMs: 32_940 });
    expect(usage.byRole).toEqual({
      planner: { calls: 1, errors: 0, inputTokens: 1000, outputTokens: 200, latencyMs: 1500 },
      executor: { calls: 4, errors: 1, inputTokens: 800, outputTokens: 80, latencyMs: 31_350 },
      gate: { calls: 1, errors: 0, inputTokens: 80, outputTokens: 8, latencyMs: 90 },
    });
    // 'build' had no model call, so it is not listed.
    expect(usage.steps).toEqual([
      { stepId: 'design', calls: 3, errors: 0, inputTokens: 580, outputTokens: 58, latencyMs: 1040 },
      { stepId: 'check', calls: 2, errors: 1, inputTokens: 300, outputTokens: 30, latencyMs: 30_400 },
    ]);
  });

  it('lists steps a later version removed after the current ones, and reads the active plan by default', async () => {
    const planId = await createPlan('usage', ['design', 'build']);
    called(planId, 'build', { role: 'executor', inputTokens: 10, outputTokens: 1, latencyMs: 5 });
    called(planId, 'design', { role: 'executor', inputTokens: 20, outputTokens: 2, latencyMs: 5 });
    await pb.call('planSave', {
      definition: {
        name: 'usage',
        steps: [
          { id: 'build', title: 'Do build', kind: 'agent', prompt: 'Do build.' },
          { id: 'ship', title: 'Ship', kind: 'agent', prompt: 'Ship it.' },
        ],
      },
      overwrite: true,
    });
    called(planId, 'ship', { role: 'executor', inputTokens: 30, outputTokens: 3, latencyMs: 5 });
    await pb.call('planUse', { plan: 'usage' });

    const usage = await pb.call('planUsage', {});
    expect(usage.steps.map((s) => s.stepId)).toEqual(['build', 'ship', 'design']);
    expect(usage.total).toMatchObject({ calls: 3, inputTokens: 60, outputTokens: 6 });
  });

  it('reports zeros for a plan without model calls, and names an unknown plan', async () => {
    await createPlan('quiet', ['design']);
    const usage = await pb.call('planUsage', { plan: 'quiet' });
    expect(usage.total).toEqual({ calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0 });
    expect(usage.steps).toEqual([]);
    await expect(pb.call('planUsage', { plan: 'nope' })).rejects.toThrow(/no plan named 'nope'/);
  });

  it("reads only the plan's own events, through the plan index", async () => {
    await createPlan('usage', ['design']);
    const sqlite = pb.app.store.sqlite;
    const prepare = vi.spyOn(sqlite, 'prepare');
    await pb.call('planUsage', { plan: 'usage' });
    const query = prepare.mock.calls.map(([sql]) => sql).find((sql) => sql.includes("'llm.called'"));
    prepare.mockRestore();
    expect(query).toBeDefined();
    const steps = sqlite.prepare(`EXPLAIN QUERY PLAN ${query!}`).all('pln_x') as { detail: string }[];
    const details = steps.map((step) => step.detail).join('\n');
    expect(details).toMatch(/SEARCH audit_events USING INDEX audit_plan_seq \(plan_id=\?\)/);
    expect(details).not.toMatch(/audit_type_seq|SCAN audit_events/);
  });
});
