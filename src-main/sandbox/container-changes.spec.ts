import { describe, expect, it } from 'vitest';
import { sortContainerChanges } from './container-changes';

describe('sortContainerChanges', () => {
  it('reports changed files, not the folders that hold them, and drops what the engine adds itself', () => {
    const sorted = sortContainerChanges([
      { Path: '/sbin', Kind: 0 },
      { Path: '/sbin/docker-init', Kind: 1 },
      { Path: '/etc', Kind: 0 },
      { Path: '/etc/hosts', Kind: 0 },
      { Path: '/tmp', Kind: 0 },
      { Path: '/tmp/x', Kind: 1 },
      { Path: '/proc', Kind: 0 },
      { Path: '/workspace', Kind: 0 },
      { Path: '/workspace/a.txt', Kind: 0 },
      { Path: '/workspace/src', Kind: 0 },
      { Path: '/workspace/src/new.ts', Kind: 1 },
      { Path: '/workspace/src-old', Kind: 2 },
      { Path: '/workspace/empty', Kind: 1 },
      { Path: '/workspace/a.txt', Kind: 0 },
    ]);
    expect(sorted.workspace).toEqual([
      { path: '/workspace/a.txt', kind: 'modified' },
      { path: '/workspace/src/new.ts', kind: 'added' },
      { path: '/workspace/src-old', kind: 'deleted' },
      { path: '/workspace/empty', kind: 'added' },
    ]);
    expect(sorted.outside).toEqual(['/tmp/x']);
  });

  it('tells a folder from a sibling that shares its name as a prefix', () => {
    const sorted = sortContainerChanges([
      { Path: '/workspace/a', Kind: 0 },
      { Path: '/workspace/a-b', Kind: 1 },
      { Path: '/workspace/a/x', Kind: 1 },
    ]);
    expect(sorted.workspace.map((change) => change.path)).toEqual(['/workspace/a-b', '/workspace/a/x']);
  });
});
