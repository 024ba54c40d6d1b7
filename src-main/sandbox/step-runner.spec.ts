import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestImages } from '../testing/docker';
import { commitSnapshot } from './commit-snapshot';
import { OutputBuffer } from './output-buffer';
import { runStep } from './step-runner';
import { removePlanResources } from './housekeeping';
import { LABELS, type OutputChunk, type RunStepRequest, type SnapshotRef } from './types';

const docker = new Dockerode();
const PLAN = `test-step-runner-${process.pid}-${Date.now()}`;
const planFilter = { label: [`${LABELS.plan}=${PLAN}`] };
let base: SnapshotRef;

beforeAll(async () => {
  buildTestImages();
  const parent = await docker.getImage('planbox-test/busybox:latest').inspect();
  const container = await docker.createContainer({
    Image: parent.Id,
    Cmd: ['sh', '-c', 'echo hi > /workspace/a.txt; mkdir -p /workspace/src; echo "export {}" > /workspace/src/a.ts'],
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: PLAN },
  });
  await container.start();
  await container.wait();
  base = await commitSnapshot(
    docker,
    container,
    { imageId: parent.Id, depth: -1 },
    { [LABELS.managed]: 'true', [LABELS.plan]: PLAN },
  );
});

afterAll(async () => {
  await removePlanResources(docker, PLAN);
});

function request(fields: Partial<RunStepRequest>): RunStepRequest {
  return {
    planId: PLAN,
    stepId: 'step',
    attempt: 1,
    from: base,
    limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: {} },
    network: false,
    action: { type: 'none' },
    acceptance: [],
    timeoutMs: 30_000,
    outputCapBytes: 64 * 1024,
    ...fields,
  };
}

const shell = (command: string) => ({ type: 'shell' as const, command });

async function leftoverContainers(): Promise<string[]> {
  return (await docker.listContainers({ all: true, filters: planFilter })).map((info) => info.Id);
}

async function imagesOfStep(stepId: string): Promise<string[]> {
  const filters = { label: [`${LABELS.plan}=${PLAN}`, `${LABELS.step}=${stepId}`] };
  return (await docker.listImages({ all: true, filters })).map((info) => info.Id);
}

describe('runStep', () => {
  it('runs a shell step and its acceptance checks, then commits the next snapshot', async () => {
    const chunks: OutputChunk[] = [];
    const result = await runStep(
      docker,
      request({
        stepId: 'happy',
        limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: { GREETING: 'hello there' } },
        action: shell('echo "$GREETING"; pwd; echo oops >&2; echo new > b.txt'),
        acceptance: [{ description: 'b.txt exists', command: 'test -f b.txt' }, { description: 'someone reads it' }],
        onOutput: (chunk) => chunks.push(chunk),
      }),
    );
    expect(result.failure).toBeUndefined();
    expect(result).toMatchObject({ ok: true, exitCode: 0, snapshot: { depth: base.depth + 1 } });
    expect(result.output.text).toContain('hello there\n/workspace\n');
    expect(chunks).toContainEqual({ stream: 'stderr', phase: 'action', text: 'oops\n' });
    expect(result.acceptance).toEqual([
      { description: 'b.txt exists', command: 'test -f b.txt', exitCode: 0, ok: true },
      { description: 'someone reads it', command: undefined, exitCode: null, ok: true },
    ]);
    expect(result.changes).toEqual([
      {
        path: 'b.txt',
        kind: 'added',
        before: null,
        after: 'new\n',
        binary: false,
        tooLarge: false,
        mode: { before: null, after: 0o644 },
      },
    ]);
    const image = await docker.getImage(result.snapshot!.imageId).inspect();
    expect(image.Config.Labels).toMatchObject({
      [LABELS.plan]: PLAN,
      [LABELS.step]: 'happy',
      [LABELS.attempt]: '1',
      [LABELS.kind]: 'step',
      [LABELS.depth]: String(base.depth + 1),
    });
    expect(image.Config.Env).not.toContain('GREETING=hello there');

    const next = await runStep(docker, request({ from: result.snapshot!, action: shell('cat b.txt') }));
    expect(next.output.text).toBe('new\n');
    expect(await leftoverContainers()).toEqual([]);
  });

  it('completes a step that changes nothing, with no changes', async () => {
    // The engine answers `docker diff` of an unchanged container with JSON null.
    const result = await runStep(docker, request({ stepId: 'unchanged', action: shell('echo nothing to change') }));
    expect(result.failure).toBeUndefined();
    expect(result).toMatchObject({ ok: true, changes: [], outsideChanges: [] });
  });

  it('fails on a failing acceptance check, naming it, and leaves no snapshot and no container', async () => {
    const result = await runStep(
      docker,
      request({
        stepId: 'rejected',
        action: shell('echo changed > a.txt'),
        acceptance: [
          { description: 'first passes', command: 'true' },
          { description: 'tests pass', command: 'exit 3' },
          { description: 'never run', command: 'true' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({
      kind: 'acceptance',
      message: "acceptance check 'tests pass' failed with exit code 3",
    });
    expect(result.acceptance.map((check) => check.ok)).toEqual([true, false]);
    expect(result.snapshot).toBeUndefined();
    expect(result.changes).toEqual([]);
    expect(await imagesOfStep('rejected')).toEqual([]);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('fails with the exit code when the action fails, without running the checks', async () => {
    const result = await runStep(
      docker,
      request({ action: shell('echo bad >&2; exit 7'), acceptance: [{ description: 'x', command: 'true' }] }),
    );
    expect(result).toMatchObject({ ok: false, exitCode: 7, acceptance: [], output: { text: 'bad\n' } });
    expect(result.failure).toEqual({ kind: 'exit', message: 'the command exited with code 7' });
  });

  it('gives a step no network but lo, no mknod and no chown', async () => {
    const result = await runStep(
      docker,
      request({
        action: shell(
          'cat /proc/net/dev; mknod /tmp/x c 1 3 && echo MKNOD-ALLOWED || echo MKNOD-REFUSED; ' +
            'chown 1000 /workspace/a.txt && echo CHOWN-ALLOWED || echo CHOWN-REFUSED',
        ),
      }),
    );
    expect(result.ok).toBe(true);
    const interfaces = [...result.output.text.matchAll(/^\s*([\w.-]+):\s+\d/gm)].map((match) => match[1]);
    expect(interfaces).toEqual(['lo']);
    expect(result.output.text).toContain('MKNOD-REFUSED');
    expect(result.output.text).toContain('CHOWN-REFUSED');
  });

  it('attaches a network interface only when the step allows network', async () => {
    const result = await runStep(docker, request({ network: true, action: shell('cat /proc/net/dev') }));
    expect(result.output.text).toMatch(/^\s*eth0:/m);
  });

  it('stops a fork bomb with the pids limit', async () => {
    const result = await runStep(
      docker,
      request({
        timeoutMs: 3000,
        limits: { cpus: 1, memoryMb: 128, pidsLimit: 32, env: {} },
        action: shell('b() { while :; do b & done; }; b'),
      }),
    );
    expect(result.ok).toBe(false);
    expect(['timeout', 'exit']).toContain(result.failure?.kind);
    expect(result.output.text).toContain("can't fork");
    expect(await leftoverContainers()).toEqual([]);
  });

  it('fails a memory hog as out of memory, naming the limit', async () => {
    const result = await runStep(
      docker,
      request({
        limits: { cpus: 1, memoryMb: 64, pidsLimit: 64, env: {} },
        action: shell('dd if=/dev/zero of=/dev/null bs=200M count=1'),
      }),
    );
    expect(result.failure?.kind).toBe('oom');
    expect(result.failure?.message).toContain('memory limit of 64 MB');
    expect(result.exitCode).toBe(137);
  });

  it('ends an endless loop by the timeout', async () => {
    const result = await runStep(docker, request({ timeoutMs: 2000, action: shell('while :; do :; done') }));
    expect(result.failure?.kind).toBe('timeout');
    expect(result.failure?.message).toMatch(/^timed out after 2 s/);
    expect(await leftoverContainers()).toEqual([]);
  });

  it('keeps at most the cap of a 100 MB flood, holding no more than that at any time', async () => {
    const buffers = new Set<OutputBuffer>();
    const append = OutputBuffer.prototype.append;
    const spy = vi.spyOn(OutputBuffer.prototype, 'append').mockImplementation(function (this: OutputBuffer, data) {
      buffers.add(this);
      append.call(this, data);
    });
    let streamed = 0;
    try {
      const result = await runStep(
        docker,
        request({ action: shell('yes | head -c 100000000'), onOutput: (chunk) => (streamed += chunk.text.length) }),
      );
      expect(result.ok).toBe(true);
      expect(result.output.droppedBytes).toBe(100_000_000 - 64 * 1024);
      expect(result.output.text).toContain(`[... ${100_000_000 - 64 * 1024} bytes dropped ...]`);
      expect(result.output.text.length).toBeLessThan(64 * 1024 + 100);
    } finally {
      spy.mockRestore();
    }
    expect(streamed).toBe(100_000_000);
    expect(buffers.size).toBe(1);
    expect([...buffers][0]!.peakRetainedBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('stops at once when cancelled mid-run', async () => {
    const controller = new AbortController();
    const result = await runStep(
      docker,
      request({
        action: shell('echo started; sleep 30'),
        signal: controller.signal,
        onOutput: (chunk) => chunk.text.includes('started') && controller.abort(),
      }),
    );
    expect(result.failure?.kind).toBe('cancelled');
    expect(result.snapshot).toBeUndefined();
    expect(await leftoverContainers()).toEqual([]);
  });

  it('creates nothing when cancelled before it starts', async () => {
    const result = await runStep(docker, request({ stepId: 'never', signal: AbortSignal.abort() }));
    expect(result.failure?.kind).toBe('cancelled');
    expect(await imagesOfStep('never')).toEqual([]);
  });

  it('fails with a one-line error when the snapshot image is missing', async () => {
    const result = await runStep(docker, request({ from: { imageId: `sha256:${'0'.repeat(64)}`, depth: 3 } }));
    expect(result.failure?.kind).toBe('error');
    expect(result.failure?.message).toMatch(/^creating the step container from 000000000000 failed: .*no such image/i);
    expect(result.failure?.message).not.toContain('\n');
  });

  it('fails with a one-line error when no engine answers', async () => {
    const nowhere = new Dockerode({ socketPath: '/nonexistent/docker.sock' });
    const result = await runStep(nowhere, request({}));
    expect(result.failure?.kind).toBe('error');
    expect(result.failure?.message).toContain('check that the Docker engine is running');
    expect(result.failure?.message).not.toContain('\n');
  });

  it('returns a failure, not a throw, when its container disappears mid-step', async () => {
    let removal: Promise<unknown> | undefined;
    const removeFromOutside = async () => {
      for (const id of await leftoverContainers()) await docker.getContainer(id).remove({ force: true });
    };
    const result = await runStep(
      docker,
      request({
        stepId: 'vanishing',
        action: shell('echo started; sleep 30'),
        onOutput: () => (removal ??= removeFromOutside()),
      }),
    );
    await removal;
    expect(result.ok).toBe(false);
    expect(result.failure?.message).not.toContain('\n');
    expect(await imagesOfStep('vanishing')).toEqual([]);
    expect(await leftoverContainers()).toEqual([]);
  });
});
