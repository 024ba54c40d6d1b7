import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCallView } from '../../src-preload/contract';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { makeTempDir } from '../testing/temp-dir';
import { buildTestImages, planContainers, planImages } from '../testing/docker';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';
import { agentPlan, type PlanStep } from '../testing/agent-plan';

const plansMade: string[] = [];

describe(
  'agent steps with a person deciding writes and commands (--hitl) and a gate model (--gate)',
  { timeout: 180_000 },
  () => {
    let server: FakeOpenAiServer;
    let pb: TestPlanbox;
    let work: ReturnType<typeof makeTempDir>;

    beforeAll(() => buildTestImages());
    beforeEach(async () => {
      server = await startFakeOpenAiServer();
      pb = openTestPlanbox({ env: { PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder' } });
      work = makeTempDir('planbox-review-ws-');
      writeFileSync(join(work.path, 'README.md'), '# greeter\n');
    });
    afterEach(async () => {
      for (const plan of await pb.call('planList', {})) await pb.call('planDelete', { plan: plan.name }, PERSON);
      await pb.close();
      await server.close();
      work.cleanup();
    });
    afterAll(() => {
      for (const id of plansMade) {
        expect(planContainers(id)).toEqual([]);
        expect(planImages(id)).toEqual([]);
      }
    });

    async function approvedPlan(agent: Partial<PlanStep>): Promise<string> {
      const created = await pb.call('planCreate', { plan: agentPlan(work.path, agent) });
      plansMade.push(created.plan.id);
      await pb.call('planApprove', { plan: 'agent-work' }, PERSON);
      await pb.call('planRun', { plan: 'agent-work' });
      return created.plan.id;
    }
    /** Waits until the run holds a new call, and returns it. */
    async function nextHeld(): Promise<AgentCallView> {
      for (;;) {
        const [held] = await pb.call('agentCalls', { plan: 'agent-work' });
        if (held) return held;
        await sleep(50);
      }
    }
    const events = async (type: string) =>
      (await pb.call('auditList', { plan: 'agent-work', type, limit: 200 })).reverse();
    const toolResults = (requestIndex: number) =>
      (server.requests[requestIndex]!.body.messages ?? [])
        .filter((m) => m.role === 'tool')
        .map((m) => String(m.content));

    it('holds each write and command for a person: approve runs it, reject tells the model, edit runs the edited call', async () => {
      await approvedPlan({ shell: true });
      server.script(
        {
          toolCalls: [
            { name: 'list_files', arguments: { path: '.' } },
            { name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } },
          ],
        },
        { toolCalls: [{ name: 'run_command', arguments: { command: 'rm README.md' } }] },
        { toolCalls: [{ name: 'write_file', arguments: { path: 'notes.txt', content: 'first draft\n' } }] },
        { toolCalls: [{ name: 'finish', arguments: { summary: 'greeted, kept the readme' } }] },
      );
      const run = pb.call('planRun', { plan: 'agent-work', hitl: true });

      // Reading is never held; the write is, and nothing is written before a person allows it.
      const write = await nextHeld();
      expect(write).toMatchObject({
        stepId: 'greet',
        round: 1,
        tool: 'write_file',
        status: 'pending',
        input: { path: 'hello.txt', content: 'hello\n' },
      });
      expect(server.requests).toHaveLength(1);
      expect((await pb.call('agentCallDecide', { id: write.id, decision: 'approve' }, PERSON)).status).toBe('approved');

      const command = await nextHeld();
      expect(command).toMatchObject({ round: 2, tool: 'run_command', input: { command: 'rm README.md' } });
      await pb.call('agentCallDecide', { id: command.id, decision: 'reject', comment: 'keep the readme' }, PERSON);
      // A decided call cannot be decided again.
      await expect(pb.call('agentCallDecide', { id: command.id, decision: 'approve' }, PERSON)).rejects.toThrow(
        /already rejected \(by alice \(cli\)\); nothing was changed/,
      );

      const draft = await nextHeld();
      // An edit that does not fit the tool is refused and leaves the call waiting.
      await expect(
        pb.call('agentCallDecide', { id: draft.id, decision: 'edit', input: { path: 'notes.txt' } }, PERSON),
      ).rejects.toThrow(/the edited arguments do not fit write_file \(content: /);
      await expect(
        pb.call(
          'agentCallDecide',
          { id: draft.id, decision: 'edit', input: { path: 'notes.txt', content: 'token: [redacted]\n' } },
          PERSON,
        ),
      ).rejects.toThrow(/still hold '\[redacted\]' where a secret was masked/);
      expect((await pb.call('agentCalls', { plan: 'agent-work' })).map((c) => c.id)).toEqual([draft.id]);
      await pb.call(
        'agentCallDecide',
        { id: draft.id, decision: 'edit', input: { path: 'notes.txt', content: 'reviewed\n' }, comment: 'shorter' },
        PERSON,
      );

      const report = await run;
      expect(report.steps[0]).toMatchObject({
        stepId: 'greet',
        ok: true,
        agent: { reviewed: { approved: 1, rejected: 1, edited: 1 }, summary: 'greeted, kept the readme' },
      });
      // The model was told about the rejection (with the comment) and the edit (with what ran).
      expect(toolResults(2).at(-1)).toMatch(
        /^rejected: the person reviewing your calls did not allow this run_command: keep the readme/,
      );
      expect(toolResults(3).at(-1)).toMatch(
        /changed this call before it ran \(their comment: shorter\).*"content":"reviewed\\n"/,
      );
      const diff = await pb.call('planDiff', { plan: 'agent-work', step: 'greet' });
      expect(diff.changes.map((c) => [c.path, c.kind, c.after])).toEqual([
        ['hello.txt', 'added', 'hello\n'],
        ['notes.txt', 'added', 'reviewed\n'],
      ]);

      const all = await pb.call('agentCalls', { plan: 'agent-work', all: true });
      expect(all.map((c) => [c.tool, c.status, c.decidedBy])).toEqual([
        ['write_file', 'edited', 'alice (cli)'],
        ['run_command', 'rejected', 'alice (cli)'],
        ['write_file', 'approved', 'alice (cli)'],
      ]);
      expect(all[0]!.editedInput).toEqual({ path: 'notes.txt', content: 'reviewed\n' });
      expect((await events('agent.call_held')).map((e) => (e.payload as { tool: string }).tool)).toEqual([
        'write_file',
        'run_command',
        'write_file',
      ]);
      const decided = await events('agent.call_decided');
      expect(decided.map((e) => [e.actor, (e.payload as { decision: string }).decision])).toEqual([
        ['user', 'approved'],
        ['user', 'rejected'],
        ['user', 'edited'],
      ]);
      // Contents stay with the step: the audit log has sizes and paths, not what was written.
      expect(JSON.stringify(await events('agent.call_held'))).not.toContain('first draft');
      expect((await pb.call('auditVerify', {})).ok).toBe(true);
    });

    it('does not count the time a person takes against the step’s time limit', async () => {
      await approvedPlan({ shell: true, timeoutSec: 4 });
      server.script(
        { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
        { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }] },
      );
      const run = pb.call('planRun', { plan: 'agent-work', hitl: true });
      const held = await nextHeld();
      await sleep(5000);
      await pb.call('agentCallDecide', { id: held.id, decision: 'approve' }, PERSON);
      expect((await run).steps[0]).toMatchObject({ stepId: 'greet', ok: true });
    });

    it('cancelling the step while a call waits expires the call and leaves no container', async () => {
      const planId = await approvedPlan({ shell: true });
      server.script({ toolCalls: [{ name: 'run_command', arguments: { command: 'echo hello > hello.txt' } }] });
      const run = pb.call('planRun', { plan: 'agent-work', hitl: true });
      const held = await nextHeld();
      await pb.call('planCancel', { plan: 'agent-work' }, PERSON);
      const report = await run;
      expect(report.stopped).toBe('cancelled');
      const [call] = await pb.call('agentCalls', { plan: 'agent-work', all: true });
      expect(call).toMatchObject({ id: held.id, status: 'expired' });
      await expect(pb.call('agentCallDecide', { id: held.id, decision: 'approve' }, PERSON)).rejects.toThrow(
        /already expired/,
      );
      expect((await events('agent.call_expired')).map((e) => (e.payload as { callId: string }).callId)).toEqual([
        held.id,
      ]);
      expect(planContainers(planId)).toEqual([]);
    });

    it('the gate scores each round; a score below the threshold stops the step as failed with its reason', async () => {
      await approvedPlan({ shell: true });
      server.script(
        { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
        { content: JSON.stringify({ score: 0.9, reason: 'on task' }) },
        { toolCalls: [{ name: 'run_command', arguments: { command: 'rm -rf /workspace/*' } }] },
        { content: JSON.stringify({ score: 0.1, reason: 'it deletes the whole project' }) },
      );
      const report = await pb.call('planRun', { plan: 'agent-work', gate: true, gateThreshold: 0.6 });
      expect(report.stopped).toBe('failed');
      expect(report.steps[0]).toMatchObject({
        stepId: 'greet',
        ok: false,
        snapshotId: null,
        agent: { gateScore: 0.1 },
      });
      expect(report.steps[0]!.reason).toMatch(
        /the gate stopped the agent after round 2: score 0\.10 is below the threshold 0\.6: it deletes the whole project/,
      );
      // The gate saw the step and what the agent did, and was asked for a structured verdict.
      const gateRequest = server.requests[3]!.body;
      expect(gateRequest.response_format).toBeDefined();
      expect(JSON.stringify(gateRequest.messages)).toMatch(/Create hello\.txt[\s\S]*run_command[\s\S]*rm -rf/);
      const scored = await events('agent.gate_scored');
      expect(scored.map((e) => e.payload)).toEqual([
        expect.objectContaining({ round: 1, score: 0.9, threshold: 0.6, stopped: false }),
        expect.objectContaining({ round: 2, score: 0.1, stopped: true, reason: 'it deletes the whole project' }),
      ]);
      const roles = (await events('llm.called')).map((e) => (e.payload as { role: string }).role);
      expect(roles).toEqual(['executor', 'gate', 'executor', 'gate']);
      // The plan stays at setup's snapshot: nothing of the stopped step is kept.
      const whole = await pb.call('planDiff', { plan: 'agent-work' });
      expect(whole.changes.map((c) => c.path)).toEqual(['setup.txt']);
    });

    it('a gate that cannot be read stops a gated step rather than letting it go on ungated', async () => {
      await approvedPlan({ shell: true });
      await pb.call('settingsSet', { key: 'agent.gate', value: true }, PERSON);
      server.script(
        { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
        { status: 500 },
        { status: 500 },
        { status: 500 },
      );
      const report = await pb.call('planRun', { plan: 'agent-work' });
      expect(report.steps[0]!.ok).toBe(false);
      expect(report.steps[0]!.reason).toMatch(
        /the gate model 'fake-coder' at http:\/\/127\.0\.0\.1:\d+\/v1 gave no verdict in round 1: .*the step stops because it runs gated/,
      );
    });
  },
);
