import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImages } from '../testing/docker';
import { execForText, runExec, stepOutputSink } from './container-exec';
import { OutputBuffer } from './output-buffer';
import { LABELS, type OutputChunk } from './types';

const docker = new Dockerode();
const PLAN = `test-container-exec-${process.pid}-${Date.now()}`;
let container: Dockerode.Container;

beforeAll(async () => {
  buildTestImages();
  container = await docker.createContainer({
    Image: 'planbox-test/busybox:latest',
    Cmd: ['sleep', '2147483647'],
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: PLAN },
    HostConfig: { Init: true, NetworkMode: 'none' },
  });
  await container.start();
});

afterAll(async () => {
  await container?.remove({ force: true });
});

describe('runExec', () => {
  it('separates stdout from stderr, in /workspace with the given env, and returns the exit code', async () => {
    const result = await execForText(container, {
      cmd: ['sh', '-c', 'pwd; echo "$X" >&2; exit 4'],
      env: ['X=from env'],
    });
    expect(result).toEqual({ exitCode: 4, stdout: '/workspace\n', stderr: 'from env\n' });
  });

  it('hands decoded chunks to onOutput and bytes to the buffer', async () => {
    const chunks: OutputChunk[] = [];
    const buffer = new OutputBuffer(1024);
    const onData = stepOutputSink(buffer, (chunk) => chunks.push(chunk), 'acceptance', 2);
    const code = await runExec(container, { cmd: ['sh', '-c', "printf 'größe ✓\\n'"], onData });
    expect(code).toBe(0);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('größe ✓\n');
    expect(chunks[0]).toMatchObject({ stream: 'stdout', phase: 'acceptance', check: 2 });
    expect(buffer.result().text).toBe('größe ✓\n');
  });

  it('stops waiting when aborted, with the abort reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('enough')), 300);
    await expect(runExec(container, { cmd: ['sleep', '30'], signal: controller.signal })).rejects.toThrow('enough');
  });
});
