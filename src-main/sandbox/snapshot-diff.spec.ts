import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type Dockerode from 'dockerode';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { connectDocker } from './docker-connection';
import { removePlanResources } from './housekeeping';
import { diffSnapshots } from './snapshot-diff';
import { LABELS, type FileChange } from './types';
import { importWorkspace } from './workspace-import';

const docker = connectDocker();
const planId = `test-diff-${randomUUID().slice(0, 8)}`;
let dir: ReturnType<typeof makeTempDir>;
let base: string;
let head: string;
let changes: FileChange[];

/**
 * A step's snapshot made the plain way: run a shell script in a container from `image`, commit it.
 * Kind 'test', not 'step': startup recovery (run by other test files on this engine) removes step
 * containers of plans it has no run for.
 */
async function commitScript(from: string, script: string): Promise<string> {
  const container: Dockerode.Container = await docker.createContainer({
    Image: from,
    Cmd: ['sh', '-ec', script],
    WorkingDir: '/workspace',
    Labels: { [LABELS.managed]: 'true', [LABELS.plan]: planId, [LABELS.kind]: 'test' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    expect(StatusCode).toBe(0);
    return ((await container.commit({ changes: [`LABEL ${LABELS.depth}=1`] })) as { Id: string }).Id;
  } finally {
    await container.remove({ force: true });
  }
}

beforeAll(async () => {
  execFileSync('bash', ['scripts/build-test-image.sh'], { stdio: 'pipe' });
  dir = makeTempDir('planbox-diff-');
  const file = (path: string, content: string | Buffer) => writeFileSync(join(dir.path, path), content);
  file('same.txt', 'same\n');
  file('modify.txt', 'old\n');
  file('delete.txt', 'bye\n');
  file('mode.sh', '#!/bin/sh\n');
  file('becomes-link.txt', 'x');
  file('big.txt', 'a'.repeat(300 * 1024));
  file('bin.dat', Buffer.from([1, 0, 2]));
  file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1: no NUL, not UTF-8
  file('bom.txt', '\uFEFFbom\n');
  file('hardsrc.txt', 'hard\n');
  mkdirSync(join(dir.path, 'dir'));
  file('dir/nested.txt', 'nested\n');
  chmodSync(join(dir.path, 'mode.sh'), 0o644);
  symlinkSync('same.txt', join(dir.path, 'link'));
  const imported = await importWorkspace(docker, {
    planId,
    image: 'planbox-test/busybox:latest',
    hostPath: dir.path,
    exclude: [],
    maxBytes: 1 << 20,
  });
  base = imported.snapshot.imageId;
  head = await commitScript(
    base,
    [
      'echo new >> modify.txt',
      'rm delete.txt',
      'chmod 755 mode.sh',
      'ln -sfn modify.txt link',
      'rm becomes-link.txt && ln -s same.txt becomes-link.txt',
      'echo more >> big.txt',
      "printf '\\001' >> bin.dat",
      "printf 'x' >> latin1.txt",
      'echo more >> bom.txt',
      'rm -r dir',
      'echo added > added.txt',
      'mkdir -p new/deep && echo n > new/deep/n.txt',
      'ln hardsrc.txt zz-hardlink.txt',
      'touch empty-new.txt',
      'touch same.txt',
    ].join('\n'),
  );
  changes = await diffSnapshots(docker, base, head);
});

afterAll(async () => {
  await removePlanResources(docker, planId);
  dir?.cleanup();
});

const change = (path: string) => changes.find((c) => c.path === path);
const text = { binary: false, tooLarge: false };

describe('diffSnapshots', () => {
  it('lists every changed path once, sorted, and nothing that only got a new mtime', () => {
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'added added.txt',
      'modified becomes-link.txt',
      'modified big.txt',
      'modified bin.dat',
      'modified bom.txt',
      'deleted delete.txt',
      'deleted dir/nested.txt',
      'added empty-new.txt',
      'modified latin1.txt',
      'modified link',
      'modified mode.sh',
      'modified modify.txt',
      'added new/deep/n.txt',
      'added zz-hardlink.txt',
    ]);
  });

  it('gives text before and after for text files', () => {
    expect(change('modify.txt')).toMatchObject({ before: 'old\n', after: 'old\nnew\n', ...text });
    expect(change('added.txt')).toMatchObject({ before: null, after: 'added\n', ...text });
    expect(change('delete.txt')).toMatchObject({ before: 'bye\n', after: null, ...text });
    expect(change('empty-new.txt')).toMatchObject({ before: null, after: '', ...text });
    expect(change('bom.txt')).toMatchObject({ before: '\uFEFFbom\n', after: '\uFEFFbom\nmore\n' });
    expect(change('zz-hardlink.txt')).toMatchObject({ after: 'hard\n', ...text });
  });

  it('gives no text for binary, non-UTF-8 or too large files', () => {
    expect(change('bin.dat')).toMatchObject({ before: null, after: null, binary: true, tooLarge: false });
    expect(change('latin1.txt')).toMatchObject({ before: null, after: null, binary: true });
    expect(change('big.txt')).toMatchObject({ before: null, after: null, binary: false, tooLarge: true });
  });

  it('compares symlinks by target and reports permission changes', () => {
    expect(change('link')).toMatchObject({
      before: null,
      after: null,
      linkTarget: { before: 'same.txt', after: 'modify.txt' },
    });
    expect(change('becomes-link.txt')).toMatchObject({
      before: 'x',
      after: null,
      linkTarget: { before: null, after: 'same.txt' },
    });
    expect(change('mode.sh')).toMatchObject({
      before: '#!/bin/sh\n',
      after: '#!/bin/sh\n',
      mode: { before: 0o644, after: 0o755 },
    });
    expect(change('modify.txt')?.linkTarget).toBeUndefined();
  });

  it('honours maxTextBytes, and finds nothing between a snapshot and itself', async () => {
    const small = await diffSnapshots(docker, base, head, { maxTextBytes: 4 });
    expect(small.find((c) => c.path === 'modify.txt')).toMatchObject({ before: 'old\n', after: null, tooLarge: true });
    expect(await diffSnapshots(docker, head, head)).toEqual([]);
  });

  it('reverses: head to base swaps added and deleted', async () => {
    const back = await diffSnapshots(docker, head, base);
    expect(back.find((c) => c.path === 'added.txt')).toMatchObject({ kind: 'deleted', before: 'added\n', after: null });
    expect(back.find((c) => c.path === 'dir/nested.txt')).toMatchObject({ kind: 'added', after: 'nested\n' });
    expect(back).toHaveLength(changes.length);
  });
});
