import type { MethodInput } from '../../src-preload/contract';

export type PlanDocument = NonNullable<MethodInput<'planCreate'>['plan']>;
export type PlanStep = PlanDocument['steps'][number];

/**
 * A plan for agent-step tests: `setup` (a plain command) and then the agent step `greet`, so the
 * agent's work starts from setup's snapshot. `agent` overrides the agent step's fields.
 */
export function agentPlan(workspace: string, agent: Partial<PlanStep>): PlanDocument {
  return {
    name: 'agent-work',
    goal: 'greet the world',
    workspace: { path: workspace },
    sandbox: { image: 'planbox-test/busybox:latest' },
    policy: { autoApprove: 'HIGH' },
    steps: [
      { id: 'setup', title: 'Setup', kind: 'command', command: 'echo setup > setup.txt' },
      {
        id: 'greet',
        title: 'Write the greeting',
        kind: 'agent',
        prompt: 'Create hello.txt holding the line "hello" and show that it is there.',
        dependsOn: ['setup'],
        acceptance: [{ description: 'hello.txt says hello', command: 'grep -q hello hello.txt' }],
        ...agent,
      } as PlanStep,
    ],
  };
}
