import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { makeTempDir } from '../testing/temp-dir';
import { buildTestImages, planContainers, planImages } from '../testing/docker';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';
import { agentPlan, type PlanStep as Step } from '../testing/agent-plan';

const API_KEY = 'sk-planboxtest-executor-0123456789SECRET';
const plansMade: string[] = [];

describe('agent steps run by the executor model in the step container (real Docker)', { timeout: 180_000 }, () => {
  let server: FakeOpenAiServer;
  let pb: TestPlanbox;
  let work: ReturnType<typeof makeTempDir>;

  beforeAll(() => buildTestImages());
  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    pb = openTestPlanbox({
      env: { PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder', PLANBOX_LLM_API_KEY: API_KEY },
    });
    work = makeTempDir('planbox-agent-ws-');
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

  async function approvedPlan(agent: Partial<Step>): Promise<string> {
    const created = await pb.call('planCreate', { plan: agentPlan(work.path, agent) });
    plansMade.push(created.plan.id);
    await pb.call('planApprove', { plan: 'agent-work' }, PERSON);
    const setup = await pb.call('planRun', { plan: 'agent-work' });
    expect(setup.steps[0]).toMatchObject({ stepId: 'setup', ok: true });
    return created.plan.id;
  }
  const events = async (type: string) =>
    (await pb.call('auditList', { plan: 'agent-work', type, limit: 200 })).reverse();
  const toolResults = (requestIndex: number) =>
    (server.requests[requestIndex]!.body.messages ?? []).filter((m) => m.role === 'tool').map((m) => String(m.content));

  it('lists, writes a file, runs a command and finishes; acceptance, snapshot and audit follow', async () => {
    await approvedPlan({ shell: true });
    server.script(
      {
        toolCalls: [{ name: 'list_files', arguments: { path: '.' } }],
        content: 'Looking around first (found a token sk-live0123456789abcdefXYZ in my notes).',
        promptTokens: 300,
        completionTokens: 20,
      },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
      { toolCalls: [{ name: 'run_command', arguments: { command: 'cat hello.txt' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'wrote hello.txt and read it back' } }] },
    );

    const report = await pb.call('planRun', { plan: 'agent-work' });
    expect(report.steps[0]).toMatchObject({
      stepId: 'greet',
      ok: true,
      changedPaths: ['hello.txt'],
      agent: {
        rounds: 4,
        toolCalls: 4,
        inputTokens: 600,
        outputTokens: 170,
        summary: 'wrote hello.txt and read it back',
      },
    });
    expect(report.stopped).toBe('done');

    // The model saw the tools (run_command among them), the goal and the step's prompt, and the results.
    const first = server.requests[0]!.body;
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(
      ['apply_patch', 'finish', 'list_files', 'read_file', 'run_command', 'search', 'write_file'].sort(),
    );
    expect(JSON.stringify(first.messages)).toMatch(/greet the world[\s\S]*Create hello\.txt/);
    expect(toolResults(1)).toEqual([expect.stringMatching(/README\.md[\s\S]*setup\.txt/)]);
    expect(toolResults(3).at(-1)).toMatch(/^exit code 0\nstdout:\nhello/);

    const diff = await pb.call('planDiff', { plan: 'agent-work', step: 'greet' });
    expect(diff.changes).toEqual([expect.objectContaining({ path: 'hello.txt', kind: 'added', after: 'hello\n' })]);
    const [attempt] = await pb.call('planAttempts', { plan: 'agent-work', step: 'greet' });
    expect(attempt!.acceptance).toEqual([expect.objectContaining({ description: 'hello.txt says hello', ok: true })]);
    expect(attempt!.output).toMatch(/tool write_file[\s\S]*tool run_command[\s\S]*hello\n[\s\S]*agent: finished/);
    // What the executor writes to the step's output has key-like strings masked.
    expect(attempt!.output).toContain('found a token [redacted] in my notes');
    expect(attempt!.output).not.toContain('sk-live0123456789abcdefXYZ');

    const tools = await events('agent.tool_called');
    expect(tools.map((e) => (e.payload as { tool: string }).tool)).toEqual([
      'list_files',
      'write_file',
      'run_command',
      'finish',
    ]);
    expect(tools.every((e) => e.stepId === 'greet')).toBe(true);
    expect(tools[1]!.payload).toMatchObject({ path: 'hello.txt', ok: true, argBytes: expect.any(Number) });
    expect(tools[2]!.payload).toMatchObject({ exitCode: 0, ok: true });
    const calls = await events('llm.called');
    expect(calls).toHaveLength(4);
    expect(calls[0]!.payload).toMatchObject({ role: 'executor', stepId: 'greet', round: 1, inputTokens: 300 });
    const completed = (await events('step.completed')).find((e) => e.stepId === 'greet')!;
    expect(completed.payload).toMatchObject({ agent: { rounds: 4, inputTokens: 600, outputTokens: 170 } });
    // The model and tool events hold sizes, never the key or file contents.
    expect(JSON.stringify(await pb.call('auditList', { limit: 500 }))).not.toContain(API_KEY);
    expect(JSON.stringify([...tools, ...calls])).not.toContain('hello\\n');
    // Nor does the step's own event carry the tail of its output, which holds the tool calls.
    expect(completed.payload).toMatchObject({ output: { tail: null } });
    expect(JSON.stringify(completed.payload)).not.toContain('tool write_file');
  });

  it('refuses run_command when the step does not allow shell, and tells the model', async () => {
    await approvedPlan({});
    server.script(
      { toolCalls: [{ name: 'run_command', arguments: { command: 'echo hello > hello.txt' } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
      {
        toolCalls: [
          {
            name: 'apply_patch',
            arguments: {
              path: 'hello.txt',
              patch: '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello\n+hello world\n',
            },
          },
          { name: 'search', arguments: { pattern: 'world' } },
        ],
      },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'wrote it without a shell' } }] },
    );

    const report = await pb.call('planRun', { plan: 'agent-work' });
    expect(report.steps[0]).toMatchObject({ stepId: 'greet', ok: true, changedPaths: ['hello.txt'] });
    expect(server.requests[0]!.body.tools?.map((t) => t.function.name)).not.toContain('run_command');
    expect(toolResults(1)).toEqual([expect.stringMatching(/^refused: this step does not allow shell commands/)]);
    expect(toolResults(3).slice(-2)).toEqual(['patched hello.txt', expect.stringMatching(/hello\.txt:1:hello world/)]);
    const diff = await pb.call('planDiff', { plan: 'agent-work', step: 'greet' });
    expect(diff.changes).toEqual([expect.objectContaining({ path: 'hello.txt', after: 'hello world\n' })]);
    const refused = (await events('agent.tool_called'))[0]!;
    expect(refused.payload).toMatchObject({ tool: 'run_command', ok: false, error: expect.stringMatching(/^refused/) });
  });

  it('fails the step when the model never finishes within its rounds; the plan keeps the previous snapshot', async () => {
    const planId = await approvedPlan({ shell: true, maxRounds: 3 });
    server.script(
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
      { toolCalls: [{ name: 'list_files', arguments: {} }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'hello.txt' } }] },
    );

    const report = await pb.call('planRun', { plan: 'agent-work' });
    expect(report.stopped).toBe('failed');
    expect(report.steps[0]).toMatchObject({ stepId: 'greet', ok: false, snapshotId: null });
    expect(report.steps[0]!.reason).toMatch(/used all 3 rounds \(maxRounds\) without calling finish/);
    expect(server.requests).toHaveLength(3);
    const [setup] = await pb.call('planAttempts', { plan: 'agent-work', step: 'setup' });
    const [greet] = await pb.call('planAttempts', { plan: 'agent-work', step: 'greet' });
    expect(greet!.fromSnapshotId).toBe(setup!.snapshotId);
    const whole = await pb.call('planDiff', { plan: 'agent-work' });
    expect(whole.changes.map((c) => c.path)).toEqual(['setup.txt']);
    const plan = await pb.call('planGet', { plan: 'agent-work' });
    expect(plan.steps.find((s) => s.id === 'greet')!.status).toBe('failed');
    const failed = (await events('step.failed')).at(-1)!;
    expect(failed.payload).toMatchObject({ failure: { kind: 'agent' }, agent: { rounds: 3 } });
    expect(planContainers(planId)).toEqual([]);
  });

  it('without an executor model, an agent step waits for a person and the report says why', async () => {
    const bare = openTestPlanbox();
    try {
      const created = await bare.call('planCreate', { plan: agentPlan(work.path, {}) });
      plansMade.push(created.plan.id);
      await bare.call('planApprove', { plan: 'agent-work' }, PERSON);
      const report = await bare.call('planRun', { plan: 'agent-work', auto: true });
      expect(report.steps.map((s) => s.stepId)).toEqual(['setup']);
      expect(report.stopped).toBe('waiting');
      expect(report.message).toMatch(
        /step 'greet' is an agent step and Planbox cannot run it: no LLM executor is configured.*planbox plan complete greet/,
      );
      await bare.call('planDelete', { plan: 'agent-work' }, PERSON);
    } finally {
      await bare.close();
    }
  });
});
