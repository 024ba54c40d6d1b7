import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { connectDocker } from './docker-connection';
import { WorkspaceImportError } from './errors';
import { listManagedContainers, listManagedImages, removePlanResources } from './housekeeping';
import { forEachEntry } from './tar';
import { LABELS, type ImportWorkspaceResult } from './types';
import { formatBytes, importWorkspace } from './workspace-import';
import { readWorkspaceFiles, type WorkspaceFile } from './workspace-files';

const TEST_IMAGE = 'planbox-test/busybox:latest';
const GB = 1024 ** 3;
const docker = connectDocker();
const planId = `test-import-${randomUUID().slice(0, 8)}`;
const dirs: ReturnType<typeof makeTempDir>[] = [];

function tree(files: Record<string, string | Buffer>): string {
  const dir = makeTempDir('planbox-ws-');
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true });
    writeFileSync(join(dir.path, path), content);
  }
  return dir.path;
}

const request = (hostPath: string, overrides: Partial<Parameters<typeof importWorkspace>[1]> = {}) => ({
  planId,
  image: TEST_IMAGE,
  hostPath,
  exclude: [],
  maxBytes: GB,
  ...overrides,
});

/** Over the 1 MiB the importer reads whole: this one streams. */
const large = Buffer.from(Array.from({ length: 2.5 * 1024 * 1024 }, (_, i) => i % 251));
const longName = `${'nested-folder-with-a-long-name/'.repeat(4)}file-whose-whole-path-is-over-one-hundred-bytes.txt`;

beforeAll(() => {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
});

afterAll(async () => {
  await removePlanResources(docker, planId);
  for (const dir of dirs) dir.cleanup();
});

describe('importWorkspace', () => {
  let root: string;
  let result: ImportWorkspaceResult;
  let files: Map<string, WorkspaceFile>;

  beforeAll(async () => {
    root = tree({
      '.gitignore': '*.log\nbuild/\n/secret.txt\n',
      '.planboxignore': 'local-only/\n!keep.log\n',
      'a.txt': 'hello\n',
      'debug.log': 'ignored by .gitignore\n',
      'keep.log': 'brought back by .planboxignore\n',
      'secret.txt': 'anchored pattern: only the root one is ignored\n',
      'build/out.js': 'ignored folder\n',
      'local-only/x': 'ignored by .planboxignore\n',
      'excluded-by-plan/y': 'ignored by the request\n',
      'notes.tmp': 'ignored by the request\n',
      'src/.gitignore': 'generated/\n!important.log\n',
      'src/main.ts': 'export {};\n',
      'src/generated/g.ts': 'ignored by the nested .gitignore\n',
      'src/important.log': 'the nested negation wins over the root *.log\n',
      'src/other.log': 'still ignored by the root *.log\n',
      'src/secret.txt': 'not the root one: kept\n',
      'src/deep/.planboxignore': '*.bak\n',
      'src/deep/f.bak': 'ignored by the nested .planboxignore\n',
      'src/deep/f.ts': 'kept\n',
      'src/deep/f2.bak.txt': 'kept\n',
      '.git/config': '[core]\n',
      'vendored/.git': 'gitdir: ../.git/modules/vendored\n',
      'vendored/lib.c': 'int x;\n',
      'with space.txt': 'spaces\n',
      'ünïcødé-ファイル.txt': 'unicode\n',
      'run.sh': '#!/bin/sh\necho run\n',
      [longName]: 'long\n',
      'large.bin': large,
    });
    chmodSync(join(root, 'run.sh'), 0o755);
    mkdirSync(join(root, 'empty-dir'));
    symlinkSync('a.txt', join(root, 'link-inside'));
    symlinkSync('src', join(root, 'link-dir'));
    symlinkSync('../main.ts', join(root, 'src/deep/up'));
    symlinkSync('missing.txt', join(root, 'dangling-inside'));
    symlinkSync('/etc/passwd', join(root, 'link-etc'));
    symlinkSync('../outside', join(root, 'link-escape'));
    symlinkSync('../../../x', join(root, 'src/deep/escape'));
    result = await importWorkspace(docker, request(root, { exclude: ['excluded-by-plan/', '*.tmp'] }));
    files = await readWorkspaceFiles(docker, result.snapshot.imageId);
  });

  it('copies what git would track, with nested ignore files, .planboxignore and the plan excludes', () => {
    const regular = [...files].filter(([, f]) => f.type === 'file').map(([path]) => path);
    expect(regular.sort()).toEqual(
      [
        '.gitignore',
        '.planboxignore',
        'a.txt',
        'keep.log',
        'src/.gitignore',
        'src/main.ts',
        'src/important.log',
        'src/secret.txt',
        'src/deep/.planboxignore',
        'src/deep/f.ts',
        'src/deep/f2.bak.txt',
        'vendored/lib.c',
        'with space.txt',
        'ünïcødé-ファイル.txt',
        'run.sh',
        'large.bin',
        longName,
      ].sort(),
    );
    expect(files.get('empty-dir')).toMatchObject({ type: 'directory' });
    expect(files.has('.git')).toBe(false);
    expect(result.files).toBe(regular.length);
  });

  it('keeps symlinks that stay inside and skips the ones that leave, following none', () => {
    expect(files.get('link-inside')).toMatchObject({ type: 'symlink', linkTarget: 'a.txt' });
    expect(files.get('link-dir')).toMatchObject({ type: 'symlink', linkTarget: 'src' });
    expect(files.get('src/deep/up')).toMatchObject({ type: 'symlink', linkTarget: '../main.ts' });
    expect(files.get('dangling-inside')).toMatchObject({ type: 'symlink', linkTarget: 'missing.txt' });
    expect(result.skippedSymlinks.sort()).toEqual(['link-escape', 'link-etc', 'src/deep/escape']);
    expect([...files.keys()].some((path) => path.startsWith('link-dir/'))).toBe(false);
  });

  it('keeps content, names, modes and the manifest', () => {
    expect(files.get('ünïcødé-ファイル.txt')?.content?.toString()).toBe('unicode\n');
    expect(files.get('with space.txt')?.content?.toString()).toBe('spaces\n');
    expect(files.get(longName)?.content?.toString()).toBe('long\n');
    expect(files.get('large.bin')?.content?.equals(large)).toBe(true);
    expect(result.manifest['large.bin']).toEqual({
      size: large.length,
      sha256: createHash('sha256').update(large).digest('hex'),
    });
    expect(files.get('run.sh')?.mode).toBe(0o755);
    expect(files.get('a.txt')?.mode).toBe(0o644);
    expect(result.manifest['a.txt']).toEqual({ size: 6, sha256: createHash('sha256').update('hello\n').digest('hex') });
    expect(Object.keys(result.manifest).sort()).toEqual(
      [...files]
        .filter(([, f]) => f.type === 'file')
        .map(([p]) => p)
        .sort(),
    );
    expect(result.bytes).toBe(Object.values(result.manifest).reduce((sum, e) => sum + e.size, 0));
  });

  it('writes every entry owned by root', async () => {
    const container = await docker.createContainer({ Image: result.snapshot.imageId, Cmd: ['true'] });
    try {
      const owners = new Set<string>();
      await forEachEntry(await container.getArchive({ path: '/workspace' }), ({ header }) => {
        owners.add(`${header.uid}:${header.gid}`);
      });
      expect([...owners]).toEqual(['0:0']);
    } finally {
      await container.remove({ force: true });
    }
  });

  it('commits a labelled depth-0 snapshot that keeps the image config, and removes its container', async () => {
    expect(result.snapshot.depth).toBe(0);
    const image = await docker.getImage(result.snapshot.imageId).inspect();
    expect(image.Config.Labels).toMatchObject({
      [LABELS.managed]: 'true',
      [LABELS.plan]: planId,
      [LABELS.kind]: 'base',
      [LABELS.depth]: '0',
    });
    expect(image.Config.WorkingDir).toBe('/workspace');
    expect(image.Config.Cmd).toEqual(['/bin/sh']);
    expect(await listManagedContainers(docker, planId)).toEqual([]);
  });

  it('refuses a folder over the limit before creating anything', async () => {
    const otherPlan = `${planId}-limit`;
    const big = tree({ 'a.bin': 'x'.repeat(3000), 'b.bin': 'y'.repeat(2000) });
    const error = await importWorkspace(docker, request(big, { planId: otherPlan, maxBytes: 4096 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkspaceImportError);
    expect((error as Error).message).toBe(
      `workspace ${big} is 4.9 KB, over the 4 KB import limit; add ignore rules in .planboxignore or raise the sandbox.maxWorkspaceMb setting`,
    );
    expect(await listManagedContainers(docker, otherPlan)).toEqual([]);
    expect(await listManagedImages(docker, otherPlan)).toEqual([]);
  });

  it('imports an empty folder', async () => {
    const empty = await importWorkspace(docker, request(tree({})));
    expect(empty).toMatchObject({ files: 0, bytes: 0, manifest: {}, skippedSymlinks: [] });
    expect((await readWorkspaceFiles(docker, empty.snapshot.imageId)).size).toBe(0);
  });

  it('names a missing folder and an unusable image', async () => {
    await expect(importWorkspace(docker, request('/nonexistent/planbox-ws'))).rejects.toThrow(
      "workspace /nonexistent/planbox-ws is not a folder: check the plan's workspace path",
    );
    const error = await importWorkspace(
      docker,
      request(tree({ 'a.txt': 'a' }), { image: `planbox-test/absent-${planId}` }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceImportError);
    expect((error as Error).message).toMatch(
      /^cannot create a container from image planbox-test\/absent-\S+ to import \S+ \(.*No such image.*\): check the plan's sandbox.image$/,
    );
    expect(await listManagedContainers(docker, planId)).toEqual([]);
  });

  it('imports 20,000 small files', async () => {
    const dir = makeTempDir('planbox-ws-many-');
    dirs.push(dir);
    let bytes = 0;
    for (let d = 0; d < 200; d += 1) {
      mkdirSync(join(dir.path, `d${d}`));
      for (let f = 0; f < 100; f += 1) {
        const content = `file ${d}/${f}\n`;
        writeFileSync(join(dir.path, `d${d}`, `f${f}.txt`), content);
        bytes += content.length;
      }
    }
    const many = await importWorkspace(docker, request(dir.path));
    expect(many.files).toBe(20_000);
    expect(many.bytes).toBe(bytes);
    expect(Object.keys(many.manifest)).toHaveLength(20_000);
    expect(many.manifest['d199/f99.txt']?.sha256).toBe(createHash('sha256').update('file 199/99\n').digest('hex'));
    const sample = await readWorkspaceFiles(docker, many.snapshot.imageId, { paths: ['d0/f0.txt', 'd123/f45.txt'] });
    expect(sample.get('d123/f45.txt')?.content?.toString()).toBe('file 123/45\n');
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect(formatBytes(2.1 * GB)).toBe('2.1 GB');
    expect(formatBytes(GB)).toBe('1 GB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatBytes(900)).toBe('900 bytes');
  });
});
