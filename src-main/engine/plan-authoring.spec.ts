import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realpathSync } from 'node:fs';
import type { MethodInput } from '../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { makeTempDir } from '../testing/temp-dir';
import { databaseFingerprint } from '../testing/cli-runner';

type PlanDocument = NonNullable<MethodInput<'planCreate'>['plan']>;

function notesPlan(name = 'notes'): PlanDocument {
  return {
    name,
    goal: 'Write release notes and tell the team',
    tags: ['docs'],
    steps: [
      {
        id: 'write',
        title: 'Write the notes',
        kind: 'write_file',
        path: 'NOTES.md',
        content: '# Notes\n',
        effects: { create: ['NOTES.md'] },
      },
      { id: 'tell', title: 'Tell the team', kind: 'manual', dependsOn: ['write'] },
    ],
  };
}

describe('plan authoring: create, save and refine plans from documents', () => {
  let pb: TestPlanbox;
  const events = () => pb.app.audit.list({ limit: 100 }).reverse();

  beforeEach(() => {
    pb = openTestPlanbox();
  });
  afterEach(() => pb.close());

  describe('planCreate', () => {
    it('stores a plan from a document, audited as the agent on the mcp surface', async () => {
      const result = await pb.call('planCreate', { plan: notesPlan() });
      expect(result).toMatchObject({ created: true, versionWritten: true });
      expect(result.plan).toMatchObject({ name: 'notes', status: 'ready', version: 1, tags: ['docs'] });
      expect(result.plan.steps.map((s) => s.id)).toEqual(['write', 'tell']);
      const [created] = events();
      expect(created).toMatchObject({
        type: 'plan.created',
        actor: 'agent',
        actorName: 'test-agent',
        surface: 'mcp',
        planId: result.plan.id,
      });
      expect(JSON.parse(created!.payload)).toMatchObject({ reason: 'create', steps: 2 });
      expect(pb.app.plans.history(result.plan.id)[0]).toMatchObject({ actor: 'agent:test-agent', surface: 'mcp' });
    });

    it('takes the goal argument when the document has none', async () => {
      const { goal: _goal, ...withoutGoal } = notesPlan();
      const result = await pb.call('planCreate', { goal: 'Ship the notes', plan: withoutGoal });
      expect(result.plan.goal).toBe('Ship the notes');
    });

    it('refuses a goal alone while no LLM planner is configured, and stores nothing', async () => {
      const before = databaseFingerprint(pb.dataDir);
      await expect(pb.call('planCreate', { goal: 'Add a login page' })).rejects.toThrow(/no LLM planner is configured/);
      await expect(pb.call('planCreate', {})).rejects.toThrow(/^plan: send the plan with its steps/);
      expect(databaseFingerprint(pb.dataDir)).toEqual(before);
    });

    it('names the field and reason of a document that does not fit the schema', async () => {
      const bad = { name: 'bad', steps: [{ id: 'x', title: 'X', kind: 'teleport' }] } as unknown as PlanDocument;
      await expect(pb.call('planCreate', { plan: bad })).rejects.toThrow(/^plan\.steps\[0\]\.kind: /);
      expect(pb.app.plans.list({})).toEqual([]);
    });

    it('refuses a plan with validation errors unless a draft is asked for', async () => {
      const broken = notesPlan('broken');
      broken.steps[1] = { ...broken.steps[1]!, dependsOn: ['nowhere'] };
      await expect(pb.call('planCreate', { plan: broken })).rejects.toThrow(/^plan\.steps\[1\]\.dependsOn.*nowhere/);
      expect(pb.app.plans.list({})).toEqual([]);
      const draft = await pb.call('planCreate', { plan: broken, draft: true });
      expect(draft.plan).toMatchObject({ status: 'draft', validation: { valid: false } });
    });

    it('refuses a name that exists, leaving that plan as it was', async () => {
      await pb.call('planCreate', { plan: notesPlan() });
      const before = databaseFingerprint(pb.dataDir);
      await expect(pb.call('planCreate', { plan: notesPlan() })).rejects.toThrow(
        /^plan\.name: a plan named 'notes' already exists .*refine it/,
      );
      expect(databaseFingerprint(pb.dataDir)).toEqual(before);
    });

    it('works on the workspace folder given, and refuses a relative one without it', async () => {
      const folder = makeTempDir('planbox-ws-');
      try {
        const result = await pb.call('planCreate', { plan: notesPlan(), workspace: folder.path });
        expect(result.plan.workspace).toBe(realpathSync(folder.path));
        const relative = { ...notesPlan('relative'), workspace: { path: 'project' } };
        await expect(pb.call('planCreate', { plan: relative })).rejects.toThrow(
          /plan\.workspace\.path 'project' is relative/,
        );
      } finally {
        folder.cleanup();
      }
    });
  });

  describe('planSave', () => {
    it('stores a document under a name with tags, and needs overwrite for a name that exists', async () => {
      const saved = await pb.call('planSave', { definition: notesPlan('draft-name'), name: 'release', tags: ['q3'] });
      expect(saved).toMatchObject({ created: true, plan: { name: 'release', tags: ['q3'], version: 1 } });

      const changed = { ...notesPlan('release'), goal: 'A better goal' };
      await expect(pb.call('planSave', { definition: changed })).rejects.toThrow(
        /^name: a plan named 'release' already exists .*pass overwrite/,
      );
      const over = await pb.call('planSave', { definition: changed, overwrite: true });
      expect(over).toMatchObject({ created: false, versionWritten: true, plan: { id: saved.plan.id, version: 2 } });
      expect(over.plan.tags).toEqual(['docs']);
      expect(pb.app.plans.history(saved.plan.id)[1]).toMatchObject({ reason: 'edit', note: 'saved' });
    });

    it('renames and retags a stored plan as a new version', async () => {
      const { plan } = await pb.call('planCreate', { plan: notesPlan() });
      const saved = await pb.call('planSave', { plan: plan.id, name: 'release-notes', tags: ['docs', 'release'] });
      expect(saved.plan).toMatchObject({ id: plan.id, name: 'release-notes', version: 2, tags: ['docs', 'release'] });
      await expect(pb.call('planGet', { plan: 'notes' })).rejects.toThrow(/no plan named 'notes'/);
      const unchanged = await pb.call('planSave', { plan: plan.id, name: 'release-notes' });
      expect(unchanged.versionWritten).toBe(false);
    });

    it('needs a stored plan or a document', async () => {
      await expect(pb.call('planSave', { name: 'x' })).rejects.toThrow(/name a stored plan \(plan\) or send a plan/);
    });
  });

  describe('planRefine', () => {
    it('writes the revised steps as a new version, with the feedback as its note, and resets approvals', async () => {
      const { plan } = await pb.call('planCreate', { plan: notesPlan() });
      await pb.call('planApprove', { plan: plan.id }, PERSON);
      const steps = [...notesPlan().steps, { id: 'check', title: 'Check the notes', kind: 'check' as const }];
      const refined = await pb.call('planRefine', { plan: plan.id, steps, feedback: 'add a check' });
      expect(refined).toMatchObject({ created: false, versionWritten: true });
      expect(refined.plan).toMatchObject({ version: 2, status: 'ready', approval: { state: 'none' } });
      expect(refined.plan.steps.map((s) => s.id)).toEqual(['write', 'tell', 'check']);
      expect(pb.app.plans.history(plan.id)[1]).toMatchObject({ reason: 'refine', note: 'add a check' });
      const compared = await pb.call('planCompare', { plan: plan.id, from: 1, to: 2 });
      expect(compared.stepsAdded).toEqual([{ id: 'check', title: 'Check the notes' }]);
    });

    it('writes nothing when the revision equals the current version', async () => {
      const { plan } = await pb.call('planCreate', { plan: notesPlan() });
      const same = await pb.call('planRefine', { plan: plan.id, definition: notesPlan() });
      expect(same).toMatchObject({ versionWritten: false, plan: { version: 1 } });
    });

    it('refuses what it cannot do yet or must not do, naming the field', async () => {
      const { plan } = await pb.call('planCreate', { plan: notesPlan() });
      const before = databaseFingerprint(pb.dataDir);
      await expect(pb.call('planRefine', { plan: plan.id, feedback: 'make it better' })).rejects.toThrow(
        /no LLM planner is configured/,
      );
      await expect(pb.call('planRefine', { plan: plan.id, definition: notesPlan('other') })).rejects.toThrow(
        /^definition\.name: a refined plan keeps its name 'notes'/,
      );
      const cyclic = notesPlan().steps.map((s) => ({ ...s, dependsOn: [s.id === 'write' ? 'tell' : 'write'] }));
      await expect(pb.call('planRefine', { plan: plan.id, steps: cyclic })).rejects.toThrow(/^steps\[\d\]\.dependsOn/);
      await expect(pb.call('planRefine', { plan: 'nope', steps: notesPlan().steps })).rejects.toThrow(
        /no plan named 'nope'/,
      );
      expect(databaseFingerprint(pb.dataDir)).toEqual(before);
    });
  });

  it('restores a version as a new version, keeping the reason', async () => {
    const { plan } = await pb.call('planCreate', { plan: notesPlan() });
    await pb.call('planRefine', { plan: plan.id, steps: notesPlan().steps.slice(0, 1) });
    const restored = await pb.call('planRestoreVersion', { plan: plan.id, version: 1, reason: 'v2 lost a step' });
    expect(restored).toMatchObject({ version: 3 });
    expect(pb.app.plans.history(plan.id)[2]).toMatchObject({
      reason: 'restore',
      note: 'restored from version 1: v2 lost a step',
    });
  });

  it('lists plans having every tag asked for', async () => {
    await pb.call('planCreate', { plan: { ...notesPlan('a'), tags: ['docs', 'q3'] } });
    await pb.call('planCreate', { plan: { ...notesPlan('b'), tags: ['docs'] } });
    const names = async (tags: string[]) => (await pb.call('planList', { tags })).map((p) => p.name).sort();
    expect(await names(['docs'])).toEqual(['a', 'b']);
    expect(await names(['docs', 'q3'])).toEqual(['a']);
    expect(await names(['nope'])).toEqual([]);
  });
});
