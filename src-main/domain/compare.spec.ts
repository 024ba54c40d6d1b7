import { describe, expect, it } from 'vitest';
import { comparePlans, type ComparedVersion } from './compare';
import { planSchema, type PlanInput } from './plan-schema';
import type { RiskLevel } from './risk-level';

const baseInput: PlanInput = {
  name: 'Add login',
  goal: 'Users can sign in',
  tags: ['auth'],
  steps: [
    { id: 'deps', title: 'Install deps', kind: 'install_package', packages: { manager: 'npm', names: ['bcrypt'] } },
    { id: 'route', title: 'Add route', kind: 'write_file', path: 'src/login.ts', content: 'x', dependsOn: ['deps'] },
    { id: 'test', title: 'Run tests', kind: 'command', command: 'npm test', dependsOn: ['route'] },
    { id: 'docs', title: 'Write docs', kind: 'manual' },
  ],
};

function version(
  n: number,
  input: PlanInput,
  levels: Record<string, RiskLevel> = {},
  planLevel: RiskLevel = 'LOW',
): ComparedVersion {
  const plan = planSchema.parse(input);
  const steps = Object.fromEntries(plan.steps.map((step) => [step.id, { level: levels[step.id] ?? 'LOW' }]));
  return { version: n, plan, risk: { level: planLevel, steps } };
}

/** A deep copy with every object's keys in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

describe('comparePlans', () => {
  it('finds nothing between identical versions, whatever the key order', () => {
    const from = version(1, baseInput);
    const to = { ...version(2, baseInput), plan: reverseKeys(from.plan) };
    expect(Object.keys(to.plan.steps[1]!)[0]).not.toBe(Object.keys(from.plan.steps[1]!)[0]);
    expect(comparePlans(from, to)).toEqual({
      fromVersion: 1,
      toVersion: 2,
      stepsAdded: [],
      stepsRemoved: [],
      stepsChanged: [],
      stepsMoved: [],
      riskChanges: [],
      scopeChanges: [],
      unchanged: 4,
    });
  });

  it('lists added, removed and changed steps with the fields that differ', () => {
    const steps = baseInput.steps.filter((step) => step.id !== 'docs');
    const changed = {
      ...baseInput,
      steps: [
        steps[0]!,
        { ...steps[1]!, title: 'Add login route', content: 'y', acceptance: [{ description: 'compiles' }] },
        steps[2]!,
        { id: 'lint', title: 'Lint', kind: 'command' as const, command: 'npm run lint', dependsOn: ['route'] },
      ],
    };
    const result = comparePlans(version(1, baseInput), version(2, changed));
    expect(result.stepsAdded).toEqual([{ id: 'lint', title: 'Lint' }]);
    expect(result.stepsRemoved).toEqual([{ id: 'docs', title: 'Write docs' }]);
    expect(result.stepsChanged).toEqual([
      { id: 'route', title: 'Add login route', fields: ['acceptance', 'content', 'title'] },
    ]);
    expect(result.stepsMoved).toEqual([]);
    expect(result.unchanged).toBe(2);
  });

  it('sees a change of kind and payload, and a nested change in effects', () => {
    const changed = {
      ...baseInput,
      steps: [
        baseInput.steps[0]!,
        { id: 'route', title: 'Add route', kind: 'agent' as const, prompt: 'write it', dependsOn: ['deps'] },
        { ...baseInput.steps[2]!, effects: { create: [], modify: ['package.json'], delete: [] } },
        baseInput.steps[3]!,
      ],
    };
    const result = comparePlans(version(1, baseInput), version(2, changed));
    expect(result.stepsChanged).toEqual([
      { id: 'route', title: 'Add route', fields: ['content', 'kind', 'path', 'prompt'] },
      { id: 'test', title: 'Run tests', fields: ['effects'] },
    ]);
  });

  it('reports a step moved only when its order among kept steps changed', () => {
    const [deps, route, test, docs] = baseInput.steps;
    const inserted = {
      ...baseInput,
      steps: [{ id: 'new', title: 'New', kind: 'check' as const }, deps!, route!, test!, docs!],
    };
    const shifted = comparePlans(version(1, baseInput), version(2, inserted));
    expect(shifted.stepsMoved).toEqual([]);
    expect(shifted.unchanged).toBe(4);

    const reordered = { ...baseInput, steps: [docs!, deps!, route!, test!] };
    const moved = comparePlans(version(1, baseInput), version(2, reordered));
    expect(moved.stepsMoved).toEqual([{ id: 'docs', from: 4, to: 1 }]);
    expect(moved.stepsChanged).toEqual([]);
    expect(moved.unchanged).toBe(3);
  });

  it('reports risk changes per step, for added and removed steps, and for the plan', () => {
    const changed = {
      ...baseInput,
      steps: [...baseInput.steps.slice(1), { id: 'push', title: 'Push', kind: 'manual' as const }],
    };
    const from = version(1, baseInput, { deps: 'MEDIUM', route: 'LOW', test: 'LOW' }, 'MEDIUM');
    const to = version(2, changed, { route: 'HIGH', test: 'LOW', push: 'CRITICAL' }, 'CRITICAL');
    expect(comparePlans(from, to).riskChanges).toEqual([
      { stepId: null, from: 'MEDIUM', to: 'CRITICAL' },
      { stepId: 'route', from: 'LOW', to: 'HIGH' },
      { stepId: 'push', from: null, to: 'CRITICAL' },
      { stepId: 'deps', from: 'MEDIUM', to: null },
    ]);
  });

  it('reports scope changes by field with deep equality', () => {
    const from = version(1, {
      ...baseInput,
      scope: { included: ['login'], excluded: [], assumptions: [], constraints: [] },
      milestones: [{ name: 'M1', steps: ['deps', 'route'] }],
    });
    const to = version(2, {
      ...baseInput,
      goal: 'Users can sign in and out',
      tags: ['auth', 'security'],
      policy: { autoApprove: 'MEDIUM' },
      scope: { constraints: [], assumptions: [], excluded: [], included: ['login'] },
      milestones: [{ name: 'M1', steps: ['deps', 'route'] }],
      questions: ['Which hash?'],
    });
    const { scopeChanges, stepsChanged } = comparePlans(from, to);
    expect(stepsChanged).toEqual([]);
    expect(scopeChanges.map((change) => change.field)).toEqual(['goal', 'tags', 'policy', 'questions']);
    expect(scopeChanges[0]).toEqual({ field: 'goal', from: 'Users can sign in', to: 'Users can sign in and out' });
    expect(scopeChanges[3]).toEqual({ field: 'questions', from: null, to: ['Which hash?'] });
    expect(scopeChanges[2]!.to).toMatchObject({ autoApprove: 'MEDIUM' });
  });

  it('does not treat provenance as scope, nor array order as irrelevant', () => {
    const from = version(1, { ...baseInput, source: { format: 'yaml', file: 'a.yaml' } });
    const to = version(2, { ...baseInput, tags: ['auth'], source: { format: 'json' } });
    expect(comparePlans(from, to).scopeChanges).toEqual([]);
    const reordered = comparePlans(
      version(1, { ...baseInput, tags: ['a', 'b'] }),
      version(2, { ...baseInput, tags: ['b', 'a'] }),
    );
    expect(reordered.scopeChanges).toEqual([{ field: 'tags', from: ['a', 'b'], to: ['b', 'a'] }]);
  });

  it('compares a 1,000-step plan against a shuffled copy', () => {
    const big: PlanInput = {
      name: 'Big',
      steps: Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, title: `Step ${i}`, kind: 'check' as const })),
    };
    const swapped = { ...big, steps: [...big.steps] };
    [swapped.steps[10], swapped.steps[900]] = [swapped.steps[900]!, swapped.steps[10]!];
    const from = version(1, big);
    const to = version(2, swapped);
    const result = comparePlans(from, to);
    expect(result.stepsMoved.map((move) => move.id).sort()).toEqual(['s10', 's900']);
    expect(result.unchanged).toBe(998);
  });
});
