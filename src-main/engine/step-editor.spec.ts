import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';

type PlanDocument = NonNullable<MethodInput<'planCreate'>['plan']>;
type StepDocument = MethodInput<'planEditStep'>['definition'];

const notes: PlanDocument = {
  name: 'notes',
  goal: 'Write release notes and check them',
  steps: [
    { id: 'write', title: 'Write the notes', kind: 'write_file', path: 'NOTES.md', content: '# Notes\n' },
    { id: 'check', title: 'Check the notes', kind: 'command', command: 'test -s NOTES.md', dependsOn: ['write'] },
  ],
};

const UI = { actor: 'user', surface: 'ui', actorName: 'alice' } as const;

describe('planEditStep: one step edited in place writes a new version', () => {
  let pb: TestPlanbox;
  const lastEvent = () => pb.app.audit.list({ limit: 1 })[0]!;

  beforeEach(async () => {
    pb = openTestPlanbox();
    await pb.call('planCreate', { plan: notes });
  });
  afterEach(() => pb.close());

  it('replaces the step, writes version 2 with reason edit, audits it and announces the change', async () => {
    const changed: string[] = [];
    pb.app.events.on('plan.changed', (event) => changed.push(event.reason));
    const edited: StepDocument = {
      id: 'check',
      title: 'Check the notes mention 1.0',
      kind: 'command',
      command: 'grep -q 1.0 NOTES.md',
      dependsOn: ['write'],
    };

    const view = await pb.call('planEditStep', { plan: 'notes', step: 'check', definition: edited }, UI);

    expect(view.version).toBe(2);
    expect(view.status).toBe('ready');
    expect(view.steps[1]).toMatchObject({ id: 'check', title: 'Check the notes mention 1.0' });
    expect(view.steps[1]!.definition).toMatchObject({ command: 'grep -q 1.0 NOTES.md' });
    expect(view.steps[0]!.definition).toMatchObject({ path: 'NOTES.md' });
    expect(pb.app.plans.history('notes').at(-1)).toMatchObject({
      version: 2,
      reason: 'edit',
      note: "step 'check' edited",
      surface: 'ui',
    });
    const event = lastEvent();
    expect(event).toMatchObject({ type: 'plan.versioned', actor: 'user', surface: 'ui', planId: view.id });
    expect(JSON.parse(event.payload)).toMatchObject({ version: 2, reason: 'edit' });
    expect(changed).toEqual(['plan.versioned']);
  });

  it('writes nothing when the step is unchanged', async () => {
    const view = await pb.call('planGet', { plan: 'notes' });
    const same = await pb.call('planEditStep', { plan: 'notes', step: 'write', definition: view.steps[0]!.definition });
    expect(same.version).toBe(1);
  });

  it('refuses an edit that adds a validation error, and writes nothing', async () => {
    const broken: StepDocument = {
      id: 'check',
      title: 'Check',
      kind: 'command',
      command: 'true',
      dependsOn: ['nowhere'],
    };
    await expect(pb.call('planEditStep', { plan: 'notes', step: 'check', definition: broken })).rejects.toThrow(
      /the edit would make the plan invalid: .*nowhere.*nothing was saved/,
    );
    expect((await pb.call('planGet', { plan: 'notes' })).version).toBe(1);
  });

  it('keeps the step id, so the steps depending on it still find it', async () => {
    const renamed: StepDocument = {
      id: 'write-notes',
      title: 'Write',
      kind: 'write_file',
      path: 'NOTES.md',
      content: 'x',
    };
    await expect(pb.call('planEditStep', { plan: 'notes', step: 'write', definition: renamed })).rejects.toThrow(
      "definition.id: an edit keeps the step's id 'write'",
    );
  });

  it('names a step the plan does not have', async () => {
    const step: StepDocument = { id: 'ghost', title: 'Ghost', kind: 'manual' };
    await expect(pb.call('planEditStep', { plan: 'notes', step: 'ghost', definition: step })).rejects.toThrow(
      "plan 'notes' has no step 'ghost'",
    );
  });

  it('refuses once the plan is approved: approval is for the plan as it was read', async () => {
    await pb.call('planApprove', { plan: 'notes' }, PERSON);
    const step: StepDocument = { id: 'write', title: 'Write', kind: 'write_file', path: 'NOTES.md', content: 'other' };
    await expect(pb.call('planEditStep', { plan: 'notes', step: 'write', definition: step })).rejects.toThrow(
      /plan 'notes' is approved; steps are edited while a plan is a draft or ready/,
    );
    expect((await pb.call('planGet', { plan: 'notes' })).version).toBe(1);
  });

  it('checks the step against the plan schema before anything else', async () => {
    await expect(
      pb.call('planEditStep', {
        plan: 'notes',
        step: 'write',
        definition: { id: 'write', title: 'x', kind: 'teleport' } as never,
      }),
    ).rejects.toThrow(/definition/);
  });
});
