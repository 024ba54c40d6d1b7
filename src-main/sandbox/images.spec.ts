import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { connectDocker } from './docker-connection';
import { ImageUnavailableError } from './errors';
import { DEFAULT_IMAGE, ensureImage, imageId } from './images';

const TEST_IMAGE = 'planbox-test/busybox:latest';
const docker = connectDocker();
const runId = randomUUID().slice(0, 8);
/** Every image (and build container) these tests make carries this label. */
const testLabel = `planbox.test=images-${runId}`;

function dockerfileDir(body: string): string {
  const dir = makeTempDir('planbox-build-');
  dirs.push(dir);
  writeFileSync(join(dir.path, 'Dockerfile'), `FROM ${TEST_IMAGE}\nLABEL ${testLabel}\n${body}\n`);
  return dir.path;
}
const dirs: ReturnType<typeof makeTempDir>[] = [];

async function leftovers(): Promise<{ containers: number; images: number }> {
  const filters = { label: [testLabel] };
  const containers = await docker.listContainers({ all: true, filters });
  const images = await docker.listImages({ all: true, filters });
  return { containers: containers.length, images: images.length };
}

beforeAll(() => {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
});

afterAll(async () => {
  for (const c of await docker.listContainers({ all: true, filters: { label: [testLabel] } })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  // Children first; images built in the same second cannot be ordered by time, so a parent that
  // still has a child (409) is simply tried again in the next round.
  for (let round = 0; round < 5; round += 1) {
    const images = await docker.listImages({ all: true, filters: { label: [testLabel] } });
    if (images.length === 0) break;
    for (const image of images.sort((a, b) => b.Created - a.Created)) {
      await docker
        .getImage(image.Id)
        .remove({ force: true })
        .catch((e: { statusCode?: number }) => {
          if (e.statusCode !== 404 && e.statusCode !== 409) throw e;
        });
    }
  }
  expect(await docker.listImages({ all: true, filters: { label: [testLabel] } })).toEqual([]);
  for (const dir of dirs) dir.cleanup();
});

describe('ensureImage', () => {
  it('returns the id of an image that is present', async () => {
    const expected = (await docker.getImage(TEST_IMAGE).inspect()).Id;
    await expect(ensureImage(docker, TEST_IMAGE)).resolves.toEqual({ id: expected, built: false });
  });

  it('does not pull a missing image and says how to get it', async () => {
    const name = `planbox-test/absent-${runId}:latest`;
    const error = await ensureImage(docker, name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toBe(
      `image ${name} is not present locally and Planbox never pulls on its own: docker pull ${name} or build it, then try again`,
    );
  });

  it('turns a failed pull into ImageUnavailableError when pulling is allowed', async () => {
    const name = `planbox-test/absent-${runId}:latest`;
    const error = await ensureImage(docker, name, { allowPull: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot pull ${name} \\(.+\\): check the name`));
  });

  it('builds the default image from resources/sandbox, and fails clearly without a registry', async () => {
    // This machine has no registry, so FROM debian:bookworm-slim cannot be fetched. Where the
    // default image already exists, ensureImage must just return it.
    if (await imageId(docker, DEFAULT_IMAGE)) {
      await expect(ensureImage(docker, DEFAULT_IMAGE)).resolves.toMatchObject({ built: false });
      return;
    }
    const lines: string[] = [];
    const error = await ensureImage(docker, DEFAULT_IMAGE, { onProgress: (l) => lines.push(l) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toBe(
      `cannot build ${DEFAULT_IMAGE}: no container registry is reachable to fetch its base image; name a local image in the plan's sandbox.image (e.g. planbox-test/busybox:latest from scripts/build-test-image.sh)`,
    );
    expect(lines.join('\n')).toContain('FROM debian:bookworm-slim');
    expect(await imageId(docker, DEFAULT_IMAGE)).toBeNull();
  });

  it('builds a missing image from a given Dockerfile folder once, reporting progress', async () => {
    const name = `planbox-test/built-${runId}:latest`;
    const dir = dockerfileDir('RUN echo built > /built-by-planbox');
    const lines: string[] = [];
    const first = await ensureImage(docker, name, { dockerfileDir: dir, onProgress: (l) => lines.push(l) });
    expect(first.built).toBe(true);
    expect(first.id).toMatch(/^sha256:/);
    expect(lines.some((l) => l.includes('RUN echo built'))).toBe(true);
    await expect(ensureImage(docker, name, { dockerfileDir: dir })).resolves.toEqual({ id: first.id, built: false });
  });

  it('reports a failing Dockerfile step with the engine reason and leaves no container', async () => {
    const name = `planbox-test/broken-${runId}:latest`;
    const error = await ensureImage(docker, name, { dockerfileDir: dockerfileDir('RUN exit 3') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toMatch(
      /^cannot build planbox-test\/broken-\w+:latest from \S+Dockerfile \(.*exit 3.*non-zero code: 3\): fix the Dockerfile/,
    );
    expect(await imageId(docker, name)).toBeNull();
    expect((await leftovers()).containers).toBe(0);
  });

  it('stops a build that goes quiet, and the engine removes its container', async () => {
    const name = `planbox-test/stalled-${runId}:latest`;
    const dir = dockerfileDir('RUN sleep 30');
    const error = await ensureImage(docker, name, { dockerfileDir: dir, stallTimeoutMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toContain('the engine printed nothing for 1 s and was stopped');
    expect(await imageId(docker, name)).toBeNull();
    // The engine cancels the build when the client goes away; its RUN container goes soon after.
    for (let i = 0; i < 300 && (await leftovers()).containers > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect((await leftovers()).containers).toBe(0);
  });
});
