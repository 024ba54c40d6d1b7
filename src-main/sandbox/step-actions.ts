import type Dockerode from 'dockerode';
import { applyPatch, parsePatch, type StructuredPatch } from 'diff';
import { posix } from 'node:path';
import * as tar from 'tar-stream';
import { execForText, runExec, type ExecStream } from './container-exec';
import { readContainerPath } from './container-changes';
import { SandboxError, engineReason } from './errors';
import type { ContainerTools, FailureKind, StepAction } from './types';
import { WORKSPACE_DIR } from './types';

/** A step that failed for a reason with a kind (the result's failure); the message is one line. */
export class StepFailure extends SandboxError {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** The largest file a patch step reads and rewrites. */
const PATCH_LIMIT_BYTES = 16 * 1024 * 1024;

export interface ActionContext {
  container: Dockerode.Container;
  env: string[];
  signal: AbortSignal;
  onData: (stream: ExecStream, data: Buffer) => void;
  /** What an agent action works through; made by the step runner for agent steps. */
  tools?: ContainerTools;
}

/** Carries out a step's action in its running container; resolves with the exit code (0 if no command). */
export async function performAction(context: ActionContext, action: StepAction): Promise<number> {
  switch (action.type) {
    case 'shell':
      return runExec(context.container, {
        cmd: ['sh', '-c', action.command],
        env: context.env,
        signal: context.signal,
        onData: context.onData,
      });
    case 'write':
      await writeFile(context, action.path, Buffer.from(action.content, 'utf8'));
      return 0;
    case 'patch':
      await patchFile(context, action.path, action.patch);
      return 0;
    case 'delete':
      await deleteFile(context, action.path);
      return 0;
    case 'none':
      return 0;
    case 'agent': {
      if (!context.tools) throw new SandboxError('an agent action needs the container tools; this is a bug in Planbox');
      const result = await action.run(context.tools, context.signal);
      // A stop (timeout, cancel) during the agent's work is the step's stop, whatever the agent said.
      context.signal.throwIfAborted();
      if (!result.ok) throw new StepFailure('agent', result.reason ?? 'the agent did not finish its task');
      return 0;
    }
  }
}

/**
 * The absolute path of a workspace-relative one. Plan validation already refuses paths that leave
 * the workspace; this refuses them again so a bug there cannot write over the container's system.
 */
export function resolveWorkspacePath(path: string): string {
  const resolved = posix.resolve(WORKSPACE_DIR, path);
  if (!resolved.startsWith(`${WORKSPACE_DIR}/`)) {
    throw new StepFailure('error', `path '${path}' leaves ${WORKSPACE_DIR}; a step may only change files inside it`);
  }
  return resolved;
}

/** Creates or replaces a workspace file as the step's user (an existing file keeps its mode and owner). */
export async function writeFile(
  context: Pick<ActionContext, 'container' | 'env' | 'signal'>,
  path: string,
  content: Buffer,
): Promise<void> {
  const target = resolveWorkspacePath(path);
  // An existing file keeps its mode and owner (an executable script stays executable).
  const read = { maxBytes: 0, descend: false, signal: context.signal };
  const existing = (await readContainerPath(context.container, target, read))?.[0];
  const owner = existing?.type === 'file' ? existing : await prepareNewFile(context, path, target);
  await putFile(context, target, content, owner);
}

async function patchFile(context: ActionContext, path: string, patchText: string): Promise<void> {
  const target = resolveWorkspacePath(path);
  const patch = parseSingleFilePatch(path, patchText);
  const entries = await readContainerPath(context.container, target, {
    maxBytes: PATCH_LIMIT_BYTES,
    descend: false,
    signal: context.signal,
  });
  const current = entries?.[0];
  const createsFile = patch.oldFileName === '/dev/null';
  if (!current && !createsFile) {
    throw new StepFailure('exit', `patch for ${path} cannot apply: there is no such file in the workspace`);
  }
  if (current && (current.type !== 'file' || current.content === null)) {
    const why = current.type === 'file' ? 'it is larger than 16 MiB' : 'it is not a regular file';
    throw new StepFailure('exit', `patch for ${path} cannot apply: ${why}`);
  }
  const source = current?.content?.toString('utf8') ?? '';
  const patched = applyPatch(source, patch);
  if (patched === false) {
    const hunk = firstFailingHunk(source, patch);
    const where = patch.hunks[hunk - 1];
    const header = where ? ` (@@ -${where.oldStart},${where.oldLines} +${where.newStart},${where.newLines} @@)` : '';
    throw new StepFailure(
      'exit',
      `patch for ${path} does not apply at hunk ${hunk}${header}: its context or removed lines are not in the file; regenerate the patch against the current file`,
    );
  }
  const owner = current ?? (await prepareNewFile(context, path, target));
  await putFile(context, target, Buffer.from(patched, 'utf8'), owner);
}

function parseSingleFilePatch(path: string, patchText: string): StructuredPatch {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(patchText);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StepFailure('exit', `patch for ${path} cannot be read (${reason}); give a unified diff`);
  }
  const withHunks = patches.filter((patch) => patch.hunks.length > 0);
  if (withHunks.length !== 1) {
    const found = withHunks.length === 0 ? 'no hunks' : `changes to ${withHunks.length} files`;
    throw new StepFailure('exit', `patch for ${path} has ${found}; a patch step holds one file's unified diff`);
  }
  return withHunks[0]!;
}

/** jsdiff only says "does not apply": the first hunk whose prefix of the patch fails is the culprit. */
function firstFailingHunk(source: string, patch: StructuredPatch): number {
  for (let count = 1; count <= patch.hunks.length; count++) {
    if (applyPatch(source, { ...patch, hunks: patch.hunks.slice(0, count) }) === false) return count;
  }
  return patch.hunks.length;
}

async function deleteFile(context: ActionContext, path: string): Promise<void> {
  const target = resolveWorkspacePath(path);
  // Checked in the container, as the step's user: a missing file is a failed step, not a no-op.
  const script =
    '[ -e "$1" ] || [ -L "$1" ] || { echo "no such file" >&2; exit 3; }; ' +
    '[ -d "$1" ] && [ ! -L "$1" ] && { echo "it is a directory" >&2; exit 4; }; rm -f -- "$1"';
  const result = await execForText(context.container, {
    cmd: ['sh', '-c', script, 'delete', target],
    env: context.env,
    signal: context.signal,
  });
  if (result.exitCode === 3)
    throw new StepFailure('exit', `delete of ${path} failed: there is no such file in the workspace`);
  if (result.exitCode === 4) throw new StepFailure('exit', `delete of ${path} failed: it is a directory, not a file`);
  if (result.exitCode !== 0) {
    throw new StepFailure(
      'exit',
      `delete of ${path} failed: ${engineReason(result.stderr) || `rm exited with ${result.exitCode}`}`,
    );
  }
}

/**
 * For a file about to be created: missing parent folders are made by `mkdir -p` in the container,
 * as the step's user, so they get that user's ownership, and the user's uid and gid are read back
 * for the file. (The engine can chown an upload to the container's user itself, copyUIDGID, but
 * dockerd 20.10 looks a user name up in the host's passwd, not the container's.)
 */
async function prepareNewFile(
  context: Pick<ActionContext, 'container' | 'env' | 'signal'>,
  path: string,
  target: string,
) {
  const result = await execForText(context.container, {
    cmd: ['sh', '-c', 'mkdir -p -- "$1" && id -u && id -g', 'write', posix.dirname(target)],
    env: context.env,
    signal: context.signal,
  });
  const [uid, gid] = result.stdout.trim().split(/\s+/).map(Number);
  if (result.exitCode !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid)) {
    const reason = engineReason(result.stderr) || `mkdir or id exited with ${result.exitCode}`;
    throw new StepFailure('exit', `cannot create the folder for ${path}: ${reason}`);
  }
  return { mode: 0o644, uid: uid!, gid: gid! };
}

/** Uploads one file with the mode and owner given (the engine keeps the header's uid and gid). */
async function putFile(
  context: Pick<ActionContext, 'container' | 'signal'>,
  target: string,
  content: Buffer,
  owner: { mode: number; uid: number; gid: number },
): Promise<void> {
  const pack = tar.pack();
  pack.entry(
    { name: posix.basename(target), mode: owner.mode, uid: owner.uid, gid: owner.gid, mtime: new Date() },
    content,
  );
  pack.finalize();
  try {
    await context.container.putArchive(pack as unknown as NodeJS.ReadableStream, {
      path: posix.dirname(target),
      noOverwriteDirNonDir: true,
      abortSignal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw new StepFailure('exit', `writing ${posix.relative(WORKSPACE_DIR, target)} failed: ${engineReason(error)}`);
  }
}
