import { createPatch } from 'diff';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImages } from '../testing/docker';
import { commitSnapshot } from './commit-snapshot';
import { resolveWorkspacePath } from './step-actions';
import { runStep } from './step-runner';
import { removePlanResources } from './housekeeping';
import { LABELS, type RunStepRequest, type SnapshotRef, type StepAction } from './types';

const docker = new Dockerode();
const PLAN = `test-step-actions-${process.pid}-${Date.now()}`;
const LINES = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
let base: SnapshotRef;

beforeAll(async () => {
  buildTestImages();
  const parent = await docker.getImage('planbox-test/busybox:latest').inspect();
  const script = [
    'cd /workspace && echo hi > a.txt && mkdir -p src old docs && echo d > docs/readme.md',
    `printf '${LINES.replace(/\n/g, '\\n')}' > src/a.ts`,
    "printf '#!/bin/sh\\necho run\\n' > run.sh && chmod 755 run.sh",
    'echo o1 > old/one.txt && echo o2 > old/two.txt',
    // CapDrop ALL takes root's CAP_DAC_OVERRIDE: a step user can write only where it owns.
    'mkdir mine && chown 1000:1000 mine',
  ].join('; ');
  const container = await docker.createContainer({
    Image: parent.Id,
    Cmd: ['sh', '-c', script],
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: PLAN },
  });
  await container.start();
  await container.wait();
  const labels = { [LABELS.managed]: 'true', [LABELS.plan]: PLAN };
  base = await commitSnapshot(docker, container, { imageId: parent.Id, depth: -1 }, labels);
});

afterAll(async () => {
  await removePlanResources(docker, PLAN);
});

function run(action: StepAction, fields: Partial<RunStepRequest> = {}) {
  return runStep(docker, {
    planId: PLAN,
    stepId: 'step',
    attempt: 1,
    from: base,
    limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: {} },
    network: false,
    action,
    acceptance: [],
    timeoutMs: 30_000,
    outputCapBytes: 64 * 1024,
    ...fields,
  });
}

const check = (command: string) => ({ description: command, command });
const MODES: Record<string, number> = { 'run.sh': 0o755 };
const text = (path: string, kind: string, before: string | null, after: string | null) => ({
  path,
  kind,
  before,
  after,
  binary: false,
  tooLarge: false,
  mode: {
    before: kind === 'added' ? null : (MODES[path] ?? 0o644),
    after: kind === 'deleted' ? null : (MODES[path] ?? 0o644),
  },
});

describe('resolveWorkspacePath', () => {
  it('keeps paths inside /workspace and refuses the ones that leave it', () => {
    expect(resolveWorkspacePath('src/a.ts')).toBe('/workspace/src/a.ts');
    expect(resolveWorkspacePath('./src/../b.txt')).toBe('/workspace/b.txt');
    for (const path of ['../etc/passwd', '/etc/passwd', '.', 'src/../../x', '/workspace-other/x']) {
      expect(() => resolveWorkspacePath(path), path).toThrow(/leaves \/workspace/);
    }
  });
});

describe('step actions', () => {
  it('writes a new file in new folders, owned by the step user', async () => {
    const result = await run(
      { type: 'write', path: 'mine/new/deep.txt', content: 'hello\n' },
      {
        limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: {}, user: 'user' },
        acceptance: [
          check('[ "$(cat mine/new/deep.txt)" = hello ]'),
          check('[ "$(stat -c %u:%a mine/new mine/new/deep.txt | tr \'\\n\' \' \')" = "1000:755 1000:644 " ]'),
        ],
      },
    );
    expect(result.failure).toBeUndefined();
    expect(result.changes).toEqual([text('mine/new/deep.txt', 'added', null, 'hello\n')]);
  });

  it('keeps the mode of a file it overwrites', async () => {
    const result = await run(
      { type: 'write', path: 'run.sh', content: '#!/bin/sh\necho new\n' },
      { acceptance: [check('./run.sh | grep -qx new')] },
    );
    expect(result.failure).toBeUndefined();
    expect(result.changes).toEqual([text('run.sh', 'modified', '#!/bin/sh\necho run\n', '#!/bin/sh\necho new\n')]);
  });

  it('refuses to write outside the workspace', async () => {
    const result = await run({ type: 'write', path: '../etc/passwd', content: 'x' });
    expect(result.failure).toEqual({
      kind: 'error',
      message: "path '../etc/passwd' leaves /workspace; a step may only change files inside it",
    });
  });

  it('applies a patch, keeping the file mode', async () => {
    const after = LINES.replace('line 3\n', 'line three\n').replace('line 17\n', 'line seventeen\n');
    const result = await run(
      { type: 'patch', path: 'src/a.ts', patch: createPatch('src/a.ts', LINES, after) },
      { acceptance: [check('[ "$(stat -c %a:%u src/a.ts)" = 644:0 ]')] },
    );
    expect(result.failure).toBeUndefined();
    expect(result.changes).toEqual([text('src/a.ts', 'modified', LINES, after)]);
  });

  it('fails a patch that does not apply, naming the hunk', async () => {
    const other = LINES.replace('line 17\n', 'line 17 (changed elsewhere)\n');
    const patch = createPatch(
      'src/a.ts',
      other,
      other.replace('line 3\n', 'line three\n').replace('line 18\n', 'line 18!\n'),
    );
    const result = await run({ type: 'patch', path: 'src/a.ts', patch });
    expect(result.failure?.kind).toBe('exit');
    expect(result.failure?.message).toMatch(
      /^patch for src\/a\.ts does not apply at hunk 2 \(@@ -\d+,\d+ \+\d+,\d+ @@\): /,
    );
    expect(result.snapshot).toBeUndefined();
  });

  it('creates a file from a patch against /dev/null, and refuses a patch of a missing file', async () => {
    const creating = createPatch('docs/new.md', '', '# New\n').replace('--- docs/new.md', '--- /dev/null');
    const created = await run({ type: 'patch', path: 'docs/new.md', patch: creating });
    expect(created.changes).toEqual([text('docs/new.md', 'added', null, '# New\n')]);

    const missing = await run({ type: 'patch', path: 'nope.ts', patch: createPatch('nope.ts', 'a\n', 'b\n') });
    expect(missing.failure?.message).toBe('patch for nope.ts cannot apply: there is no such file in the workspace');
  });

  it('deletes a file, and fails to delete one that is missing or a folder', async () => {
    const deleted = await run({ type: 'delete', path: 'run.sh' });
    expect(deleted.changes).toEqual([text('run.sh', 'deleted', '#!/bin/sh\necho run\n', null)]);

    const missing = await run({ type: 'delete', path: 'nope.txt' });
    expect(missing.failure).toEqual({
      kind: 'exit',
      message: 'delete of nope.txt failed: there is no such file in the workspace',
    });
    const folder = await run({ type: 'delete', path: 'old' });
    expect(folder.failure?.message).toBe('delete of old failed: it is a directory, not a file');
  });

  it('records what a shell step changed, with text before and after', async () => {
    const result = await run({
      type: 'shell',
      command:
        "echo changed > a.txt; printf 'a\\000b' > bin.dat; head -c 300000 /dev/zero | tr '\\0' x > big.txt; " +
        'rm -rf old; touch src/a.ts; chmod 700 docs; mkdir empty; ln -s a.txt link; echo t > /tmp/t',
    });
    expect(result.failure).toBeUndefined();
    expect(result.changes).toEqual([
      text('a.txt', 'modified', 'hi\n', 'changed\n'),
      { ...text('big.txt', 'added', null, null), tooLarge: true },
      { ...text('bin.dat', 'added', null, null), binary: true },
      {
        ...text('link', 'added', null, null),
        binary: true,
        mode: { before: null, after: 0o777 },
        linkTarget: { before: null, after: 'a.txt' },
      },
      text('old/one.txt', 'deleted', 'o1\n', null),
      text('old/two.txt', 'deleted', 'o2\n', null),
    ]);
    expect(result.outsideChanges).toEqual(['/tmp/t']);
  });
});
