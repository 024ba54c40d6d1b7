import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestPlanbox, PERSON, type TestPlanbox } from '../testing/test-planbox';
import { databaseFingerprint } from '../testing/cli-runner';
import { makeTempDir } from '../testing/temp-dir';
import { plannerAnswer, startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';

const API_KEY = 'sk-planboxtest-0123456789abcdefSECRET';

describe('the LLM planner: plans from a goal, refine and replan', () => {
  let server: FakeOpenAiServer;
  let pb: TestPlanbox;
  let workspace: { path: string; cleanup: () => void };

  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    pb = openTestPlanbox({
      env: { PLANBOX_LLM_BASE_URL: server.baseUrl, PLANBOX_LLM_MODEL: 'fake-coder', PLANBOX_LLM_API_KEY: API_KEY },
    });
    workspace = makeTempDir('planbox-llm-ws-');
    writeFileSync(join(workspace.path, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run' } }));
    writeFileSync(join(workspace.path, 'README.md'), '# signup\nA signup form.\n');
  });
  afterEach(async () => {
    await pb.close();
    await server.close();
    workspace.cleanup();
  });

  const llmEvents = async () => (await pb.call('auditList', { type: 'llm.called', limit: 100 })).reverse();

  it('refuses a goal when no provider is configured, naming the settings, and stores nothing', async () => {
    const bare = openTestPlanbox();
    try {
      const before = databaseFingerprint(bare.dataDir);
      await expect(bare.call('planCreate', { goal: 'add validation' })).rejects.toThrow(
        /no LLM planner is configured: set PLANBOX_LLM_BASE_URL and PLANBOX_LLM_MODEL.*llm\.baseUrl and llm\.plannerModel/,
      );
      expect(databaseFingerprint(bare.dataDir)).toEqual(before);
    } finally {
      await bare.close();
    }
  });

  it('creates a plan from a goal and the explored workspace, audits the call, and keeps the key out of the store', async () => {
    server.script({
      content: plannerAnswer(
        [
          {
            id: 'validate',
            title: 'Add validation',
            kind: 'write_file',
            path: 'src/validate.ts',
            content: 'export {};\n',
            command: null,
            creates: ['src/validate.ts'],
          },
          {
            id: 'test',
            title: 'Run the tests',
            command: 'npm test',
            dependsOn: ['validate'],
            acceptance: [{ description: 'tests pass', command: 'npm test' }],
          },
        ],
        { name: 'Signup Validation!' },
      ),
      promptTokens: 321,
      completionTokens: 123,
    });

    const result = await pb.call(
      'planCreate',
      { goal: 'add input validation to the signup form', workspace: workspace.path, explore: true },
      PERSON,
    );

    expect(result.created).toBe(true);
    expect(result.plan.name).toBe('signup-validation');
    expect(result.plan.goal).toBe('add input validation to the signup form');
    expect(result.plan.steps.map((s) => s.id)).toEqual(['validate', 'test']);
    expect(result.plan.validation.valid).toBe(true);
    expect(result.planner).toMatchObject({
      model: 'fake-coder',
      calls: 1,
      repaired: false,
      inputTokens: 321,
      outputTokens: 123,
    });

    const request = server.requests[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe('fake-coder');
    expect(request.body.response_format).toMatchObject({ type: 'json_schema' });
    const prompt = JSON.stringify(request.body.messages);
    expect(prompt).toContain('add input validation to the signup form');
    expect(prompt).toContain('npm run test'); // from the explorer
    expect(prompt).toContain('A signup form.'); // the README, quoted

    const stored = await pb.call('planContext', { plan: 'signup-validation' });
    expect(stored).toMatchObject({ root: workspace.path, packageManagers: ['npm'] });

    const [call] = await llmEvents();
    expect(call!.actor).toBe('engine');
    expect(call!.payload).toMatchObject({
      role: 'planner',
      purpose: 'create',
      model: 'fake-coder',
      inputTokens: 321,
      outputTokens: 123,
      outcome: 'ok',
    });
    expect(JSON.stringify(call!.payload)).not.toContain(API_KEY);

    // The database and its write-ahead log, byte for byte (the WAL holds what is not checkpointed yet);
    // the model's name is there, so the search does look at what was written.
    const bytes = Buffer.concat(
      ['planbox.db', 'planbox.db-wal']
        .map((file) => join(pb.dataDir, file))
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path)),
    );
    expect(bytes.includes('fake-coder')).toBe(true);
    expect(bytes.includes(API_KEY)).toBe(false);
  });

  it('gives an invalid answer one repair round with the problems', async () => {
    server.script(
      { content: plannerAnswer([{ id: 'a' }, { id: 'b', dependsOn: ['missing-step'] }]) },
      { content: plannerAnswer([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }]) },
    );

    const result = await pb.call('planCreate', { goal: 'two steps' });

    expect(result.planner).toMatchObject({ calls: 2, repaired: true });
    expect(result.plan.steps.map((s) => s.id)).toEqual(['a', 'b']);
    const repair = JSON.stringify(server.requests[1]!.body.messages);
    expect(repair).toContain('could not be used as a plan');
    expect(repair).toContain('missing-step');
    expect((await llmEvents()).map((e) => (e.payload as { outcome: string }).outcome)).toEqual(['invalid', 'ok']);
  });

  it('fails clearly after the repair round, keeping the raw answer in a file, and stores no plan', async () => {
    server.script({ content: 'Sure! Here is your plan: step one, do it.' }, { content: '{"steps": []}' });

    const failure = await pb.call('planCreate', { goal: 'anything' }).catch((e: Error) => e);

    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/the planner \(fake-coder\) gave no usable plan after one repair round/);
    const file = /raw answer is in (\S+)$/.exec(message)![1]!;
    expect(readFileSync(file, 'utf8')).toBe('{"steps": []}');
    expect(await pb.call('planList', {})).toEqual([]);
  });

  it('lets the model add risk reasons, never lower the rules', async () => {
    server.script({
      content: plannerAnswer([
        { id: 'wipe', command: 'rm -rf build', risk: { level: 'LOW', reason: 'only build output' } },
        { id: 'echo', command: 'echo hi', risk: { level: 'HIGH', reason: 'prints to the terminal' } },
      ]),
    });

    const result = await pb.call('planCreate', { goal: 'clean' });

    const wipe = result.plan.steps.find((s) => s.id === 'wipe')!;
    const echo = result.plan.steps.find((s) => s.id === 'echo')!;
    expect(wipe.risk.level).not.toBe('LOW');
    expect(echo.risk.level).toBe('LOW');
    expect(result.plan.definition.risks?.map((r) => r.issue)).toEqual([
      'step echo: the planner rates it HIGH (the rules: LOW): prints to the terminal',
    ]);
    expect(result.planner!.notes.join('\n')).toMatch(/step wipe: the planner rated it LOW; the rules keep it/);
  });

  it('plans agent steps with their instruction, and shows them to the planner as agent steps when refining', async () => {
    const vague = plannerAnswer([{ id: 'vague', kind: 'agent', command: null, prompt: null }]);
    server.script({ content: vague }, { content: vague });
    await expect(pb.call('planCreate', { goal: 'validate the form' })).rejects.toThrow(
      /steps\[0\] \(vague\): an agent step needs prompt/,
    );

    server.script({
      content: plannerAnswer([
        { id: 'validate', kind: 'agent', command: null, prompt: 'Add input validation to signup.js', shell: true },
      ]),
    });
    const created = await pb.call('planCreate', { goal: 'validate the form', name: 'validate' });
    expect(created.plan.definition.steps[0]).toMatchObject({
      kind: 'agent',
      prompt: 'Add input validation to signup.js',
      shell: true,
    });

    server.script({
      content: plannerAnswer([
        { id: 'validate', kind: 'agent', command: null, prompt: 'Add input validation to signup.js', shell: true },
        { id: 'test', command: 'npm test', dependsOn: ['validate'] },
      ]),
    });
    await pb.call('planRefine', { plan: 'validate', feedback: 'run the tests after' });
    const shown = JSON.stringify(server.requests.at(-1)!.body.messages);
    expect(shown).toContain('\\"kind\\":\\"agent\\"');
    expect(shown).toContain('Add input validation to signup.js');
  });

  describe('on a plan with a completed and a failed step', () => {
    beforeEach(async () => {
      await pb.call('planCreate', {
        plan: {
          name: 'hand-work',
          goal: 'ship the form',
          policy: { autoApprove: 'MEDIUM' },
          steps: [
            { id: 'design', title: 'Design', kind: 'manual' },
            { id: 'build', title: 'Build', kind: 'manual', dependsOn: ['design'] },
            { id: 'announce', title: 'Announce', kind: 'manual', dependsOn: ['build'] },
          ],
        },
      });
      await pb.call('planApprove', { plan: 'hand-work' }, PERSON);
      await pb.call('planStartStep', { plan: 'hand-work', step: 'design' });
      await pb.call('planCompleteStep', { plan: 'hand-work', step: 'design' });
    });

    it('refines from feedback and clarifications; a completed step it changes is flagged as invalidated', async () => {
      server.script({
        content: plannerAnswer([
          { id: 'design', title: 'Design, with error states', kind: 'manual', command: null },
          { id: 'build', title: 'Build', kind: 'manual', command: null, dependsOn: ['design'] },
          { id: 'errors', title: 'Add error handling', kind: 'manual', command: null, dependsOn: ['build'] },
          { id: 'announce', title: 'Announce', kind: 'manual', command: null, dependsOn: ['errors'] },
        ]),
      });

      const result = await pb.call('planRefine', {
        plan: 'hand-work',
        feedback: 'add error handling steps',
        clarifications: { 'Which database?': 'PostgreSQL' },
      });

      expect(result.versionWritten).toBe(true);
      expect(result.plan.version).toBe(2);
      expect(result.plan.steps.map((s) => s.id)).toEqual(['design', 'build', 'errors', 'announce']);
      expect(result.invalidatedSteps).toEqual(['design']);
      const prompt = JSON.stringify(server.requests[0]!.body.messages);
      expect(prompt).toContain('add error handling steps');
      expect(prompt).toContain('Which database?');
      const [version] = (await pb.call('planHistory', { plan: 'hand-work' })).slice(-1);
      expect(version).toMatchObject({
        reason: 'refine',
        note: 'add error handling steps; Which database? → PostgreSQL',
      });
    });

    it('with focus, changes only the focused steps and restores the rest', async () => {
      server.script({
        content: plannerAnswer([
          { id: 'design', title: 'Rewritten design', kind: 'manual', command: null },
          { id: 'build', title: 'Build it well', kind: 'manual', command: null, dependsOn: ['design'] },
        ]),
      });

      const result = await pb.call('planRefine', { plan: 'hand-work', feedback: 'be precise', focus: ['2'] });

      expect(result.plan.steps.map((s) => [s.id, s.title])).toEqual([
        ['design', 'Design'],
        ['build', 'Build it well'],
        ['announce', 'Announce'],
      ]);
      expect(result.invalidatedSteps).toEqual([]);
      expect(result.planner!.notes.join('\n')).toMatch(/kept as they were.*design, announce/);
    });

    it('replans after a failure: the failure goes to the planner, completed steps are kept', async () => {
      await pb.call('planStartStep', { plan: 'hand-work', step: 'build' });
      await pb.call('planFailStep', { plan: 'hand-work', step: 'build', error: 'the bundler ran out of memory' });
      server.script({
        content: plannerAnswer([
          { id: 'design', title: 'Changed by the model', kind: 'manual', command: null },
          { id: 'build-small', title: 'Build in parts', kind: 'manual', command: null, dependsOn: ['design'] },
          { id: 'announce', title: 'Announce', kind: 'manual', command: null, dependsOn: ['build-small'] },
        ]),
      });

      const result = await pb.call('planReplan', { plan: 'hand-work' });

      expect(result.plan.steps.map((s) => [s.id, s.title, s.status])).toEqual([
        ['design', 'Design', 'completed'],
        ['build-small', 'Build in parts', 'pending'],
        ['announce', 'Announce', 'pending'],
      ]);
      expect(result.invalidatedSteps).toEqual([]);
      const prompt = JSON.stringify(server.requests[0]!.body.messages);
      expect(prompt).toContain('the bundler ran out of memory');
      expect(prompt).toContain('design=completed');
      const [version] = (await pb.call('planHistory', { plan: 'hand-work' })).slice(-1);
      expect(version).toMatchObject({ reason: 'replan', note: 'replanned after step build failed' });
    });
  });

  it('explores a stored plan on request and refreshes its context', async () => {
    await pb.call('planCreate', {
      plan: { name: 'p', steps: [{ id: 'a', title: 'A', kind: 'command', command: 'true' }] },
      workspace: workspace.path,
    });
    expect(await pb.call('planContext', { plan: 'p' })).toBeNull();
    const found = await pb.call('planExplore', { plan: 'p' });
    expect(found.fileCount).toBe(2);
    expect(await pb.call('planContext', { plan: 'p' })).toEqual(found);
    expect((await pb.call('auditList', { type: 'plan.explored' }))[0]!.payload).toMatchObject({ files: 2 });
  });
});
