import type Dockerode from 'dockerode';
import { posix } from 'node:path';
import type { Header } from 'tar-stream';
import { SandboxError, engineReason } from './errors';
import { forEachEntry, normalizeEntryName, readBody } from './tar';
import { LABELS, WORKSPACE_DIR } from './types';

export interface WorkspaceFile {
  type: 'file' | 'symlink' | 'directory';
  /** Permission bits (0o755), without the file type. */
  mode: number;
  /** Regular files only. */
  content?: Buffer;
  /** Symlinks only: the target as stored. */
  linkTarget?: string;
}

export interface WorkspaceEntry {
  /** Relative to the workspace, '/'-separated. */
  path: string;
  type: 'file' | 'symlink' | 'directory';
  mode: number;
  size: number;
  linkTarget?: string;
  /** A hard link the engine wrote as such: the earlier path whose content it shares (no body). */
  sameAs?: string;
  body: AsyncIterable<Buffer>;
}

/** Above this many paths one archive of the whole workspace, filtered, beats one request per path. */
const PER_PATH_REQUESTS = 64;

/**
 * The workspace as a snapshot holds it: every file, symlink and folder under /workspace (or under
 * `paths`, relative to it; paths that do not exist are left out), with content. Reads into memory:
 * ask for the paths you need.
 */
export async function readWorkspaceFiles(
  docker: Dockerode,
  imageId: string,
  options: { paths?: string[] } = {},
): Promise<Map<string, WorkspaceFile>> {
  const files = new Map<string, WorkspaceFile>();
  const collect = async (entry: WorkspaceEntry) => {
    const file: WorkspaceFile = { type: entry.type, mode: entry.mode };
    if (entry.type === 'symlink') file.linkTarget = entry.linkTarget ?? '';
    if (entry.type === 'file') {
      file.content = entry.sameAs ? files.get(entry.sameAs)?.content : ((await readBody(entry.body)) ?? undefined);
    }
    files.set(entry.path, file);
  };
  await forEachWorkspaceEntry(docker, imageId, options.paths, collect);
  // A hard link to a file outside the paths asked for arrives without content: fetch it on its own,
  // where the archive holds the file itself.
  const unresolved = [...files].filter(([, file]) => file.type === 'file' && !file.content).map(([path]) => path);
  for (let i = 0; i < unresolved.length; i += PER_PATH_REQUESTS) {
    await forEachWorkspaceEntry(docker, imageId, unresolved.slice(i, i + PER_PATH_REQUESTS), collect);
  }
  return files;
}

/** One regular file's content, or null when the snapshot has no regular file at that path. */
export async function readFileAt(docker: Dockerode, imageId: string, path: string): Promise<Buffer | null> {
  const file = (await readWorkspaceFiles(docker, imageId, { paths: [path] })).get(workspacePath(path));
  return file?.type === 'file' ? (file.content ?? null) : null;
}

/**
 * Streams a snapshot's workspace entry by entry (files, symlinks, folders; other kinds are
 * skipped), from a container that is created, never started, and always removed. Entries come in
 * archive order; a hard link's `sameAs` names an entry already seen.
 */
export async function forEachWorkspaceEntry(
  docker: Dockerode,
  imageId: string,
  paths: string[] | undefined,
  handler: (entry: WorkspaceEntry) => Promise<void> | void,
): Promise<void> {
  const wanted = paths?.map(workspacePath);
  if (wanted?.length === 0) return;
  let container: Dockerode.Container;
  try {
    // Cmd is set because the container is only a view on the image: it never runs, and images
    // without a command of their own cannot be created otherwise.
    container = await docker.createContainer({
      Image: imageId,
      Cmd: ['/bin/true'],
      Labels: { [LABELS.managed]: 'true', [LABELS.kind]: 'probe' },
    });
  } catch (error) {
    throw new SandboxError(
      `cannot open snapshot ${shortId(imageId)} (${engineReason(error)}): the snapshot image may have been removed`,
      {
        cause: error,
      },
    );
  }
  try {
    if (!wanted || wanted.includes('')) {
      await readArchive(container, '', handler);
    } else if (wanted.length > PER_PATH_REQUESTS) {
      const inside = (path: string) => wanted.some((w) => path === w || path.startsWith(`${w}/`));
      await readArchive(container, '', (entry) => (inside(entry.path) ? handler(entry) : undefined));
    } else {
      for (const path of [...new Set(wanted)]) await readArchive(container, path, handler);
    }
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Reads the archive of one workspace path; a path the snapshot lacks yields nothing. */
async function readArchive(
  container: Dockerode.Container,
  path: string,
  handler: (entry: WorkspaceEntry) => Promise<void> | void,
): Promise<void> {
  const absolute = path ? `${WORKSPACE_DIR}/${path}` : WORKSPACE_DIR;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path: absolute });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return;
    throw new SandboxError(`cannot read ${absolute} from a snapshot: ${engineReason(error)}`, { cause: error });
  }
  // Docker names entries after the requested path's last component: "workspace/a", or "b.txt".
  const archiveRoot = posix.basename(absolute);
  const toWorkspacePath = (name: string): string | null => {
    const normalized = normalizeEntryName(name);
    if (normalized === archiveRoot) return path;
    if (!normalized.startsWith(`${archiveRoot}/`)) return null;
    const rest = normalized.slice(archiveRoot.length + 1);
    return path ? `${path}/${rest}` : rest;
  };
  await forEachEntry(stream, async ({ header, body }) => {
    const entryPath = toWorkspacePath(header.name);
    const type = entryType(header);
    if (entryPath === null || entryPath === '' || !type) return;
    const entry: WorkspaceEntry = {
      path: entryPath,
      type,
      mode: (header.mode ?? 0) & 0o7777,
      size: header.size ?? 0,
      body,
    };
    if (header.type === 'symlink') entry.linkTarget = header.linkname ?? '';
    if (header.type === 'link' && header.linkname) entry.sameAs = toWorkspacePath(header.linkname) ?? undefined;
    await handler(entry);
  });
}

function entryType(header: Header): WorkspaceEntry['type'] | null {
  if (header.type === 'file' || header.type === 'contiguous-file' || header.type === 'link') return 'file';
  if (header.type === 'directory') return 'directory';
  if (header.type === 'symlink') return 'symlink';
  return null;
}

/** A caller's relative path, checked to stay inside the workspace: 'a/b', never '../x'. */
export function workspacePath(path: string): string {
  const normalized = posix.normalize(path.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (normalized === '.' || normalized === '') return '';
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new SandboxError(`path ${path} is outside the workspace: give a path relative to it`);
  }
  return normalized;
}

function shortId(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}
