import type Dockerode from 'dockerode';
import ignore, { type Ignore } from 'ignore';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile, readdir, readlink } from 'node:fs/promises';
import { once } from 'node:events';
import { posix, resolve } from 'node:path';
import { pack as tarPack, type Pack } from 'tar-stream';
import { WorkspaceImportError, engineReason } from './errors';
import { addEntry, type EntryHeader } from './tar';
import {
  LABELS,
  WORKSPACE_DIR,
  type ImportWorkspaceRequest,
  type ImportWorkspaceResult,
  type WorkspaceManifestEntry,
} from './types';

/**
 * Copies a host folder into a new image: the plan's base snapshot (depth 0). The folder is walked
 * without following symlinks and filtered like git would (nested .gitignore files, plus
 * .planboxignore and the plan's excludes); its size is checked before any container exists; then
 * the files stream into a created (never started) container as one tar, file by file, which is
 * committed and removed.
 */
export async function importWorkspace(
  docker: Dockerode,
  request: ImportWorkspaceRequest,
): Promise<ImportWorkspaceResult> {
  const started = performance.now();
  const root = resolve(request.hostPath);
  const walk = await walkWorkspace(root, request.exclude);
  if (walk.bytes > request.maxBytes) {
    throw new WorkspaceImportError(
      `workspace ${root} is ${formatBytes(walk.bytes)}, over the ${formatBytes(request.maxBytes)} import limit; add ignore rules in .planboxignore or raise the sandbox.maxWorkspaceMb setting`,
    );
  }

  const labels = { [LABELS.managed]: 'true', [LABELS.plan]: request.planId, [LABELS.kind]: 'base' };
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer({ Image: request.image, Labels: labels });
  } catch (error) {
    throw new WorkspaceImportError(
      `cannot create a container from image ${request.image} to import ${root} (${engineReason(error)}): check the plan's sandbox.image`,
      { cause: error },
    );
  }
  try {
    const pack = tarPack();
    // tar-stream's pack is a streamx Readable; it pipes like a Node stream, which is all putArchive does.
    const upload = container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: '/' });
    upload.catch((error: Error) => pack.destroy(error)); // a refused upload must not leave the writer waiting
    const writing = writeArchive(pack, walk.entries).catch((error: Error) => {
      pack.destroy(error);
      throw error;
    });
    const [, manifest] = await Promise.all([upload, writing]);
    const image = (await container.commit({
      comment: `planbox base snapshot of ${root}`,
      changes: [`LABEL ${LABELS.depth}=0`],
    })) as { Id: string };
    return {
      snapshot: { imageId: image.Id, depth: 0 },
      manifest,
      files: Object.keys(manifest).length,
      bytes: Object.values(manifest).reduce((sum, entry) => sum + entry.size, 0),
      skippedSymlinks: walk.skippedSymlinks,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof WorkspaceImportError) throw error;
    throw new WorkspaceImportError(`cannot import ${root} into the sandbox: ${engineReason(error)}`, { cause: error });
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

interface WalkEntry {
  /** Relative to the workspace, '/'-separated; '' for the workspace folder itself. */
  rel: string;
  abs: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  mtime: Date;
  linkTarget?: string;
}

interface Walk {
  entries: WalkEntry[];
  bytes: number;
  skippedSymlinks: string[];
}

/** The ignore files of one folder; `base` is that folder relative to the root ('' or 'a/b/'). */
interface Rules {
  base: string;
  matcher: Ignore;
}

const IGNORE_FILES = ['.gitignore', '.planboxignore'];
/** Git compares case-insensitively where the file system does (its core.ignorecase default). */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';
const LSTAT_BATCH = 64;

async function walkWorkspace(root: string, exclude: string[]): Promise<Walk> {
  const rootStat = await lstat(root).catch(() => null);
  if (!rootStat?.isDirectory()) {
    throw new WorkspaceImportError(`workspace ${root} is not a folder: check the plan's workspace path`);
  }
  const walk: Walk = { entries: [], bytes: 0, skippedSymlinks: [] };
  walk.entries.push({ rel: '', abs: root, type: 'directory', size: 0, mode: rootStat.mode, mtime: rootStat.mtime });
  // The plan's excludes come last, so no negation in an ignore file can bring back what the plan excludes.
  const excluded = ignore({ ignorecase: IGNORE_CASE }).add(exclude);
  await walkFolder(root, '', [], excluded, walk);
  return walk;
}

async function walkFolder(root: string, rel: string, parentRules: Rules[], excluded: Ignore, walk: Walk) {
  const abs = rel ? `${root}/${rel}` : root;
  const names = (await readdir(abs).catch((error) => unreadable(abs, error))).sort();
  // Deeper ignore files override shallower ones, and .planboxignore overrides .gitignore beside it.
  const rules = [...parentRules];
  for (const name of IGNORE_FILES) {
    if (!names.includes(name)) continue;
    // Only a regular file counts: a symlinked ignore file is not followed, like everything else.
    if (!(await lstat(`${abs}/${name}`).catch(() => null))?.isFile()) continue;
    const text = await readFile(`${abs}/${name}`, 'utf8').catch((error) => unreadable(`${abs}/${name}`, error));
    rules.push({ base: rel ? `${rel}/` : '', matcher: ignore({ ignorecase: IGNORE_CASE }).add(text) });
  }
  const candidates = names.filter((name) => name !== '.git');
  for (let i = 0; i < candidates.length; i += LSTAT_BATCH) {
    const batch = candidates.slice(i, i + LSTAT_BATCH);
    const stats = await Promise.all(
      batch.map((name) => lstat(`${abs}/${name}`).catch((e) => unreadable(`${abs}/${name}`, e))),
    );
    for (const [j, name] of batch.entries()) {
      const stat = stats[j]!;
      const childRel = rel ? `${rel}/${name}` : name;
      const childAbs = `${abs}/${name}`;
      const isDir = stat.isDirectory();
      if (isIgnored(childRel, isDir, rules, excluded)) continue;
      const base = { rel: childRel, abs: childAbs, size: 0, mode: stat.mode, mtime: stat.mtime };
      if (isDir) {
        walk.entries.push({ ...base, type: 'directory' });
        await walkFolder(root, childRel, rules, excluded, walk);
      } else if (stat.isFile()) {
        walk.entries.push({ ...base, type: 'file', size: stat.size });
        walk.bytes += stat.size;
      } else if (stat.isSymbolicLink()) {
        const target = await readlink(childAbs).catch((e) => unreadable(childAbs, e));
        if (staysInside(childRel, target)) walk.entries.push({ ...base, type: 'symlink', linkTarget: target });
        else walk.skippedSymlinks.push(childRel);
      }
      // Sockets, FIFOs and devices are not workspace content: left out.
    }
  }
}

function isIgnored(rel: string, isDir: boolean, rules: Rules[], excluded: Ignore): boolean {
  const path = isDir ? `${rel}/` : rel;
  let ignored = false;
  for (const { base, matcher } of [...rules, { base: '', matcher: excluded }]) {
    const result = matcher.test(path.slice(base.length));
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * A relative target that, read lexically from the link's folder, stays in the workspace. Absolute
 * targets name host paths that do not exist in the sandbox, so they are skipped too.
 */
function staysInside(rel: string, target: string): boolean {
  if (target === '' || posix.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target)) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(rel), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

const TAR_ROOT = WORKSPACE_DIR.replace(/^\/+/, '');
const SMALL_FILE = 1024 * 1024;
const READ_AHEAD = 16;

/**
 * Packs every entry in order, hashing file content on its way into the archive. Small files are
 * read a few ahead (bounded: READ_AHEAD x SMALL_FILE bytes) so the disk is busy while the engine
 * consumes; large files stream through.
 */
async function writeArchive(pack: Pack, entries: WalkEntry[]) {
  const manifest: Record<string, WorkspaceManifestEntry> = {};
  const reads = new Map<number, Promise<Buffer>>();
  const readAhead = (from: number) => {
    for (let j = from; j < Math.min(from + READ_AHEAD, entries.length); j += 1) {
      const entry = entries[j]!;
      if (entry.type !== 'file' || entry.size > SMALL_FILE || reads.has(j)) continue;
      const read = readRegularFile(entry.abs);
      read.catch(() => undefined); // awaited in turn below; this only stops an early failure counting as unhandled
      reads.set(j, read);
    }
  };
  for (const [i, entry] of entries.entries()) {
    const header = {
      name: entry.rel ? `${TAR_ROOT}/${entry.rel}` : TAR_ROOT,
      mode: entry.mode,
      mtime: entry.mtime,
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
    };
    if (entry.type === 'directory') await addEntry(pack, { ...header, type: 'directory' });
    else if (entry.type === 'symlink')
      await addEntry(pack, { ...header, type: 'symlink', linkname: entry.linkTarget! });
    else {
      readAhead(i);
      const small = reads.get(i);
      reads.delete(i);
      const hash = createHash('sha256');
      let size: number;
      if (small) {
        const content = await small.catch((error) => unreadable(entry.abs, error));
        hash.update(content);
        size = content.length;
        await addEntry(pack, { ...header, type: 'file', size }, content);
      } else {
        size = await streamFile(pack, { ...header, type: 'file', size: entry.size }, entry.abs, hash);
      }
      manifest[entry.rel] = { size, sha256: hash.digest('hex') };
    }
  }
  pack.finalize();
  return manifest;
}

/** Streams a large file into the archive; its size must still be the one the walk saw. */
async function streamFile(pack: Pack, header: EntryHeader, abs: string, hash: ReturnType<typeof createHash>) {
  let done!: Promise<void>;
  const sink = await new Promise<NodeJS.WritableStream>((resolveSink) => {
    done = new Promise((resolveDone, rejectDone) => {
      resolveSink(
        pack.entry(header, (error) => (error ? rejectDone(error) : resolveDone())) as unknown as NodeJS.WritableStream,
      );
    });
  });
  let written = 0;
  const file = await open(abs, NO_FOLLOW).catch((error) => unreadable(abs, error));
  try {
    for await (const chunk of file.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > header.size!) break;
      hash.update(chunk);
      if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
    }
  } catch (error) {
    unreadable(abs, error);
  } finally {
    await file.close();
  }
  if (written !== header.size) {
    throw new WorkspaceImportError(`${abs} changed while it was being imported: try again once it stops changing`);
  }
  sink.end();
  await done;
  return written;
}

/**
 * Opening without following symlinks: a file swapped for a link to a host secret between the walk
 * and the read fails (ELOOP) instead of copying the secret into the sandbox.
 */
const NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

async function readRegularFile(abs: string): Promise<Buffer> {
  const file = await open(abs, NO_FOLLOW);
  try {
    return await file.readFile();
  } finally {
    await file.close();
  }
}

function unreadable(path: string, error: unknown): never {
  const code = (error as { code?: string }).code ?? engineReason(error);
  if (code === 'ENOENT' || code === 'ELOOP') {
    throw new WorkspaceImportError(`${path} changed while it was being imported: try again once it stops changing`, {
      cause: error,
    });
  }
  throw new WorkspaceImportError(`cannot read ${path} (${code}): make it readable, or add it to .planboxignore`, {
    cause: error,
  });
}

/** 2.1 GB, 1 GB, 512 MB, 3.4 KB: binary units, as the sandbox.maxWorkspaceMb setting counts them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}
