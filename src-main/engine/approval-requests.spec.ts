import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { databaseFingerprint } from '../testing/cli-runner';

type PlanDocument = NonNullable<MethodInput<'planCreate'>['plan']>;

/** Two LOW steps (a file and a command) and, unless left out, a MEDIUM manual step. */
function plan(name: string, withManual = true): PlanDocument {
  return {
    name,
    steps: [
      {
        id: 'write',
        title: 'Write',
        kind: 'write_file',
        path: 'a.txt',
        content: 'a\n',
        effects: { create: ['a.txt'] },
      },
      { id: 'list', title: 'List', kind: 'command', command: 'ls', dependsOn: ['write'] },
      ...(withManual ? [{ id: 'review', title: 'Review', kind: 'manual' as const, dependsOn: ['list'] }] : []),
    ],
  };
}

describe('approval requests: an agent asks, a person decides', () => {
  let pb: TestPlanbox;
  let planId: string;
  const audit = (type: string) => pb.app.audit.list({ type, limit: 100 }).reverse();

  beforeEach(async () => {
    pb = openTestPlanbox();
    planId = (await pb.call('planCreate', { plan: plan('release') })).plan.id;
  });
  afterEach(() => pb.close());

  it('stores a pending request for the plan, which the person answers by approving', async () => {
    const asked = await pb.call('planRequestApproval', { plan: planId, note: 'ready for review' });
    expect(asked).toMatchObject({ created: true, selfApproval: { granted: false } });
    expect(asked.selfApproval!.reason).toMatch(/mcp\.selfApproveMaxRisk is off/);
    expect(asked.request).toMatchObject({
      scope: 'plan',
      status: 'pending',
      requestedBy: 'agent:test-agent',
      requestedSurface: 'mcp',
      note: 'ready for review',
      current: true,
    });
    expect(asked.request.id).toMatch(/^apr_/);
    expect(asked.message).toMatch(/waiting for a person to decide .*planbox plan approve release/);
    expect(audit('approval.requested')[0]).toMatchObject({ actor: 'agent', actorName: 'test-agent', surface: 'mcp' });

    const waiting = await pb.call('planApprovalStatus', { request: asked.request.id });
    expect(waiting).toMatchObject({ approved: false, plan: { approval: { state: 'pending' } } });
    const again = await pb.call('planRequestApproval', { plan: planId });
    expect(again).toMatchObject({ created: false, request: { id: asked.request.id } });

    await pb.call('planApprove', { plan: planId, comment: 'go' }, PERSON);
    const decided = await pb.call('planApprovalStatus', { request: asked.request.id });
    expect(decided.request).toMatchObject({ status: 'approved', respondedBy: 'user:alice', comment: 'go' });
    expect(decided).toMatchObject({ approved: true, plan: { status: 'approved' } });
    expect(decided.message).toMatch(/approved by user:alice: go/);
    // One record: the person's decision answered the request instead of adding another.
    expect(decided.approvals).toHaveLength(1);
    const byPlan = await pb.call('planApprovalStatus', { plan: 'release' });
    expect(byPlan.message).toMatch(/is approved by user:alice; steps still needing their own approval: review/);
    await expect(pb.call('planRequestApproval', { plan: planId })).rejects.toThrow(
      /already approved \(by user:alice\)/,
    );
  });

  it('asks about single steps; a person answers them, or rejects with a comment', async () => {
    const asked = await pb.call('planRequestApproval', { plan: planId, steps: ['review'] });
    expect(asked.request).toMatchObject({ scope: 'steps', stepIds: ['review'], status: 'pending' });
    await pb.call('planReject', { plan: planId, steps: ['review'], comment: 'do it later' }, PERSON);
    const status = await pb.call('planApprovalStatus', { request: asked.request.id });
    expect(status.request).toMatchObject({ status: 'rejected', comment: 'do it later' });
    expect(status.steps.find((s) => s.id === 'review')).toMatchObject({ risk: 'MEDIUM', approval: 'rejected' });
    expect(status.message).toMatch(/was rejected by user:alice: do it later/);

    const second = await pb.call('planRequestApproval', { plan: planId, steps: ['review'] });
    await pb.call('planApprove', { plan: planId, steps: ['review'] }, PERSON);
    expect((await pb.call('planApprovalStatus', { request: second.request.id })).request!.status).toBe('approved');
    await expect(pb.call('planRequestApproval', { plan: planId, steps: ['review'] })).rejects.toThrow(
      /already approved/,
    );
  });

  it('refuses requests that cannot be answered, storing nothing', async () => {
    const broken = plan('broken');
    broken.steps[1] = { ...broken.steps[1]!, dependsOn: ['missing'] };
    await pb.call('planCreate', { plan: broken, draft: true });
    const before = databaseFingerprint(pb.dataDir);
    await expect(pb.call('planRequestApproval', { plan: planId, steps: ['review', 'nope'] })).rejects.toThrow(
      /^steps: plan 'release' has no step 'nope'/,
    );
    await expect(pb.call('planRequestApproval', { plan: 'broken' })).rejects.toThrow(
      /cannot be approved: it has 1 validation error/,
    );
    await expect(pb.call('planRequestApproval', { plan: 'ghost' })).rejects.toThrow(/no plan named 'ghost'/);
    await expect(pb.call('planApprovalStatus', { request: 'apr_nothere' })).rejects.toThrow(
      /no approval request 'apr_nothere'/,
    );
    await expect(pb.call('planApprovalStatus', {})).rejects.toThrow(/name an approval request/);
    expect(databaseFingerprint(pb.dataDir)).toEqual(before);
  });

  it('tells that a request no longer counts once the plan has a new version', async () => {
    const asked = await pb.call('planRequestApproval', { plan: planId });
    await pb.call('planRefine', { plan: planId, steps: plan('release', false).steps });
    const status = await pb.call('planApprovalStatus', { request: asked.request.id });
    expect(status.request).toMatchObject({ status: 'pending', current: false, planVersion: 1 });
    expect(status.message).toMatch(/was for version 1, and the plan has changed since; ask again/);
    expect(status.approvals).toEqual([]);
    expect(status.plan.approval.state).toBe('none');
  });

  describe('self-approval (mcp.selfApproveMaxRisk)', () => {
    it('is off by default and only takes off or LOW', async () => {
      const setting = (await pb.call('settingsList', {}, PERSON)).find((s) => s.key === 'mcp.selfApproveMaxRisk');
      expect(setting).toMatchObject({ value: 'off', default: 'off' });
      await expect(pb.call('settingsSet', { key: 'mcp.selfApproveMaxRisk', value: 'MEDIUM' }, PERSON)).rejects.toThrow(
        /must be off, or LOW/,
      );
      expect((await pb.call('settingsSet', { key: 'mcp.selfApproveMaxRisk', value: 'low' }, PERSON)).value).toBe('LOW');
    });

    it('when on, approves an agent request at once if everything it covers is LOW risk, audited as the agent', async () => {
      await pb.call('settingsSet', { key: 'mcp.selfApproveMaxRisk', value: 'LOW' }, PERSON);
      const low = (await pb.call('planCreate', { plan: plan('low-only', false) })).plan;
      const asked = await pb.call('planRequestApproval', { plan: low.id });
      expect(asked.selfApproval).toMatchObject({ granted: true });
      expect(asked.request).toMatchObject({ status: 'approved', respondedBy: 'agent:test-agent', selfApproved: true });
      expect((await pb.call('planGet', { plan: low.id })).status).toBe('approved');
      const [approved] = audit('plan.approved');
      expect(approved).toMatchObject({ actor: 'agent', actorName: 'test-agent', surface: 'mcp', planId: low.id });
      expect(JSON.parse(approved!.payload)).toMatchObject({ selfApproved: true, requestId: asked.request.id });
    });

    it('never covers a step above LOW, nor overrides a person who said no', async () => {
      await pb.call('settingsSet', { key: 'mcp.selfApproveMaxRisk', value: 'LOW' }, PERSON);
      const mixed = await pb.call('planRequestApproval', { plan: planId });
      expect(mixed.selfApproval).toMatchObject({ granted: false });
      expect(mixed.selfApproval!.reason).toMatch(/above it: review \(MEDIUM\)/);
      expect(mixed.request.status).toBe('pending');

      const low = (await pb.call('planCreate', { plan: plan('low-only', false) })).plan;
      await pb.call('planReject', { plan: low.id, comment: 'not this week' }, PERSON);
      const afterNo = await pb.call('planRequestApproval', { plan: low.id });
      expect(afterNo).toMatchObject({ selfApproval: { granted: false }, request: { status: 'pending' } });
      expect(afterNo.selfApproval!.reason).toMatch(/a person has rejected/);

      // A person asking is never a self-approval: they approve directly.
      const person = await pb.call('planRequestApproval', { plan: planId, steps: ['write'] }, PERSON);
      expect(person).toMatchObject({ selfApproval: null, request: { status: 'pending' } });
    });
  });
});
