import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan-schema';
import { loadPlanDocument } from './load-plan-document';
import { toPlanboxInput } from './to-planbox-input';

const source = {
  id: 'plan_1',
  goal: 'Add sign-in with JWT tokens to the API so that only signed-in users can see their orders',
  scope: { included: ['login'], excluded: ['SSO'], assumptions: [], notes: 'x' },
  mvp_features: ['login'],
  confidence_score: 0.9,
  risks: [{ issue: 'Secret leaks', mitigation: 'Use env', likelihood: 'HIGH', impact: 'high' }, 'Clock skew'],
  milestones: [{ name: 'Core', steps_included: [1, 3], estimated_time: '2 days' }],
  steps: [
    {
      step_number: 1,
      id: 'step_1',
      title: 'User model',
      description: 'Schema with email and password',
      files_to_create: ['src/user.ts'],
      files_to_modify: [],
      depends_on: [],
      blocks: [3],
      acceptance_criteria: ['Email is validated', { description: 'Tests pass', command: 'npm test' }],
      priority: 'High',
      estimated_effort: '2 hours',
    },
    {
      step_number: 3,
      description: 'Login route\nwith details',
      files_to_modify: ['src/app.ts'],
      files_to_delete: ['old.ts'],
      depends_on: [1, 7],
    },
  ],
  testing_strategy: { unit: 'Vitest', coverage_target: 80, tools: ['supertest', 'vitest'], matrix: { node: 24 } },
  questions_for_clarification: ['Token lifetime?'],
};

describe('Context Engine conversion', () => {
  const { input, dropped, notes } = toPlanboxInput(source, 'context-engine', 'auth-plan.json');
  const plan = planSchema.parse(input);

  it('makes every step a manual step with its files as effects and its criteria as checks', () => {
    expect(plan.steps.map((step) => step.kind)).toEqual(['manual', 'manual']);
    const [first, second] = plan.steps;
    expect(first).toMatchObject({
      id: 'step_1',
      title: 'User model',
      description: 'Schema with email and password',
      effects: { create: ['src/user.ts'], modify: [], delete: [] },
      acceptance: [{ description: 'Email is validated' }, { description: 'Tests pass', command: 'npm test' }],
      priority: 'high',
      effort: '2 hours',
    });
    expect(second).toMatchObject({
      id: 'step-3',
      title: 'Login route',
      effects: { modify: ['src/app.ts'], delete: ['old.ts'] },
    });
  });

  it('maps numeric depends_on to step ids and keeps unknown numbers visible as step-<n>', () => {
    expect(plan.steps[1]?.dependsOn).toEqual(['step_1', 'step-7']);
  });

  it('maps milestones by step number', () => {
    expect(plan.milestones).toEqual([{ name: 'Core', steps: ['step_1', 'step-3'], estimatedTime: '2 days' }]);
  });

  it('names the plan after its goal, shortened, and keeps the goal whole', () => {
    expect(plan.goal).toBe(source.goal);
    expect(plan.name.length).toBeLessThanOrEqual(80);
    expect(plan.name).toMatch(/^Add sign-in with JWT tokens to the API so that only signed-in users can see…$/);
  });

  it('keeps risks, scope, testing strategy and questions in Planbox form', () => {
    expect(plan.risks).toEqual([
      { issue: 'Secret leaks', mitigation: 'Use env', likelihood: 'high' },
      { issue: 'Clock skew', mitigation: '' },
    ]);
    expect(plan.scope).toEqual({ included: ['login'], excluded: ['SSO'], assumptions: [], constraints: [] });
    expect(plan.testingStrategy).toEqual({ unit: 'Vitest', coverage_target: '80', tools: 'supertest; vitest' });
    expect(plan.questions).toEqual(['Token lifetime?']);
  });

  it('reports every key it dropped by path, in the order of the source', () => {
    expect(dropped).toEqual([
      'id',
      'scope.notes',
      'mvp_features',
      'confidence_score',
      'risks[0].impact',
      'steps[0].blocks',
      'testing_strategy.matrix',
    ]);
  });

  it('explains the manual-step mapping in a note', () => {
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/imported 2 steps as manual steps/);
  });

  it('maps priority critical to high with a note, and drops priorities it cannot map', () => {
    const result = toPlanboxInput(
      {
        goal: 'g',
        steps: [
          { step_number: 1, title: 'a', priority: 'critical' },
          { step_number: 2, title: 'b', priority: 'soon' },
        ],
      },
      'context-engine',
      'p.json',
    );
    expect(planSchema.parse(result.input).steps.map((step) => step.priority)).toEqual(['high', undefined]);
    expect(result.notes).toContain("steps[0]: priority 'critical' imported as 'high', Planbox's highest priority");
    expect(result.dropped).toEqual(['steps[1].priority']);
  });

  it('uses name or title when the plan has one, and the file name when it has nothing', () => {
    const named = toPlanboxInput({ name: 'JWT auth', goal: 'g', steps: [] }, 'context-engine', 'p.json').input;
    expect(named).toMatchObject({ name: 'JWT auth' });
    const nameless = toPlanboxInput(
      { steps: [{ step_number: 1, title: 'a' }] },
      'context-engine',
      'plans/auth.plan.json',
    ).input;
    expect(nameless).toMatchObject({ name: 'auth.plan', goal: '' });
  });

  it('loads through loadPlanDocument with the source recorded', () => {
    const loaded = loadPlanDocument(JSON.stringify(source), 'auth-plan.json');
    expect(loaded.format).toBe('context-engine');
    expect(loaded.plan.source).toEqual({ format: 'context-engine', file: 'auth-plan.json' });
    expect(loaded.dropped).toEqual(dropped);
  });
});
