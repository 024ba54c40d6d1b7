import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { makeTempDir } from '../../testing/temp-dir';
import { createPlanbox } from '../../app/create-planbox';
import { databaseFingerprint, REPO_ROOT, runCli } from '../../testing/cli-runner';
import { buildTestImages, planContainers, planImages } from '../../testing/docker';

/**
 * `planbox mcp` as an agent's MCP client sees it: the built command, started as a child process
 * and driven by the SDK's own Client over stdio, against a private data folder and a real Docker
 * engine. A person's part is played by the `planbox` command line on the same data folder.
 */

const BIN = join(REPO_ROOT, 'bin', 'planbox.js');
const PERSON = `user:${userInfo().username}`;
const plansMade: string[] = [];

/** A tool's structured result, read freely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ToolData = any;

class Agent {
  readonly client: Client;
  stderr = '';

  private constructor(readonly name: string) {
    this.client = new Client({ name, version: '1.0.0' });
  }

  static async connect(name: string, home: string): Promise<Agent> {
    const agent = new Agent(name);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      cwd: REPO_ROOT,
      env: { ...(process.env as Record<string, string>), PLANBOX_HOME: home },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (agent.stderr += chunk.toString()));
    await agent.client.connect(transport);
    return agent;
  }

  async call(
    name: string,
    args: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<{ isError: boolean; text: string; data: ToolData }> {
    const result = await this.client.callTool({ name, arguments: args }, undefined, options);
    const content = result.content as { type: string; text: string }[];
    return { isError: result.isError === true, text: content[0]?.text ?? '', data: result.structuredContent };
  }

  /** A call that must succeed; its text is shown when it does not. */
  async ok(name: string, args: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<ToolData> {
    const answer = await this.call(name, args, options);
    expect(answer.isError, `${name}: ${answer.text}`).toBe(false);
    return answer.data;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function greetingPlan(name: string) {
  return {
    name,
    goal: 'Add a greeting script and check it prints hello',
    tags: ['demo', 'mcp'],
    sandbox: { image: 'planbox-test/busybox:latest' },
    steps: [
      {
        id: 'write-script',
        title: 'Create the greeting script',
        kind: 'write_file',
        path: 'greet.sh',
        content: 'echo hello\n',
        effects: { create: ['greet.sh'] },
      },
      {
        id: 'run-script',
        title: 'Run it',
        kind: 'command',
        command: 'sh greet.sh',
        dependsOn: ['write-script'],
        acceptance: [{ description: 'prints hello', command: 'sh greet.sh | grep -q hello' }],
      },
    ],
  };
}

describe(
  'planbox mcp: an agent plans and runs, a person approves (built CLI, real Docker)',
  { timeout: 240_000 },
  () => {
    let home: ReturnType<typeof makeTempDir>;
    let work: ReturnType<typeof makeTempDir>;
    let ws: string;
    const agents: Agent[] = [];
    const connect = async (name: string) => {
      const agent = await Agent.connect(name, home.path);
      agents.push(agent);
      return agent;
    };
    const cli = (...args: string[]) => runCli(home.path, args);

    beforeAll(() => buildTestImages());
    beforeEach(() => {
      home = makeTempDir('planbox-mcp-home-');
      work = makeTempDir('planbox-mcp-work-');
      ws = join(work.path, 'ws');
      cpSync(join(REPO_ROOT, 'resources', 'examples', 'greeting-workspace'), ws, { recursive: true });
    });
    afterEach(async () => {
      await Promise.all(agents.splice(0).map((a) => a.close()));
      // Deleting the plans frees their snapshot images, as a person's `plan delete` would (in
      // process, so that the clean-up does not depend on the built CLI being there).
      const app = createPlanbox({ dataDir: home.path });
      for (const plan of app.plans.list({})) await app.plans.delete(plan.id, { actor: 'user', surface: 'cli' });
      await app.settle();
      app.close();
      home.cleanup();
      work.cleanup();
    });
    afterAll(() => {
      for (const id of plansMade) {
        expect(planContainers(id)).toEqual([]);
        expect(planImages(id)).toEqual([]);
      }
    });

    it('creates and refines a plan, waits for a person to approve it, and runs its steps in containers', async () => {
      const agent = await connect('mcp-int-agent');
      const { tools } = await agent.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(
        [
          'compare_plan_versions',
          'complete_step',
          'create_plan',
          'delete_plan',
          'execute_step',
          'export_execplan',
          'fail_step',
          'get_approval_status',
          'list_plans',
          'load_plan',
          'refine_plan',
          'replan_plan',
          'request_approval',
          'rollback_plan',
          'rollback_workspace',
          'save_plan',
          'start_step',
          'view_history',
          'view_progress',
          'visualize_plan',
        ].sort(),
      );
      // The input schemas come from the contract: the plan document is described down to its steps.
      const create = tools.find((t) => t.name === 'create_plan')!;
      expect(Object.keys(create.inputSchema.properties ?? {}).sort()).toEqual([
        'context_token_budget',
        'draft',
        'explore',
        'goal',
        'max_context_files',
        'mvp_only',
        'plan',
        'workspace',
      ]);
      expect(JSON.stringify(create.inputSchema)).toContain('"dependsOn"');
      expect(tools.find((t) => t.name === 'load_plan')!.annotations).toMatchObject({ readOnlyHint: true });

      const created = await agent.ok('create_plan', { plan: greetingPlan('greeting'), workspace: ws });
      const planId = created.plan.id as string;
      plansMade.push(planId);
      expect(created.plan).toMatchObject({ name: 'greeting', status: 'ready', version: 1 });
      // The person sees the agent's plan at once from another process.
      expect(JSON.parse(cli('plan', 'show', 'greeting', '--json').stdout)).toMatchObject({ id: planId, version: 1 });

      const notify = { id: 'notify', title: 'Tell the team', kind: 'manual', dependsOn: ['run-script'] };
      const refined = await agent.ok('refine_plan', {
        plan_id: planId,
        steps: [...greetingPlan('greeting').steps, notify],
        feedback: 'tell the team when it works',
      });
      expect(refined).toMatchObject({ versionWritten: true, plan: { version: 2 } });
      const compared = await agent.ok('compare_plan_versions', { plan_id: planId, from_version: 1, to_version: 2 });
      expect(compared.stepsAdded).toEqual([{ id: 'notify', title: 'Tell the team' }]);
      const history = await agent.ok('view_history', { plan_id: planId });
      expect(
        history.versions.map((v: { reason: string; actor: string; surface: string }) => [v.reason, v.actor, v.surface]),
      ).toEqual([
        ['create', 'agent:mcp-int-agent', 'mcp'],
        ['refine', 'agent:mcp-int-agent', 'mcp'],
      ]);

      const asked = await agent.ok('request_approval', { plan_id: planId, note: 'writes greet.sh and runs it' });
      expect(asked.request).toMatchObject({ status: 'pending', scope: 'plan', requestedBy: 'agent:mcp-int-agent' });
      const requestId = asked.request.id as string;
      const refused = await agent.call('execute_step', { plan_id: planId, step_number: 1 });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/it must be approved before it runs/);
      expect((await agent.ok('get_approval_status', { request_id: requestId })).request.status).toBe('pending');

      // The person approves from the command line, as they would in the app.
      expect(cli('plan', 'approve', 'greeting', '--comment', 'go ahead').code).toBe(0);
      const approved = await agent.ok('get_approval_status', { request_id: requestId });
      expect(approved).toMatchObject({
        approved: true,
        request: { status: 'approved', respondedBy: PERSON, comment: 'go ahead', current: true },
      });

      const first = await agent.ok('execute_step', { plan_id: planId, step_number: 1 });
      expect(first).toMatchObject({ ok: true, step: { stepId: 'write-script' } });
      expect(first.diff.files).toEqual([{ path: 'greet.sh', kind: 'added', binary: false }]);
      expect(first.diff.unified).toContain('+echo hello');
      // Asked with progress, a step's output also arrives while it runs.
      const progress: string[] = [];
      const second = await agent.ok(
        'execute_step',
        { plan_id: planId, step_id: 'run-script' },
        { onprogress: (p) => progress.push(p.message ?? ''), resetTimeoutOnProgress: true },
      );
      expect(progress.join('\n')).toMatch(/^run-script: [^\n]*hello/m);
      expect(second).toMatchObject({ ok: true, exitCode: 0, acceptance: [{ description: 'prints hello', ok: true }] });
      expect(second.output).toContain('hello');
      expect(planContainers(planId)).toEqual([]);

      // The manual step is MEDIUM risk: the plan's approval does not cover it.
      const unapproved = await agent.call('start_step', { plan_id: planId, step_number: 3 });
      expect(unapproved.isError).toBe(true);
      expect(unapproved.text).toMatch(/step 'notify' is MEDIUM risk, above the plan's autoApprove level LOW/);
      const stepRequest = await agent.ok('request_approval', { plan_id: planId, step_numbers: [3] });
      expect(stepRequest.request).toMatchObject({ scope: 'steps', stepIds: ['notify'], status: 'pending' });
      expect(cli('plan', 'approve', 'greeting', '--steps', 'notify').code).toBe(0);
      expect((await agent.ok('get_approval_status', { request_id: stepRequest.request.id })).request.status).toBe(
        'approved',
      );
      await agent.ok('start_step', { plan_id: planId, step_id: 'notify', notes: 'posting in #dev' });
      const done = await agent.ok('complete_step', {
        plan_id: planId,
        step_number: 3,
        notes: 'posted',
        files_modified: [],
      });
      expect(done).toMatchObject({ status: 'completed' });

      const where = await agent.ok('view_progress', { plan_id: planId });
      expect(where).toMatchObject({ status: 'completed', percentage: 100, total: 3, ready: [], blocked: [] });
      expect(where.steps.map((s: { status: string }) => s.status)).toEqual(['completed', 'completed', 'completed']);

      const graph = await agent.ok('visualize_plan', { plan_id: planId, diagram_type: 'dependencies' });
      expect(graph.mermaid).toMatch(/write-script|write_script/);
      const execplan = await agent.call('export_execplan', { plan_id: planId });
      expect(execplan.text).toMatch(/^---\n[\s\S]*## Progress/m);

      // Undo the sandbox run back to before step 2, and run it again.
      const undone = await agent.ok('rollback_workspace', { plan_id: planId, step_number: 2 });
      expect(undone.rolledBack).toEqual(['run-script']);
      expect((await agent.ok('execute_step', { plan_id: planId })).step.stepId).toBe('run-script');

      const resources = await agent.client.listResources();
      expect(resources.resources.map((r) => r.uri)).toEqual(
        expect.arrayContaining(['planbox://plans', `planbox://plans/${planId}`]),
      );
      const read = await agent.client.readResource({ uri: `planbox://plans/${planId}` });
      expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ id: planId, name: 'greeting' });

      expect(cli('audit', 'verify').code).toBe(0);
      const events = JSON.parse(cli('audit', 'list', '--json', '--limit', '500').stdout) as {
        type: string;
        actor: string;
        actorName: string | null;
        surface: string;
      }[];
      const byAgent = events.filter((e) => e.surface === 'mcp');
      expect(byAgent.every((e) => e.actorName === 'mcp-int-agent' && e.actor === 'agent')).toBe(true);
      expect(new Set(byAgent.map((e) => e.type))).toEqual(
        new Set([
          'plan.created',
          'plan.versioned',
          'approval.requested',
          'sandbox.workspace_imported',
          'step.started',
          'step.completed',
          'plan.completed',
          'plan.rolled_back',
        ]),
      );
      expect(events.filter((e) => e.type === 'plan.approved')).toEqual([
        expect.objectContaining({ actor: 'user', surface: 'cli' }),
      ]);

      const deleted = await agent.ok('delete_plan', { plan_id: planId });
      expect(deleted).toMatchObject({ id: planId, name: 'greeting' });
    });

    it('answers malformed calls and unknown plans with a tool error, and stores nothing', async () => {
      const agent = await connect('careless-agent');
      await agent.ok('create_plan', { plan: greetingPlan('kept'), workspace: ws });
      const before = databaseFingerprint(home.path);

      const badKind = await agent.call('create_plan', {
        plan: { name: 'bad', steps: [{ id: 'a', title: 'A', kind: 'teleport' }] },
      });
      expect(badKind.isError).toBe(true);
      expect(badKind.text).toMatch(/Invalid discriminator value.*at plan\.steps\[0\]\.kind$/);
      const badType = await agent.call('view_progress', { plan_id: 42 });
      expect(badType.text).toMatch(/expected string, received number at plan_id/);
      const typo = await agent.call('list_plans', { stauts: 'ready' });
      expect(typo).toMatchObject({ isError: true });
      expect(typo.text).toMatch(/Unrecognized key.*stauts/);
      const noStep = await agent.call('start_step', { plan_id: 'kept' });
      expect(noStep.text).toBe('step_id: name the step by step_id or step_number');
      const badNumber = await agent.call('execute_step', { plan_id: 'kept', step_number: 9 });
      expect(badNumber.text).toMatch(/^step_number: plan 'kept' has no step 9; its steps are numbered 1 to 2/);
      const invalidPlan = await agent.call('create_plan', {
        plan: { ...greetingPlan('cyclic'), steps: [{ ...greetingPlan('x').steps[0], dependsOn: ['write-script'] }] },
      });
      expect(invalidPlan).toMatchObject({ isError: true });
      expect(invalidPlan.text).toMatch(/^plan\.steps\[0\]\.dependsOn/);
      const renamedField = await agent.call('save_plan', { plan: { ...greetingPlan('kept'), goal: 'other' } });
      expect(renamedField.text).toMatch(/^name: a plan named 'kept' already exists .*overwrite/);
      const goalOnly = await agent.call('create_plan', { goal: 'Add a login page' });
      expect(goalOnly).toMatchObject({ isError: true });
      expect(goalOnly.text).toMatch(/no LLM planner is configured/);

      for (const [tool, args] of [
        ['load_plan', { plan_id: 'ghost' }],
        ['request_approval', { plan_id: 'ghost' }],
        ['execute_step', { plan_id: 'ghost', step_id: 'a' }],
        ['complete_step', { plan_id: 'ghost', step_id: 'a' }],
        ['delete_plan', { plan_id: 'ghost' }],
      ] as const) {
        const answer = await agent.call(tool, args);
        expect(answer, tool).toMatchObject({ isError: true, text: expect.stringMatching(/no plan named 'ghost'/) });
      }
      expect((await agent.call('get_approval_status', { request_id: 'apr_ghost' })).text).toMatch(
        /no approval request 'apr_ghost'/,
      );
      await expect(agent.client.readResource({ uri: 'planbox://plans/ghost' })).rejects.toThrow(
        /no plan named 'ghost'/,
      );

      expect(databaseFingerprint(home.path)).toEqual(before);
    });

    it('serves two agents at once on one data folder, each audited under its own name', async () => {
      const [a, b] = await Promise.all([connect('agent-a'), connect('agent-b')]);
      const make = (agent: Agent, i: number) =>
        agent.ok('create_plan', { plan: { ...greetingPlan(`${agent.name}-${i}`), tags: [agent.name] } });
      const created = await Promise.all([0, 1, 2, 3, 4].flatMap((i) => [make(a, i), make(b, i)]));
      await Promise.all(
        created.map((c, i) => (i % 2 === 0 ? a : b).ok('request_approval', { plan_id: c.plan.id, note: `plan ${i}` })),
      );
      // Each sees what the other wrote: reads go to the shared database every time.
      const seenByA = await a.ok('list_plans', { tags: ['agent-b'] });
      expect(seenByA.plans.map((p: { name: string }) => p.name).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `agent-b-${i}`),
      );
      expect((await b.ok('list_plans', {})).plans).toHaveLength(10);

      expect(cli('audit', 'verify').code).toBe(0);
      const events = JSON.parse(cli('audit', 'list', '--json', '--limit', '100').stdout) as {
        type: string;
        actorName: string;
        surface: string;
      }[];
      for (const name of ['agent-a', 'agent-b']) {
        const mine = events.filter((e) => e.actorName === name);
        expect(mine.every((e) => e.surface === 'mcp')).toBe(true);
        expect(mine.filter((e) => e.type === 'plan.created')).toHaveLength(5);
        expect(mine.filter((e) => e.type === 'approval.requested')).toHaveLength(5);
      }
    });
  },
);
