import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { connectDocker } from './docker-connection';
import {
  listManagedContainers,
  listManagedImages,
  removeContainers,
  removeImages,
  removePlanResources,
  snapshotDiskUsage,
} from './housekeeping';
import { imageId } from './images';
import { LABELS } from './types';
import { importWorkspace } from './workspace-import';

const TEST_IMAGE = 'planbox-test/busybox:latest';
const docker = connectDocker();
const run = randomUUID().slice(0, 8);
const planId = `test-housekeeping-${run}`;
const otherPlan = `test-housekeeping-other-${run}`;
const KiB = 1024;
let dir: ReturnType<typeof makeTempDir>;
/** base <- s1 <- s2: s1 adds 1 MiB. */
let base: string;
let s1: string;
let s2: string;

// Kind 'test' rather than 'step': startup recovery (run by other test files on this engine) removes
// step containers of plans it has no run for.
const labels = (plan: string, kind: string) => ({ [LABELS.managed]: 'true', [LABELS.plan]: plan, [LABELS.kind]: kind });

async function commitScript(from: string, script: string, depth: number): Promise<string> {
  const container = await docker.createContainer({
    Image: from,
    Cmd: ['sh', '-ec', script],
    Labels: labels(planId, 'test'),
  });
  try {
    await container.start();
    await container.wait();
    return ((await container.commit({ changes: [`LABEL ${LABELS.depth}=${depth}`] })) as { Id: string }).Id;
  } finally {
    await container.remove({ force: true });
  }
}

beforeAll(async () => {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
  dir = makeTempDir('planbox-hk-');
  writeFileSync(join(dir.path, 'data.bin'), Buffer.alloc(200 * KiB, 7));
  const imported = await importWorkspace(docker, {
    planId,
    image: TEST_IMAGE,
    hostPath: dir.path,
    exclude: [],
    maxBytes: 1 << 20,
  });
  base = imported.snapshot.imageId;
  s1 = await commitScript(base, 'dd if=/dev/zero of=/workspace/mb.bin bs=1024 count=1024 2>/dev/null', 1);
  s2 = await commitScript(s1, 'echo two > /workspace/two.txt', 2);
});

afterAll(async () => {
  await removePlanResources(docker, planId);
  await removePlanResources(docker, otherPlan);
  dir?.cleanup();
});

describe('managed images and containers', () => {
  it('lists a plan’s snapshots oldest first, with labels and parents', async () => {
    const images = await listManagedImages(docker, planId);
    expect(images.map((i) => i.id)).toEqual([base, s1, s2]);
    expect(images[0]?.labels).toMatchObject({ [LABELS.kind]: 'base', [LABELS.depth]: '0' });
    expect(images[2]?.labels).toMatchObject({ [LABELS.plan]: planId, [LABELS.depth]: '2' });
    expect(images[2]?.parentId).toBe(s1);
    expect(images[2]?.tags).toEqual([]);
    expect(await listManagedImages(docker, otherPlan)).toEqual([]);
  });

  it('lists containers by plan with state and time, and force-removes them', async () => {
    const idle = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], Labels: labels(planId, 'probe') });
    const busy = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '60'],
      Labels: labels(otherPlan, 'test'),
    });
    await busy.start();
    const mine = await listManagedContainers(docker, planId);
    expect(mine).toEqual([
      expect.objectContaining({
        id: idle.id,
        state: 'created',
        labels: expect.objectContaining(labels(planId, 'probe')),
      }),
    ]);
    expect(mine[0]?.created).toBeGreaterThan(Date.now() / 1000 - 600);
    const all = await listManagedContainers(docker);
    expect(all.find((c) => c.id === busy.id)?.state).toBe('running');
    const report = await removeContainers(docker, [idle.id, busy.id, 'planbox-no-such-container']);
    expect(report).toEqual({ removed: [idle.id, busy.id, 'planbox-no-such-container'], failed: [] });
    expect((await listManagedContainers(docker)).filter((c) => [idle.id, busy.id].includes(c.id))).toEqual([]);
  });

  it('counts each snapshot’s own layer, not the sandbox image under them', async () => {
    const usage = await snapshotDiskUsage(docker, planId);
    expect(usage.images).toBe(3);
    // base: 200 KiB of workspace; s1: 1 MiB; s2: a few bytes. busybox's 2 MB is not counted.
    expect(usage.bytes).toBeGreaterThanOrEqual(1224 * KiB);
    expect(usage.bytes).toBeLessThan(1224 * KiB + 64 * KiB);
    expect((await snapshotDiskUsage(docker)).images).toBeGreaterThanOrEqual(3);
    expect(await snapshotDiskUsage(docker, otherPlan)).toEqual({ images: 0, bytes: 0 });
  });
});

describe('removeImages', () => {
  it('keeps a snapshot a later one builds on, and one a container uses, saying why', async () => {
    const user = await docker.createContainer({ Image: s2, Cmd: ['true'], Labels: labels(planId, 'probe') });
    try {
      const report = await removeImages(docker, [s1, s2]);
      expect(report.removed).toEqual([]);
      expect(report.failed.map((f) => f.id)).toEqual([s2, s1]);
      expect(report.failed[0]?.reason).toMatch(/being used by .*container/);
      expect(report.failed[1]?.reason).toMatch(/dependent child images/);
    } finally {
      await user.remove({ force: true });
    }
  });

  it('removes the newest snapshot without pruning the ones before it', async () => {
    expect(await removeImages(docker, [s2])).toEqual({ removed: [s2], failed: [] });
    expect(await imageId(docker, s1)).toBe(s1);
    expect(await imageId(docker, base)).toBe(base);
  });

  it('removes a whole chain given in any order; a missing id counts as removed', async () => {
    const gone = 'sha256:' + 'f'.repeat(64);
    const report = await removeImages(docker, [base, gone, s1]);
    expect(report.failed).toEqual([]);
    expect(report.removed.sort()).toEqual([base, gone, s1].sort());
    expect(await listManagedImages(docker, planId)).toEqual([]);
    expect(await imageId(docker, TEST_IMAGE)).not.toBeNull();
  });
});
