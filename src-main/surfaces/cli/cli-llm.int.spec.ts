import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelUsageView } from '../../../src-preload/contract';
import { runCliAsync } from '../../testing/cli-runner';
import { makeTempDir } from '../../testing/temp-dir';
import { plannerAnswer, startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server';

/** The LLM planner through the built `planbox` command, against a real HTTP server speaking the OpenAI wire format. */
describe('planbox plan new / explore / refine with an LLM provider', () => {
  let server: FakeOpenAiServer;
  let home: { path: string; cleanup: () => void };
  let workspace: { path: string; cleanup: () => void };
  // No PLANBOX_LLM_* from the environment the tests run in leaks into the command.
  const noProvider = {
    PLANBOX_LLM_BASE_URL: '',
    PLANBOX_LLM_MODEL: '',
    PLANBOX_LLM_PROVIDER: '',
    PLANBOX_LLM_API_KEY: '',
  };
  const cli = (args: string[]) =>
    runCliAsync(home.path, args, {
      cwd: workspace.path,
      env: { ...noProvider, PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder' },
    });

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    home = makeTempDir('planbox-cli-llm-');
    workspace = makeTempDir('planbox-cli-llm-ws-');
    writeFileSync(join(workspace.path, 'package.json'), JSON.stringify({ scripts: { test: 'node --test' } }));
    writeFileSync(join(workspace.path, 'index.js'), 'console.log("hi");\n');
  });
  afterAll(async () => {
    await server.close();
    home.cleanup();
    workspace.cleanup();
  });

  it('says which settings to set when no provider is configured', async () => {
    const result = await runCliAsync(home.path, ['plan', 'new', 'add a flag', '--workspace', workspace.path], {
      env: noProvider,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /planbox: no LLM planner is configured: set PLANBOX_LLM_BASE_URL and PLANBOX_LLM_MODEL/,
    );
  });

  it('creates a plan from a goal with --explore, shows its context, then refines it from feedback', async () => {
    server.script({
      content: plannerAnswer(
        [
          {
            id: 'add-flag',
            title: 'Add the --verbose flag',
            command: "sed -i 's/hi/hello/' index.js",
            modifies: ['index.js'],
          },
          { id: 'test', title: 'Run the tests', command: 'npm test', dependsOn: ['add-flag'] },
        ],
        { name: 'verbose-flag', questions: ['Should --verbose be the default?'] },
      ),
    });

    const created = await cli(['plan', 'new', 'add a --verbose flag', '--workspace', '.', '--explore']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/verbose-flag created: version 1, 2 steps/);
    expect(created.stdout).toMatch(/planner: fake-coder \(openai-compatible\), 1 call, 100 in \/ 50 out/);
    expect(created.stdout).toContain('question: Should --verbose be the default?');
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('npm run test');

    const context = await cli(['plan', 'context']);
    expect(context.code).toBe(0);
    expect(context.stdout).toMatch(/2 files/);
    expect(context.stdout).toContain('npm run test  (package.json)');

    server.script({
      content: plannerAnswer([
        {
          id: 'add-flag',
          title: 'Add the --verbose flag',
          command: "sed -i 's/hi/hello/' index.js",
          modifies: ['index.js'],
        },
        { id: 'handle-errors', title: 'Handle a bad flag', command: 'true', dependsOn: ['add-flag'] },
        { id: 'test', title: 'Run the tests', command: 'npm test', dependsOn: ['handle-errors'] },
      ]),
    });
    const refined = await cli(['plan', 'refine', '--feedback', 'add error handling steps', '--clarify', 'Default?=no']);
    expect(refined.stderr).toBe('');
    expect(refined.stdout).toMatch(/verbose-flag refined: version 2, 3 steps/);
    expect(JSON.stringify(server.requests[1]!.body.messages)).toContain('add error handling steps');

    const history = await cli(['plan', 'history', '--json']);
    const versions = JSON.parse(history.stdout) as { version: number; reason: string; note: string }[];
    expect(versions.map((v) => [v.version, v.reason, v.note])).toEqual([
      [1, 'create', 'planned by fake-coder'],
      [2, 'refine', 'add error handling steps; Default? → no'],
    ]);

    const audit = await cli(['audit', 'list', '--type', 'llm.called', '--json']);
    const events = JSON.parse(audit.stdout) as { payload: { purpose: string; outputTokens: number } }[];
    expect(events.map((e) => e.payload.purpose).sort()).toEqual(['create', 'refine']);

    // plan new's call and the refine call are counted (100 in / 50 out each from the fake server).
    const usage = await cli(['plan', 'usage']);
    expect(usage.stderr).toBe('');
    expect(usage.stdout).toMatch(/^2 model calls, 200 tokens in \/ 100 out, [\d.]+ m?s waiting for answers$/m);
    expect(usage.stdout).toMatch(/^ROLE +CALLS +FAILED +TOKENS IN +TOKENS OUT +TIME$/m);
    expect(usage.stdout).toMatch(/^planner +2 +0 +200 +100 /m);
    expect(usage.stdout).not.toMatch(/^executor|^STEP/m);
    const usageJson = await cli(['plan', 'usage', '--plan', 'verbose-flag', '--json']);
    const view = JSON.parse(usageJson.stdout) as ModelUsageView;
    expect(view.byRole.planner).toMatchObject({ calls: 2, errors: 0, inputTokens: 200, outputTokens: 100 });
    expect(view.byRole.executor.calls).toBe(0);
    expect(view.steps).toEqual([]);
  });

  it('refuses refine without feedback, as a usage error', async () => {
    const result = await cli(['plan', 'refine']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plan refine needs --feedback or --clarify/);
  });
});
