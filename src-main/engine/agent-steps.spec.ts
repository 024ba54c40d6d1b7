import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { databaseFingerprint } from '../testing/cli-runner';

type PlanDocument = NonNullable<MethodInput<'planCreate'>['plan']>;

/** design → build → announce, all carried out by the agent; plus one step Planbox runs itself. */
function agentPlan(policy: PlanDocument['policy'] = { autoApprove: 'MEDIUM' }): PlanDocument {
  return {
    name: 'hand-work',
    policy,
    steps: [
      { id: 'design', title: 'Design', kind: 'manual' },
      { id: 'build', title: 'Build', kind: 'manual', dependsOn: ['design'] },
      { id: 'announce', title: 'Announce', kind: 'manual', dependsOn: ['build'] },
      { id: 'lint', title: 'Lint', kind: 'command', command: 'true' },
    ],
  };
}

describe('steps the agent carries out itself: start, complete, fail', () => {
  let pb: TestPlanbox;
  const step = async (id: string) => (await pb.call('planGet', { plan: 'hand-work' })).steps.find((s) => s.id === id)!;

  beforeEach(() => {
    pb = openTestPlanbox();
  });
  afterEach(() => pb.close());

  async function approvedPlan(policy?: PlanDocument['policy']): Promise<void> {
    await pb.call('planCreate', { plan: agentPlan(policy) });
    await pb.call('planApprove', { plan: 'hand-work' }, PERSON);
  }

  it('refuses to start a step of a plan nobody approved, or a step that needs its own approval', async () => {
    await pb.call('planCreate', { plan: agentPlan({ autoApprove: 'LOW' }) });
    const before = databaseFingerprint(pb.dataDir);
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'design' })).rejects.toThrow(
      /plan 'hand-work' is ready; its steps are carried out only once a person has approved it/,
    );
    expect(databaseFingerprint(pb.dataDir)).toEqual(before);

    await pb.call('planApprove', { plan: 'hand-work' }, PERSON);
    const approved = databaseFingerprint(pb.dataDir);
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'design' })).rejects.toThrow(
      /step 'design' is MEDIUM risk, above the plan's autoApprove level LOW/,
    );
    await expect(
      pb.call('planCompleteStep', { plan: 'hand-work', step: 'design', note: 'done anyway' }),
    ).rejects.toThrow(/step 'design' is MEDIUM risk/);
    await expect(pb.call('planFailStep', { plan: 'hand-work', step: 'design', error: 'x' })).rejects.toThrow(
      /step 'design' is MEDIUM risk/,
    );
    expect(databaseFingerprint(pb.dataDir)).toEqual(approved);

    await pb.call('planApprove', { plan: 'hand-work', steps: ['design'] }, PERSON);
    expect((await pb.call('planStartStep', { plan: 'hand-work', step: 'design' })).steps[0]!.status).toBe(
      'in_progress',
    );
  });

  it('starts and completes steps in dependency order, and completes the plan after the last', async () => {
    await approvedPlan();
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'build' })).rejects.toThrow(
      /step 'build' is not ready: its dependencies are not done yet/,
    );
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'lint' })).rejects.toThrow(
      /step 'lint' is a command step; Planbox runs it in the sandbox/,
    );
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'nope' })).rejects.toThrow(
      /^step: plan 'hand-work' has no step 'nope'/,
    );

    await pb.call('planStartStep', { plan: 'hand-work', step: 'design', note: 'sketching' });
    await expect(pb.call('planStartStep', { plan: 'hand-work', step: 'design' })).rejects.toThrow(
      /already in progress/,
    );
    await pb.call('planCompleteStep', { plan: 'hand-work', step: 'design', filesModified: ['design.md'] });
    expect(await step('design')).toMatchObject({ status: 'completed', attempts: 1 });
    const [started] = pb.app.audit.list({ type: 'step.started', limit: 10 });
    expect(started).toMatchObject({ stepId: 'design', actor: 'agent', surface: 'mcp', actorName: 'test-agent' });
    expect(JSON.parse(started!.payload)).toMatchObject({ manual: true, attempt: 1, note: 'sketching' });

    // Reported done without a start: counted as one attempt all the same.
    await pb.call('planCompleteStep', { plan: 'hand-work', step: 'build' });
    expect(await step('build')).toMatchObject({ status: 'completed', attempts: 1 });
    await pb.call('planSkip', { plan: 'hand-work', step: 'lint' }, PERSON);
    const done = await pb.call('planCompleteStep', { plan: 'hand-work', step: 'announce' });
    expect(done).toMatchObject({ status: 'completed', progress: { percentage: 100 } });
    expect(pb.app.audit.list({ type: 'plan.completed', limit: 10 })).toHaveLength(1);
  });

  it('fails a step and makes it ready again on retry, within the policy maxRetries', async () => {
    await approvedPlan({ autoApprove: 'MEDIUM', maxRetries: 1 });
    await pb.call('planStartStep', { plan: 'hand-work', step: 'design' });
    const failed = await pb.call('planFailStep', {
      plan: 'hand-work',
      step: 'design',
      error: 'the spec is missing',
      retry: true,
    });
    expect(failed.steps[0]).toMatchObject({ status: 'pending', lastError: 'the spec is missing', attempts: 1 });
    expect(failed.progress.ready.map((s) => s.id)).toContain('design');

    await pb.call('planStartStep', { plan: 'hand-work', step: 'design' });
    const before = databaseFingerprint(pb.dataDir);
    await expect(
      pb.call('planFailStep', { plan: 'hand-work', step: 'design', error: 'still missing', retry: true }),
    ).rejects.toThrow(/has been tried 2 times, more than the policy allows \(maxRetries 1\)/);
    expect(databaseFingerprint(pb.dataDir)).toEqual(before);
    const final = await pb.call('planFailStep', { plan: 'hand-work', step: 'design', error: 'giving up' });
    expect(final.steps[0]).toMatchObject({ status: 'failed', lastError: 'giving up' });
    const [event] = pb.app.audit.list({ type: 'step.failed', limit: 1 });
    expect(JSON.parse(event!.payload)).toMatchObject({ manual: true, failure: { message: 'giving up' }, retry: false });
  });

  it('skips a failed step, or the steps depending on it', async () => {
    await approvedPlan();
    await expect(
      pb.call('planFailStep', { plan: 'hand-work', step: 'design', error: 'x', retry: true, skip: true }),
    ).rejects.toThrow(/retry and skip: choose one/);
    // Reported failed without a start: started and failed in one go.
    const skipped = await pb.call('planFailStep', {
      plan: 'hand-work',
      step: 'design',
      error: 'not needed',
      skip: true,
    });
    expect(skipped.steps[0]).toMatchObject({ status: 'skipped', attempts: 1 });
    expect(skipped.progress.ready.map((s) => s.id)).toContain('build');

    const cascade = await pb.call('planFailStep', {
      plan: 'hand-work',
      step: 'build',
      error: 'the build server is gone',
      skipDependents: true,
    });
    expect(cascade.steps.map((s) => [s.id, s.status])).toEqual([
      ['design', 'skipped'],
      ['build', 'failed'],
      ['announce', 'skipped'],
      ['lint', 'pending'],
    ]);
    expect(cascade.steps[2]!.lastError).toBe("depends on failed step 'build'");
    expect(pb.app.audit.list({ type: 'step.skipped', limit: 10 }).map((e) => e.stepId)).toEqual(['announce', 'design']);
  });
});
