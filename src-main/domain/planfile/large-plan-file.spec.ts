import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan-schema';
import { loadPlanDocument } from './load-plan-document';
import { parsePlanText } from './parse-plan-text';
import { serializePlan } from './serialize-plan';

// Speed is measured by `npm run bench -- store`, never asserted here.
describe('a 1,000-step plan file', () => {
  const plan = planSchema.parse({
    name: 'big',
    goal: 'A plan with a thousand steps',
    steps: Array.from({ length: 1000 }, (_, index) => ({
      id: `step-${index}`,
      title: `Build part ${index}`,
      description: `Compiles part ${index} and checks its output`,
      kind: 'command',
      command: `make part-${index} && test -s out/part-${index}.o`,
      dependsOn: index > 0 ? [`step-${index - 1}`] : [],
      acceptance: [{ description: 'the object file exists', command: `test -s out/part-${index}.o` }],
      effects: { create: [`out/part-${index}.o`] },
    })),
  });
  const yaml = serializePlan(plan, 'yaml');

  it('parses as YAML', () => {
    expect(parsePlanText(yaml, 'big.yaml').syntax).toBe('yaml');
  });

  it('loads with every step, schema included', () => {
    const loaded = loadPlanDocument(yaml, 'big.yaml');
    expect(loaded.plan.steps).toHaveLength(1000);
    expect(loaded.plan.steps[999]!.dependsOn).toEqual(['step-998']);
  });
});
