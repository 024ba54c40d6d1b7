import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { connectDocker } from './docker-connection';
import { SandboxError } from './errors';
import { listManagedContainers, removePlanResources } from './housekeeping';
import { importWorkspace } from './workspace-import';
import { readFileAt, readWorkspaceFiles } from './workspace-files';

const docker = connectDocker();
const planId = `test-files-${randomUUID().slice(0, 8)}`;
let dir: ReturnType<typeof makeTempDir>;
let imageId: string;

beforeAll(async () => {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
  dir = makeTempDir('planbox-files-');
  mkdirSync(join(dir.path, 'src/lib'), { recursive: true });
  mkdirSync(join(dir.path, 'many'));
  writeFileSync(join(dir.path, 'README.md'), '# readme\n');
  writeFileSync(join(dir.path, 'src/main.ts'), 'main\n');
  writeFileSync(join(dir.path, 'src/lib/util.ts'), 'util\n');
  writeFileSync(join(dir.path, 'bin.dat'), Buffer.from([0, 1, 2, 255]));
  for (let i = 0; i < 80; i += 1) writeFileSync(join(dir.path, 'many', `m${i}.txt`), `m${i}\n`);
  symlinkSync('src/main.ts', join(dir.path, 'main-link'));
  const imported = await importWorkspace(docker, {
    planId,
    image: 'planbox-test/busybox:latest',
    hostPath: dir.path,
    exclude: [],
    maxBytes: 1 << 20,
  });
  imageId = imported.snapshot.imageId;
});

afterAll(async () => {
  await removePlanResources(docker, planId);
  dir?.cleanup();
});

describe('readWorkspaceFiles', () => {
  it('reads the whole workspace: files with content, symlinks with targets, folders', async () => {
    const files = await readWorkspaceFiles(docker, imageId);
    expect(files.get('README.md')).toEqual({ type: 'file', mode: 0o644, content: Buffer.from('# readme\n') });
    expect(files.get('bin.dat')?.content).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(files.get('main-link')).toEqual({ type: 'symlink', mode: 0o777, linkTarget: 'src/main.ts' });
    expect(files.get('src/lib')).toMatchObject({ type: 'directory', mode: 0o755 });
    expect(files.size).toBe(4 + 80 + 1 + 3); // files, many/*, symlink, folders (src, src/lib, many)
  });

  it('reads only the paths asked for, a folder with what it holds, skipping absent ones', async () => {
    const files = await readWorkspaceFiles(docker, imageId, { paths: ['src', 'README.md', 'nope.txt', './bin.dat/'] });
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'bin.dat',
      'src',
      'src/lib',
      'src/lib/util.ts',
      'src/main.ts',
    ]);
    expect(files.get('src/lib/util.ts')?.content?.toString()).toBe('util\n');
  });

  it('reads many paths through one archive with the same result', async () => {
    const paths = Array.from({ length: 70 }, (_, i) => `many/m${i}.txt`);
    const files = await readWorkspaceFiles(docker, imageId, { paths: [...paths, 'main-link'] });
    expect(files.size).toBe(71);
    expect(files.get('many/m69.txt')?.content?.toString()).toBe('m69\n');
    expect(files.has('many/m70.txt')).toBe(false);
    expect(files.get('main-link')?.linkTarget).toBe('src/main.ts');
  });

  it('refuses a path outside the workspace', async () => {
    await expect(readWorkspaceFiles(docker, imageId, { paths: ['../etc/passwd'] })).rejects.toThrow(
      'path ../etc/passwd is outside the workspace: give a path relative to it',
    );
  });

  it('names a snapshot that does not exist', async () => {
    const error = await readWorkspaceFiles(docker, 'sha256:' + '0'.repeat(64)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as Error).message).toMatch(
      /^cannot open snapshot 000000000000 \(.+\): the snapshot image may have been removed$/,
    );
  });

  it('leaves no container behind', async () => {
    expect(await listManagedContainers(docker, planId)).toEqual([]);
  });
});

describe('readFileAt', () => {
  it('gives a regular file, and null for anything else or nothing', async () => {
    expect((await readFileAt(docker, imageId, 'src/main.ts'))?.toString()).toBe('main\n');
    expect(await readFileAt(docker, imageId, 'missing.txt')).toBeNull();
    expect(await readFileAt(docker, imageId, 'src')).toBeNull();
    expect(await readFileAt(docker, imageId, 'main-link')).toBeNull();
  });
});
