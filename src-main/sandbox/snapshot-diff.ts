import type Dockerode from 'dockerode';
import { createHash } from 'node:crypto';
import type { FileChange } from './types';
import { forEachWorkspaceEntry, readWorkspaceFiles, type WorkspaceEntry } from './workspace-files';

export const DEFAULT_MAX_TEXT_BYTES = 256 * 1024;
/** Git's rule: a NUL byte in the first 8 KiB makes a file binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** What a snapshot holds at one path, without its content. */
interface Digest {
  type: 'file' | 'symlink';
  mode: number;
  size: number;
  sha256?: string;
  binary?: boolean;
  linkTarget?: string;
}

/**
 * The cumulative change between two snapshots of one plan, file by file (folders are implied by
 * their files), sorted by path. Files compare by sha256 and permission bits, symlinks by target.
 * Text before/after is given for files up to maxTextBytes that are valid UTF-8 without a NUL in
 * their first 8 KiB; anything else is `binary` or `tooLarge`, and apply reads its bytes itself.
 *
 * Cost: both workspaces are streamed once (hashing, bounded memory); then only the changed text
 * files of the older snapshot are read again for their "before" text.
 */
export async function diffSnapshots(
  docker: Dockerode,
  fromImageId: string,
  toImageId: string,
  options: { maxTextBytes?: number } = {},
): Promise<FileChange[]> {
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const before = await scan(docker, fromImageId, 0);
  const after = new Map<string, Digest>();
  const afterText = new Map<string, Buffer>();
  // The newer snapshot's content is kept while hashing, and only for paths that turn out changed.
  await scanInto(docker, toImageId, maxTextBytes, after, (path, digest, content) => {
    if (content && !sameDigest(before.get(path), digest)) afterText.set(path, content);
  });

  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((path) => !sameDigest(before.get(path), after.get(path)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // "before" text is read again, for changed paths only; "after" text too where the scan could not
  // keep it (a hard link to a file seen earlier carries no content of its own).
  const needBefore = changed.filter((path) => isTextCandidate(before.get(path), maxTextBytes));
  const needAfter = changed.filter((path) => isTextCandidate(after.get(path), maxTextBytes) && !afterText.has(path));
  const beforeFiles = await readWorkspaceFiles(docker, fromImageId, { paths: needBefore });
  for (const [path, file] of await readWorkspaceFiles(docker, toImageId, { paths: needAfter })) {
    if (file.content) afterText.set(path, file.content);
  }

  return changed.map((path) => {
    const from = before.get(path);
    const to = after.get(path);
    const beforeText = decodeText(from, beforeFiles.get(path)?.content, maxTextBytes);
    const afterTextValue = decodeText(to, afterText.get(path), maxTextBytes);
    const change: FileChange = {
      path,
      kind: !from ? 'added' : !to ? 'deleted' : 'modified',
      before: beforeText.text,
      after: afterTextValue.text,
      binary: beforeText.binary || afterTextValue.binary,
      tooLarge: beforeText.tooLarge || afterTextValue.tooLarge,
      mode: { before: from?.mode ?? null, after: to?.mode ?? null },
    };
    if (from?.type === 'symlink' || to?.type === 'symlink') {
      change.linkTarget = { before: from?.linkTarget ?? null, after: to?.linkTarget ?? null };
    }
    return change;
  });
}

async function scan(docker: Dockerode, imageId: string, keepBytes: number): Promise<Map<string, Digest>> {
  const digests = new Map<string, Digest>();
  await scanInto(docker, imageId, keepBytes, digests, () => undefined);
  return digests;
}

/** Hashes every file and symlink; `onFile` sees the content of files up to keepBytes. */
async function scanInto(
  docker: Dockerode,
  imageId: string,
  keepBytes: number,
  digests: Map<string, Digest>,
  onFile: (path: string, digest: Digest, content: Buffer | null) => void,
): Promise<void> {
  await forEachWorkspaceEntry(docker, imageId, undefined, async (entry) => {
    if (entry.type === 'directory') return;
    if (entry.type === 'symlink') {
      digests.set(entry.path, { type: 'symlink', mode: entry.mode, size: 0, linkTarget: entry.linkTarget ?? '' });
      return;
    }
    const shared = entry.sameAs ? digests.get(entry.sameAs) : undefined;
    const { digest, content } = shared
      ? { digest: { ...shared, mode: entry.mode }, content: null }
      : await digestFile(entry, keepBytes);
    digests.set(entry.path, digest);
    onFile(entry.path, digest, content);
  });
}

async function digestFile(
  entry: WorkspaceEntry,
  keepBytes: number,
): Promise<{ digest: Digest; content: Buffer | null }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  let binary = false;
  for await (const chunk of entry.body) {
    if (size < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - size).includes(0)) binary = true;
    size += chunk.length;
    hash.update(chunk);
    if (size <= keepBytes) chunks.push(chunk);
  }
  const content = size <= keepBytes && !binary ? Buffer.concat(chunks) : null;
  return { digest: { type: 'file', mode: entry.mode, size, sha256: hash.digest('hex'), binary }, content };
}

function sameDigest(a: Digest | undefined, b: Digest | undefined): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.mode === b.mode && a.sha256 === b.sha256 && a.linkTarget === b.linkTarget;
}

function isTextCandidate(digest: Digest | undefined, maxTextBytes: number): boolean {
  return digest?.type === 'file' && !digest.binary && digest.size <= maxTextBytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One side's text, or why there is none. Invalid UTF-8 counts as binary: text would not round-trip. */
function decodeText(
  digest: Digest | undefined,
  content: Buffer | undefined | null,
  maxTextBytes: number,
): { text: string | null; binary: boolean; tooLarge: boolean } {
  if (digest?.type !== 'file') return { text: null, binary: false, tooLarge: false };
  if (digest.binary) return { text: null, binary: true, tooLarge: false };
  if (digest.size > maxTextBytes) return { text: null, binary: false, tooLarge: true };
  // Both snapshots are immutable images, so a text file's content cannot have gone missing.
  if (!content) throw new Error('internal: the content of a changed text file was not read');
  try {
    return { text: utf8.decode(content), binary: false, tooLarge: false };
  } catch {
    return { text: null, binary: true, tooLarge: false };
  }
}
