import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir';
import { REPO_ROOT, runCli } from '../../testing/cli-runner';
import { buildTestImages, planContainers, planImages } from '../../testing/docker';

const greeting = join(REPO_ROOT, 'resources', 'examples', 'add-greeting.yaml');
const plansMade: string[] = [];

describe('running plans in the Docker sandbox (planbox CLI, real engine)', { timeout: 180_000 }, () => {
  let home: ReturnType<typeof makeTempDir>;
  let work: ReturnType<typeof makeTempDir>;
  let ws: string;
  const cli = (...args: string[]) => runCli(home.path, args);
  const show = () => JSON.parse(cli('plan', 'show', '--json').stdout);
  const stepStatus = (id: string) => show().steps.find((s: { id: string }) => s.id === id).status;
  const importPlan = (name: string, yaml: string) => {
    const file = join(work.path, `${name}.yaml`);
    writeFileSync(file, yaml);
    const result = cli('plan', 'import', file, '--workspace', ws);
    expect(result.stderr).toBe('');
    const id = show().id as string;
    plansMade.push(id);
    return id;
  };

  beforeAll(() => buildTestImages());
  beforeEach(() => {
    home = makeTempDir('planbox-home-');
    work = makeTempDir('planbox-work-');
    ws = join(work.path, 'ws');
    cpSync(join(REPO_ROOT, 'resources', 'examples', 'greeting-workspace'), ws, { recursive: true });
  });
  afterEach(() => {
    // Deleting the plan frees its snapshot images, as a user's `plan delete` would.
    for (const plan of JSON.parse(cli('plan', 'list', '--json').stdout) as { name: string }[])
      cli('plan', 'delete', plan.name);
    home.cleanup();
    work.cleanup();
  });
  afterAll(() => {
    for (const id of plansMade) {
      expect(planContainers(id)).toEqual([]);
      expect(planImages(id)).toEqual([]);
    }
  });

  it('runs the greeting plan end to end, diffs it and applies it to the workspace', () => {
    const planId = importPlan('add-greeting', readFileSync(greeting, 'utf8'));
    expect(cli('plan', 'next').code).toBe(1); // not approved yet
    expect(cli('plan', 'approve').code).toBe(0);

    const first = cli('plan', 'next');
    expect(first.code).toBe(0);
    expect(stepStatus('write-script')).toBe('completed');
    expect(stepStatus('run-script')).toBe('pending');

    const rest = cli('plan', 'next', '--auto');
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('hello');
    expect(rest.stdout).toMatch(/is complete/);
    expect(show().status).toBe('completed');
    expect(planContainers(planId)).toEqual([]);

    const stepDiff = JSON.parse(cli('plan', 'diff', '--step', 'write-script', '--json').stdout);
    expect(stepDiff.changes).toEqual([
      expect.objectContaining({ path: 'greet.sh', kind: 'added', after: 'echo hello\n' }),
    ]);
    expect(cli('plan', 'diff').stdout).toMatch(/\+\+\+ b\/greet\.sh[\s\S]*\+echo hello/);

    const dry = cli('plan', 'apply', '--dry-run');
    expect(dry.stdout).toMatch(/would write\s+greet\.sh/);
    expect(existsSync(join(ws, 'greet.sh'))).toBe(false);
    expect(cli('plan', 'apply').code).toBe(0);
    expect(readFileSync(join(ws, 'greet.sh'), 'utf8')).toBe('echo hello\n');

    const types = JSON.parse(cli('audit', 'list', '--json', '--limit', '100').stdout).map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'sandbox.workspace_imported',
        'step.started',
        'step.completed',
        'plan.completed',
        'plan.applied',
      ]),
    );
    expect(cli('audit', 'verify').code).toBe(0);
  });

  it('keeps the previous snapshot when an acceptance check fails, then retries and skips', () => {
    importPlan(
      'failing',
      `name: failing
sandbox: { image: planbox-test/busybox:latest }
policy: { maxRetries: 1 }
steps:
  - { id: one, title: Write one, kind: write_file, path: one.txt, content: "one\\n" }
  - id: breaks
    title: Change one and fail its check
    kind: command
    command: echo broken > one.txt
    dependsOn: [one]
    acceptance: [{ description: one.txt still says one, command: "grep -q one one.txt" }]
  - { id: after, title: Runs after, kind: write_file, path: after.txt, content: "after\\n", dependsOn: [breaks] }
`,
    );
    cli('plan', 'approve');
    const run = cli('plan', 'next', '--auto');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/step 'breaks' failed: .*one\.txt still says one/);
    expect(show().status).toBe('failed');
    expect(stepStatus('breaks')).toBe('failed');
    // The workspace is still what the last good step left: the change was discarded with the container.
    const diff = JSON.parse(cli('plan', 'diff', '--json').stdout);
    expect(diff.changes).toEqual([expect.objectContaining({ path: 'one.txt', after: 'one\n' })]);
    expect(cli('plan', 'next').stderr).toMatch(/retry it .* or skip it/);

    expect(cli('plan', 'retry').code).toBe(1);
    const attempts = JSON.parse(cli('plan', 'attempts', '--step', 'breaks', '--json').stdout);
    expect(attempts.map((a: { status: string }) => a.status)).toEqual(['failed', 'failed']);
    expect(cli('plan', 'retry').stderr).toMatch(/failed 2 times in a row, the most the policy allows/);

    expect(cli('plan', 'skip', '--reason', 'not needed').code).toBe(0);
    expect(cli('plan', 'next', '--auto').code).toBe(0);
    expect(show()).toMatchObject({ status: 'completed' });
    expect(stepStatus('breaks')).toBe('skipped');
    expect(
      JSON.parse(cli('plan', 'diff', '--json').stdout)
        .changes.map((c: { path: string }) => c.path)
        .sort(),
    ).toEqual(['after.txt', 'one.txt']);
  });

  it('rolls back to before a step, whatever that step did, and runs the later steps again', () => {
    importPlan(
      'rolling',
      `name: rolling
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: a, title: A, kind: write_file, path: a.txt, content: "a\\n" }
  - { id: b, title: B, kind: command, command: "echo b > b.txt && rm README.md && mkdir -p /tmp/side && echo x > /tmp/side/effect", dependsOn: [a] }
  - { id: c, title: C, kind: write_file, path: c.txt, content: "c\\n", dependsOn: [b] }
`,
    );
    cli('plan', 'approve');
    expect(cli('plan', 'next', '--auto').code).toBe(0);
    const all = JSON.parse(cli('plan', 'diff', '--json').stdout).changes.map(
      (c: { path: string; kind: string }) => `${c.kind} ${c.path}`,
    );
    expect(all.sort()).toEqual(['added a.txt', 'added b.txt', 'added c.txt', 'deleted README.md']);

    const rolled = cli('plan', 'rollback', '--to', 'b');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toMatch(/undone: b, c/);
    expect(show().status).toBe('approved');
    expect([stepStatus('a'), stepStatus('b'), stepStatus('c')]).toEqual(['completed', 'rolled_back', 'rolled_back']);
    expect(JSON.parse(cli('plan', 'diff', '--json').stdout).changes.map((c: { path: string }) => c.path)).toEqual([
      'a.txt',
    ]);

    expect(cli('plan', 'next', '--auto').code).toBe(0);
    expect(show().status).toBe('completed');
    expect(cli('plan', 'rollback', '--to', 'nope').code).toBe(1);
  });

  it('lists a file changed on the host since the import as a conflict, and overwrites it only when forced', () => {
    importPlan(
      'conflicting',
      `name: conflicting
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: edit, title: Edit the README, kind: command, command: "echo planbox >> README.md", effects: { modify: [README.md] } }
  - { id: add, title: Add a file, kind: write_file, path: notes.txt, content: "notes\\n", dependsOn: [edit] }
`,
    );
    cli('plan', 'approve');
    cli('plan', 'next', '--auto');
    writeFileSync(join(ws, 'README.md'), 'changed by a person meanwhile\n');
    const applied = cli('plan', 'apply');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/CONFLICT .*changed in the workspace after the import.*README\.md/);
    expect(readFileSync(join(ws, 'README.md'), 'utf8')).toBe('changed by a person meanwhile\n');
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe('notes\n');

    expect(cli('plan', 'apply', '--force', 'README.md').code).toBe(0);
    expect(readFileSync(join(ws, 'README.md'), 'utf8')).toMatch(/planbox\n$/);
    const applies = JSON.parse(cli('audit', 'list', '--type', 'plan.applied', '--json').stdout);
    expect(applies[0].payload).toMatchObject({ written: ['README.md'], forced: ['README.md'] });
  });

  it('cancels a running step from another process; the plan keeps its last snapshot', async () => {
    const planId = importPlan(
      'cancelling',
      `name: cancelling
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: first, title: First, kind: write_file, path: first.txt, content: "1\\n" }
  - { id: slow, title: Slow, kind: command, command: "echo started; sleep 60", dependsOn: [first] }
`,
    );
    cli('plan', 'approve');
    cli('plan', 'next');
    const running = spawnCli(home.path, ['plan', 'next']);
    await waitFor(() => stepStatus('slow') === 'in_progress' && planContainers(planId).length > 0);
    expect(cli('plan', 'cancel').stdout).toMatch(/cancelling step 'slow'/);
    const finished = await running.done;
    expect(finished.code).toBe(1);
    expect(show().status).toBe('cancelled');
    expect(stepStatus('slow')).toBe('failed');
    expect(planContainers(planId)).toEqual([]);
    expect(JSON.parse(cli('plan', 'diff', '--json').stdout).changes.map((c: { path: string }) => c.path)).toEqual([
      'first.txt',
    ]);
    expect(JSON.parse(cli('audit', 'list', '--json').stdout).map((e: { type: string }) => e.type)).toContain(
      'step.cancelled',
    );
  });

  it('pauses an auto run from another process after the step it is running', async () => {
    const planId = importPlan(
      'pausing',
      `name: pausing
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: slow, title: Slow, kind: command, command: "sleep 3; echo slow > slow.txt" }
  - { id: second, title: Second, kind: write_file, path: second.txt, content: "2\\n", dependsOn: [slow] }
`,
    );
    expect(cli('plan', 'pause').stderr).toMatch(/is not running \(it is ready\); there is nothing to pause/);
    cli('plan', 'approve');
    const running = spawnCli(home.path, ['plan', 'next', '--auto']);
    await waitFor(() => stepStatus('slow') === 'in_progress' && planContainers(planId).length > 0);
    expect(cli('plan', 'pause').stdout).toBe("pausing after step 'slow' finishes\n");
    const finished = await running.done;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain("paused after step 'slow' as asked");
    expect(show().status).toBe('paused');
    expect(stepStatus('slow')).toBe('completed');
    expect(stepStatus('second')).not.toBe('completed');
    const types = JSON.parse(cli('audit', 'list', '--json').stdout).map((e: { type: string }) => e.type);
    expect(types).toContain('plan.pause_requested');
    expect(types).toContain('plan.paused');
    // The request was used up: the next auto run goes to the end.
    expect(cli('plan', 'next', '--auto').code).toBe(0);
    expect(show().status).toBe('completed');
  });

  it('recovers after the process running a step is killed', async () => {
    const planId = importPlan(
      'crashing',
      `name: crashing
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: slow, title: Slow, kind: command, command: "sleep 60" }
`,
    );
    cli('plan', 'approve');
    const running = spawnCli(home.path, ['plan', 'next']);
    await waitFor(() => stepStatus('slow') === 'in_progress' && planContainers(planId).length > 0);
    running.child.kill('SIGKILL');
    await running.done;
    expect(stepStatus('slow')).toBe('in_progress'); // nothing has looked yet
    expect(planContainers(planId)).toHaveLength(1);

    const recovered = cli('sandbox', 'recover');
    expect(recovered.stdout).toMatch(/interrupted steps: 1; containers removed: 1/);
    expect(stepStatus('slow')).toBe('failed');
    expect(show().status).toBe('failed');
    expect(planContainers(planId)).toEqual([]);
    const attempts = JSON.parse(cli('plan', 'attempts', '--json').stdout);
    expect(attempts[0]).toMatchObject({ status: 'interrupted' });
    expect(cli('audit', 'verify').code).toBe(0);
  });

  it('says in one line when no Docker engine answers, and changes nothing', () => {
    importPlan('no-engine', readFileSync(greeting, 'utf8').replace('name: add-greeting', 'name: no-engine'));
    cli('plan', 'approve');
    const result = runCli(home.path, ['plan', 'next'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock/);
    expect(show()).toMatchObject({ status: 'approved' });
    expect(stepStatus('write-script')).toBe('pending');
  });

  it('rests a plan as paused between single steps, so it can still be changed or deleted', () => {
    importPlan('resting', readFileSync(greeting, 'utf8').replace('name: add-greeting', 'name: resting'));
    cli('plan', 'approve');
    expect(cli('plan', 'next').code).toBe(0);
    expect(show().status).toBe('paused');
    expect(cli('plan', 'cancel').stdout).toMatch(/no step was running/);
    expect(show().status).toBe('cancelled');
    expect(cli('plan', 'next').code).toBe(0); // a cancelled plan resumes
    expect(show().status).toBe('completed');
  });

  it('pauses at a checkpoint until the person continues', () => {
    importPlan(
      'checkpointed',
      `name: checkpointed
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: one, title: One, kind: write_file, path: one.txt, content: "1\\n", checkpoint: true }
  - { id: two, title: Two, kind: write_file, path: two.txt, content: "2\\n", dependsOn: [one] }
`,
    );
    cli('plan', 'approve');
    const first = cli('plan', 'next', '--auto');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/checkpoint after step 'one'/);
    expect(show().status).toBe('paused');
    expect(stepStatus('two')).toBe('pending');
    expect(cli('plan', 'next', '--auto').code).toBe(0);
    expect(show().status).toBe('completed');
  });

  it('refuses to start a step while snapshots use more disk than the budget', () => {
    importPlan('budget', readFileSync(greeting, 'utf8').replace('name: add-greeting', 'name: budget'));
    cli('plan', 'approve');
    expect(cli('settings', 'set', 'sandbox.diskBudgetMb', 'lots').stderr).toMatch(
      /must be a whole number of megabytes/,
    );
    expect(cli('settings', 'set', 'sandbox.diskBudgetMb', '0').code).toBe(0);
    const refused = cli('plan', 'next');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/over the 0.0 GB disk budget; free space with planbox plan clean/);
    expect(cli('settings', 'set', 'sandbox.diskBudgetMb', '').code).toBe(0);
    expect(cli('plan', 'next').code).toBe(0);
    const changes = JSON.parse(cli('audit', 'list', '--type', 'settings.changed', '--json').stdout);
    expect(changes.map((e: { payload: { value: unknown } }) => e.payload.value)).toEqual([null, 0]);
  });

  it('refuses to run a step above the autoApprove level until it is approved', () => {
    importPlan(
      'needs-approval',
      `name: needs-approval
sandbox: { image: planbox-test/busybox:latest }
steps:
  - { id: wipe, title: Remove build output, kind: command, command: "rm -rf build" }
`,
    );
    cli('plan', 'approve');
    const refused = cli('plan', 'next');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/step 'wipe' is HIGH risk.*planbox plan approve --steps wipe/);
    cli('plan', 'approve', '--steps', 'wipe');
    expect(cli('plan', 'next').code).toBe(0);
  });
});

function spawnCli(home: string, args: string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'planbox.js'), ...args], {
    env: { ...process.env, PLANBOX_HOME: home },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout })),
  );
  return { child, done };
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
