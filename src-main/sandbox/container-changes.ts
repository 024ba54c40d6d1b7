import type Dockerode from 'dockerode';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import type { FileChange } from './types';
import { LABELS, WORKSPACE_DIR } from './types';

/** Text is shown only up to this size; larger files are flagged tooLarge. */
export const TEXT_LIMIT_BYTES = 256 * 1024;
/** A NUL byte in this much of the start makes a file binary (git's rule of thumb). */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** One non-directory entry read from a container's filesystem. */
export interface ContainerEntry {
  /** Absolute path in the container. */
  path: string;
  type: 'file' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** The whole content of a regular file no larger than the read's maxBytes; otherwise null. */
  content: Buffer | null;
  /** The first bytes of a regular file, for the binary check. */
  head: Buffer;
  /** A symlink's target. */
  linkTarget: string | null;
}

/**
 * Reads a path out of a container (running or not) with one getArchive. A directory yields every
 * file under it when `descend`, and nothing otherwise (the read stops at its first header).
 * Returns null when the path does not exist.
 */
export async function readContainerPath(
  container: Dockerode.Container,
  path: string,
  options: { maxBytes: number; descend: boolean; signal?: AbortSignal },
): Promise<ContainerEntry[] | null> {
  let archive: Readable;
  try {
    archive = (await container.getArchive({
      path,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    })) as Readable;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
  const entries: ContainerEntry[] = [];
  const extract = tar.extract();
  const parent = posix.dirname(path);
  const reading = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      if (header.type === 'directory') {
        entry.resume();
        if (!options.descend) break;
        continue;
      }
      const type = header.type === 'file' ? 'file' : header.type === 'symlink' ? 'symlink' : 'other';
      const size = header.size ?? 0;
      const keepAll = type === 'file' && size <= options.maxBytes;
      const chunks: Buffer[] = [];
      let headBytes = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        if (keepAll || headBytes < BINARY_SNIFF_BYTES) chunks.push(chunk);
        headBytes += chunk.length;
      }
      const data = Buffer.concat(chunks);
      entries.push({
        path: posix.join(parent, header.name.replace(/\/$/, '')),
        type,
        mode: header.mode ?? 0o644,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        size,
        content: keepAll ? data : null,
        head: data.subarray(0, BINARY_SNIFF_BYTES),
        linkTarget: type === 'symlink' ? (header.linkname ?? '') : null,
      });
    }
  })();
  // Stopping early (a directory not descended) ends the extract; the archive is then not needed.
  await Promise.all([pipeline(archive, extract).catch(() => undefined), reading.finally(() => archive.destroy())]);
  return entries;
}

/**
 * `docker diff` of a container. With no changes the engine answers JSON `null`, which dockerode
 * hands back unparsed (a Buffer holding "null"), so both shapes are read here.
 */
export async function containerDiff(container: Dockerode.Container): Promise<{ Path: string; Kind: number }[]> {
  const raw: unknown = await container.changes();
  if (Array.isArray(raw)) return raw as { Path: string; Kind: number }[];
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : 'null';
  return (JSON.parse(text.trim() || 'null') as { Path: string; Kind: number }[] | null) ?? [];
}

/** `docker diff` sorted into workspace paths (absolute) with their kind and other changed paths. */
export function sortContainerChanges(diff: { Path: string; Kind: number }[]): {
  workspace: { path: string; kind: 'modified' | 'added' | 'deleted' }[];
  outside: string[];
} {
  // A directory listed only because a child changed is not a change to report; the child is.
  const parents = new Set<string>();
  for (const { Path } of diff) {
    for (let dir = posix.dirname(Path); dir !== '/' && !parents.has(dir); dir = posix.dirname(dir)) parents.add(dir);
  }
  const kinds = ['modified', 'added', 'deleted'] as const;
  const workspace = new Map<string, (typeof kinds)[number]>();
  const outside: string[] = [];
  for (const { Path: path, Kind } of diff) {
    if (parents.has(path)) continue;
    if (path.startsWith(`${WORKSPACE_DIR}/`)) workspace.set(path, kinds[Kind] ?? 'modified');
    else if (path !== WORKSPACE_DIR && !isEngineNoise(path) && !outside.includes(path)) outside.push(path);
  }
  return { workspace: [...workspace].map(([path, kind]) => ({ path, kind })), outside };
}

const NOISE_TREES = ['/proc', '/sys', '/dev', '/run'];
/** Files the engine itself puts in every container (init binary mount point, network files). */
const NOISE_FILES = [
  '/sbin/docker-init',
  '/.dockerenv',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/hostname',
  '/etc/mtab',
];

function isEngineNoise(path: string): boolean {
  return NOISE_FILES.includes(path) || NOISE_TREES.some((tree) => path === tree || path.startsWith(`${tree}/`));
}

/**
 * The workspace files a step changed, with their text before (from the parent snapshot, read
 * through one probe container that is never started) and after (from the stopped step container).
 */
export async function collectWorkspaceChanges(
  docker: Dockerode,
  container: Dockerode.Container,
  parentImageId: string,
  changed: { path: string; kind: 'modified' | 'added' | 'deleted' }[],
  probeLabels: Record<string, string>,
): Promise<FileChange[]> {
  let probe: Dockerode.Container | undefined;
  const parentSide = async (path: string, descend: boolean) => {
    probe ??= await docker.createContainer({
      Image: parentImageId,
      Cmd: ['true'],
      Entrypoint: [],
      Labels: { ...probeLabels, [LABELS.kind]: 'probe' },
      HostConfig: { NetworkMode: 'none' },
    });
    return readContainerPath(probe, path, { maxBytes: TEXT_LIMIT_BYTES, descend });
  };
  const changes = new Map<string, FileChange>();
  try {
    for (const { path, kind } of changed) {
      // A deleted directory is listed alone: its files are found in the parent.
      const after = kind === 'deleted' ? [] : await readContainerPath(container, path, readOptions(kind));
      const before = kind === 'added' ? [] : await parentSide(path, kind === 'deleted');
      for (const change of pairEntries(before ?? [], after ?? [])) changes.set(change.path, change);
    }
  } finally {
    await probe?.remove({ force: true }).catch(() => undefined);
  }
  return [...changes.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function readOptions(kind: 'modified' | 'added') {
  // A modified directory (its mode or times) is not descended: its changed files are listed too.
  return { maxBytes: TEXT_LIMIT_BYTES, descend: kind === 'added' };
}

function pairEntries(before: ContainerEntry[], after: ContainerEntry[]): FileChange[] {
  const byPath = new Map<string, { before?: ContainerEntry; after?: ContainerEntry }>();
  for (const entry of before) byPath.set(entry.path, { before: entry });
  for (const entry of after) byPath.set(entry.path, { ...byPath.get(entry.path), after: entry });
  const result: FileChange[] = [];
  for (const [path, pair] of byPath) {
    if (!path.startsWith(`${WORKSPACE_DIR}/`) || sameFile(pair.before, pair.after)) continue;
    const sides = [pair.before, pair.after].filter((side) => side !== undefined);
    // A symlink has no text to show (its target is in linkTarget): it counts as binary.
    const binary = sides.some((side) => side.type !== 'file' || side.head.includes(0));
    const tooLarge = sides.some((side) => side.type === 'file' && side.size > TEXT_LIMIT_BYTES);
    const text = (side?: ContainerEntry) =>
      side && !binary && !tooLarge && side.content ? side.content.toString('utf8') : null;
    const change: FileChange = {
      path: posix.relative(WORKSPACE_DIR, path),
      kind: !pair.before ? 'added' : !pair.after ? 'deleted' : 'modified',
      before: text(pair.before),
      after: text(pair.after),
      binary,
      tooLarge,
      mode: { before: permissions(pair.before), after: permissions(pair.after) },
    };
    if (sides.some((side) => side.type === 'symlink')) {
      change.linkTarget = { before: pair.before?.linkTarget ?? null, after: pair.after?.linkTarget ?? null };
    }
    result.push(change);
  }
  return result;
}

function permissions(entry?: ContainerEntry): number | null {
  return entry ? entry.mode & 0o7777 : null;
}

/** A touch (new mtime, same bytes and mode) is not a change worth reviewing. */
function sameFile(before?: ContainerEntry, after?: ContainerEntry): boolean {
  if (!before || !after || before.type !== 'file' || after.type !== 'file') return false;
  if (before.mode !== after.mode || !before.content || !after.content) return false;
  return before.content.equals(after.content);
}
