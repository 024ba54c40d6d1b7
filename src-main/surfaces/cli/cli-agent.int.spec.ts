import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentCallView } from '../../../src-preload/contract';
import { runCliAsync } from '../../testing/cli-runner';
import { makeTempDir } from '../../testing/temp-dir';
import { buildTestImages } from '../../testing/docker';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server';
import { agentPlan } from '../../testing/agent-plan';

/** `plan next --hitl` and `planbox agent ...` through the built command: the run waits, another process decides. */
describe('planbox agent calls / approve / reject / edit while plan next --hitl runs', { timeout: 180_000 }, () => {
  let server: FakeOpenAiServer;
  let home: { path: string; cleanup: () => void };
  let workspace: { path: string; cleanup: () => void };
  const cli = (args: string[]) =>
    runCliAsync(home.path, args, {
      cwd: workspace.path,
      env: {
        PLANBOX_LLM_BASE_URL: server.baseUrl,
        PLANBOX_LLM_MODEL: 'fake-coder',
        PLANBOX_LLM_PROVIDER: '',
        PLANBOX_LLM_API_KEY: '',
      },
    });
  /** Asks another `planbox` process for the waiting call until there is one. */
  async function nextHeld(): Promise<AgentCallView> {
    for (;;) {
      const listed = await cli(['agent', 'calls', '--json']);
      expect(listed.code).toBe(0);
      const [held] = JSON.parse(listed.stdout) as AgentCallView[];
      if (held) return held;
      await sleep(100);
    }
  }

  beforeAll(async () => {
    buildTestImages();
    server = await startFakeOpenAiServer();
    home = makeTempDir('planbox-cli-agent-');
    workspace = makeTempDir('planbox-cli-agent-ws-');
    writeFileSync(join(workspace.path, 'README.md'), '# greeter\n');
    writeFileSync(join(workspace.path, 'plan.json'), JSON.stringify(agentPlan(workspace.path, { shell: true })));
  });
  afterAll(async () => {
    await cli(['plan', 'delete', 'agent-work']);
    await server.close();
    home.cleanup();
    workspace.cleanup();
  });

  it('holds each write and command; decisions from another process reach the run and the model', async () => {
    expect((await cli(['plan', 'import', 'plan.json'])).code).toBe(0);
    expect((await cli(['plan', 'approve'])).code).toBe(0);
    server.script(
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
      { toolCalls: [{ name: 'run_command', arguments: { command: 'rm README.md' } }] },
      { toolCalls: [{ name: 'run_command', arguments: { command: 'echo draft > notes.txt' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'greeted' } }] },
    );
    const run = cli(['plan', 'next', '--auto', '--hitl']);

    const write = await nextHeld();
    const listed = await cli(['agent', 'calls']);
    expect(listed.stdout).toContain(`${write.id}  agent-work/greet round 1  write_file  hello.txt (6 bytes)`);
    expect(listed.stdout).toContain('    hello');
    expect((await cli(['agent', 'approve', write.id])).stdout).toMatch(/^approved: /);

    const remove = await nextHeld();
    const rejected = await cli(['agent', 'reject', remove.id, '--comment', 'keep the readme']);
    expect(rejected.stdout).toMatch(/^rejected: .*\$ rm README\.md/);
    const again = await cli(['agent', 'approve', remove.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/planbox: agent call '.*' is already rejected \(by .* \(cli\)\); nothing was changed/);

    const draft = await nextHeld();
    const bad = await cli(['agent', 'edit', draft.id]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/agent edit needs exactly one of --file PATH .* and --command TEXT/);
    expect((await cli(['agent', 'edit', draft.id, '--command', 'echo reviewed > notes.txt'])).code).toBe(0);

    const done = await run;
    expect(done.code).toBe(0);
    // Not at a terminal, the run says what waits and how to decide it.
    expect(done.stderr).toContain(`waiting for a decision: ${write.id}`);
    expect(done.stderr).toContain(`planbox agent approve ${remove.id} | reject ${remove.id}`);
    expect(done.stdout).toMatch(/plan 'agent-work' is complete/);
    const tool = (i: number) =>
      (server.requests[i]!.body.messages ?? [])
        .filter((m) => m.role === 'tool')
        .map((m) => String(m.content))
        .at(-1);
    expect(tool(2)).toMatch(/^rejected: .*keep the readme/);
    expect(tool(3)).toMatch(/changed this call before it ran; it ran with \{"command":"echo reviewed > notes.txt"\}/);

    const diff = await cli(['plan', 'diff', '--step', 'greet']);
    expect(diff.stdout).toContain('notes.txt');
    expect(diff.stdout).toContain('+reviewed');
    const all = await cli(['agent', 'calls', '--all']);
    expect(
      all.stdout
        .split('\n')
        .slice(1, 4)
        .map((line) => line.split(/\s{2,}/)[4]),
    ).toEqual(['edited', 'rejected', 'approved']);
    expect((await cli(['agent', 'calls'])).stdout).toContain('no agent call is waiting for a decision');
  });
});
