import Dockerode from 'dockerode';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImages } from '../testing/docker';
import { readContainerPath } from './container-changes';
import { commitSnapshot } from './commit-snapshot';
import { FLATTEN_AT, dockerfileChanges, flattenSnapshot } from './flatten';
import { runStep } from './step-runner';
import { removePlanResources } from './housekeeping';
import { LABELS, type SnapshotRef } from './types';

const docker = new Dockerode();
const PLAN = `test-flatten-${process.pid}-${Date.now()}`;
const labels = { [LABELS.managed]: 'true', [LABELS.plan]: PLAN, [LABELS.step]: 'chain', [LABELS.attempt]: '1' };
const WEIRD_ENV = 'WEIRD=a "quoted" $HOME \\ back';
let base: SnapshotRef;

beforeAll(async () => {
  buildTestImages();
  const busybox = await docker.getImage('planbox-test/busybox:latest').inspect();
  // A base whose config is hard to restate: quotes, a dollar and a backslash in Env, spaces in a label.
  const container = await docker.createContainer({ Image: busybox.Id, Labels: labels });
  const committed = (await container.commit({
    _query: { container: container.id },
    _body: {
      ...busybox.Config,
      Env: [...(busybox.Config.Env ?? []), WEIRD_ENV],
      Labels: { ...labels, 'with space': 'a b' },
    },
  } as object)) as { Id: string };
  await container.remove();
  base = { imageId: committed.Id, depth: 0 };
});

afterAll(async () => {
  await removePlanResources(docker, PLAN);
});

/** One tiny commit, as a step would make it, without starting a container (quicker). */
async function commitOneFile(from: SnapshotRef, n: number): Promise<SnapshotRef> {
  const container = await docker.createContainer({ Image: from.imageId, Cmd: ['true'], Labels: labels });
  const pack = tar.pack();
  pack.entry({ name: `f${n}.txt` }, `${n}\n`);
  pack.finalize();
  await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: '/workspace' });
  try {
    return await commitSnapshot(docker, container, from, labels);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

async function workspaceFiles(ref: SnapshotRef): Promise<string[]> {
  const container = await docker.createContainer({ Image: ref.imageId, Cmd: ['true'], Labels: labels });
  try {
    const entries = await readContainerPath(container, '/workspace', { maxBytes: 0, descend: true });
    return (entries ?? []).map((entry) => entry.path.replace('/workspace/', '')).sort();
  } finally {
    await container.remove({ force: true });
  }
}

describe('dockerfileChanges', () => {
  it('restates a config as instructions, quoting so that nothing is expanded', () => {
    const changes = dockerfileChanges({
      WorkingDir: '/workspace',
      User: '',
      Env: ['PATH=/bin', 'A=x "y" $Z \\'],
      Entrypoint: null as unknown as string[],
      Cmd: ['sh', '-c', 'echo "$1"'],
      Labels: { 'planbox.plan': 'p 1' },
      ExposedPorts: { '8080/tcp': {} },
      Volumes: {},
    });
    expect(changes).toEqual([
      'WORKDIR "/workspace"',
      'ENV PATH="/bin"',
      'ENV A="x \\"y\\" \\$Z \\\\"',
      'CMD ["sh","-c","echo \\"$1\\""]',
      'LABEL "planbox.plan"="p 1"',
      'EXPOSE 8080/tcp',
    ]);
  });
});

describe('snapshots', () => {
  it('keep the parent config: not the keep-alive Cmd, the step env or the step user', async () => {
    const result = await runStep(docker, {
      planId: PLAN,
      stepId: 'config',
      attempt: 2,
      from: base,
      limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: { SECRET: 'hunter2' }, user: 'user' },
      network: false,
      action: { type: 'shell', command: 'test "$SECRET" = hunter2' },
      acceptance: [],
      timeoutMs: 30_000,
      outputCapBytes: 1024,
    });
    expect(result.failure).toBeUndefined();
    const parent = await docker.getImage(base.imageId).inspect();
    const { Config } = await docker.getImage(result.snapshot!.imageId).inspect();
    expect(Config.Env).toEqual(parent.Config.Env);
    expect(Config.Cmd).toEqual(['/bin/sh']);
    expect(Config.WorkingDir).toBe('/workspace');
    expect(['', '0']).toContain(Config.User ?? '');
    expect(Config.Labels).toMatchObject({ [LABELS.step]: 'config', [LABELS.attempt]: '2', [LABELS.depth]: '1' });
  });

  it('are flattened by runStep when the chain reaches FLATTEN_AT, parent kept', async () => {
    // A parent with no other child: removing the deep commit without noprune would take it along.
    const parentRef = await commitOneFile(base, 0);
    const result = await runStep(docker, {
      planId: PLAN,
      stepId: 'deep',
      attempt: 1,
      from: { ...parentRef, depth: FLATTEN_AT - 1 },
      limits: { cpus: 1, memoryMb: 128, pidsLimit: 64, env: {} },
      network: false,
      action: { type: 'write', path: 'deep.txt', content: 'deep\n' },
      acceptance: [],
      timeoutMs: 30_000,
      outputCapBytes: 1024,
    });
    expect(result.failure).toBeUndefined();
    expect(result.snapshot?.depth).toBe(0);
    expect(result.flattened?.ms).toBeGreaterThanOrEqual(0);
    const image = await docker.getImage(result.snapshot!.imageId).inspect();
    const parent = await docker.getImage(parentRef.imageId).inspect(); // still there: removed with noprune
    expect(image.RootFS.Layers).toHaveLength(1);
    expect(image.Config.Env).toContain(WEIRD_ENV);
    expect(image.Config.Cmd).toEqual(parent.Config.Cmd);
    expect(image.Config.Labels).toMatchObject({ 'with space': 'a b', [LABELS.kind]: 'flattened', [LABELS.depth]: '0' });
    expect(await workspaceFiles(result.snapshot!)).toEqual(['deep.txt', 'f0.txt']);
    const deepOnes = await docker.listImages({ all: true, filters: { label: [`${LABELS.step}=deep`] } });
    expect(deepOnes.map((info) => info.Id)).toEqual([result.snapshot!.imageId]);
  });

  it('chain 130 commits with flattening; without it the engine refuses past its depth limit', async () => {
    let head = base;
    for (let n = 1; n < FLATTEN_AT; n++) head = await commitOneFile(head, n);

    // Without flattening: go on until the engine refuses (this branch is removed again).
    const branch: SnapshotRef[] = [];
    let refusal: unknown;
    for (let tip = head; tip.depth < 140 && !refusal;) {
      tip = await commitOneFile(tip, tip.depth + 1).catch((error: unknown) => ((refusal = error), tip));
      if (!refusal) branch.push(tip);
    }
    const refusedAt = head.depth + branch.length + 1;
    const deepest = await docker.getImage(branch.at(-1)!.imageId).inspect();
    console.info(
      `engine refused depth ${refusedAt}: an image of ${deepest.RootFS.Layers?.length} layers took no commit (${String(refusal)})`,
    );
    expect(String(refusal)).toMatch(/max depth exceeded/);
    expect(refusedAt).toBeGreaterThan(FLATTEN_AT);
    for (const ref of branch.reverse()) await docker.getImage(ref.imageId).remove({ noprune: true });

    // With flattening, as runStep does it.
    for (let n = FLATTEN_AT; n <= 130; n++) {
      head = await commitOneFile(head, n);
      if (head.depth >= FLATTEN_AT) {
        const flat = await flattenSnapshot(docker, head, labels);
        await docker.getImage(head.imageId).remove({ noprune: true });
        head = flat;
      }
    }
    expect(head.depth).toBe(130 - FLATTEN_AT);
    const files = await workspaceFiles(head);
    expect(files).toHaveLength(130);
    expect(files).toEqual(Array.from({ length: 130 }, (_, i) => `f${i + 1}.txt`).sort());
  }, 170_000);
});
