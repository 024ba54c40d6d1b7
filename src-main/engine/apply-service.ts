import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ActorContext } from '../audit';
import type { SnapshotRow, StepAttemptRow } from '../store';
import type { FileChange, WorkspaceManifestEntry } from '../sandbox/types';
import { InvalidInputError } from '../domain/errors';
import type { EngineDeps } from './engine-deps';
import type { WorkspaceFile } from './sandbox-port';

export interface ApplyEntry {
  path: string;
  action: 'write' | 'delete' | 'unchanged';
  /** Why the file is not written: the host copy changed since the import. */
  conflict: string | null;
  forced: boolean;
}

export interface ApplyReport {
  planId: string;
  workspace: string;
  dryRun: boolean;
  entries: ApplyEntry[];
  written: string[];
  deleted: string[];
  conflicts: { path: string; reason: string }[];
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** What the plan changed, and writing it back to the host folder. */
export class ApplyService {
  constructor(private readonly deps: EngineDeps) {}

  /** One step's recorded changes, or the cumulative change from the base to the head. */
  async diff(
    ref: string | undefined,
    stepId?: string,
  ): Promise<{ planId: string; from: string; to: string; changes: FileChange[] }> {
    const row = this.deps.resolver.resolve(ref);
    if (stepId) {
      const attempt: StepAttemptRow | undefined = this.deps.runs.lastAttempt(row.id, stepId, 'completed');
      if (!attempt)
        throw new InvalidInputError(
          `step '${stepId}' of '${row.name}' has not completed in the sandbox; there is no diff to show`,
        );
      return {
        planId: row.id,
        from: attempt.fromSnapshotId ?? '',
        to: attempt.snapshotId ?? '',
        changes: JSON.parse(attempt.changes ?? '[]') as FileChange[],
      };
    }
    const { base, head } = this.snapshots(row.id, row.name);
    const changes = base.id === head.id ? [] : await this.deps.sandbox().diffSnapshots(base.imageId, head.imageId);
    return { planId: row.id, from: base.id, to: head.id, changes };
  }

  async apply(
    ref: string | undefined,
    options: { dryRun: boolean; force: string[]; only?: string[] },
    context: ActorContext,
  ): Promise<ApplyReport> {
    const row = this.deps.resolver.resolve(ref);
    if (!row.workspacePath)
      throw new InvalidInputError(
        `plan '${row.name}' has no workspace folder to apply to; it ran on an empty workspace`,
      );
    if (this.deps.runs.activeRun(row.id))
      throw new InvalidInputError(`plan '${row.name}' is running a step; wait for it or cancel it before applying`);
    const workspace = row.workspacePath;
    const { base, head } = this.snapshots(row.id, row.name);
    const manifest = JSON.parse(this.deps.runs.snapshotManifest(base.id) ?? '{}') as Record<
      string,
      WorkspaceManifestEntry
    >;
    let changes = base.id === head.id ? [] : await this.deps.sandbox().diffSnapshots(base.imageId, head.imageId);
    if (options.only?.length) {
      const unknown = options.only.filter((p) => !changes.some((c) => c.path === p));
      if (unknown.length)
        throw new InvalidInputError(
          `the plan did not change ${unknown.join(', ')}; see what it changed with: planbox plan diff`,
        );
      changes = changes.filter((c) => options.only!.includes(c.path));
    }
    const unknownForce = options.force.filter((p) => !changes.some((c) => c.path === p));
    if (unknownForce.length)
      throw new InvalidInputError(`--force names ${unknownForce.join(', ')}, which the plan did not change`);
    const files = await this.deps.sandbox().readFiles(
      head.imageId,
      changes.filter((c) => c.kind !== 'deleted').map((c) => c.path),
    );
    const entries = changes.map((change) =>
      this.plan(workspace, change, files.get(change.path), manifest[change.path], options.force),
    );
    const report: ApplyReport = {
      planId: row.id,
      workspace,
      dryRun: options.dryRun,
      entries,
      written: entries.filter((e) => e.action === 'write' && (!e.conflict || e.forced)).map((e) => e.path),
      deleted: entries.filter((e) => e.action === 'delete' && (!e.conflict || e.forced)).map((e) => e.path),
      conflicts: entries.filter((e) => e.conflict && !e.forced).map((e) => ({ path: e.path, reason: e.conflict! })),
    };
    if (options.dryRun) return report;
    for (const entry of entries) {
      if (entry.conflict && !entry.forced) continue;
      if (entry.action === 'write') writeHostFile(workspace, entry.path, files.get(entry.path)!);
      if (entry.action === 'delete') rmSync(hostPath(workspace, entry.path), { force: true });
    }
    this.deps.store.transaction(() =>
      this.deps.audit.append(context, {
        type: 'plan.applied',
        planId: row.id,
        payload: {
          workspace,
          headSnapshotId: head.id,
          written: report.written,
          deleted: report.deleted,
          conflicts: report.conflicts,
          forced: options.force,
        },
      }),
    );
    this.deps.events.emit('plan.changed', { planId: row.id, reason: 'plan.applied' });
    return report;
  }

  private snapshots(planId: string, name: string): { base: SnapshotRow; head: SnapshotRow } {
    const row = this.deps.plans.findById(planId)!;
    const base = row.baseSnapshotId ? this.deps.runs.snapshot(row.baseSnapshotId) : undefined;
    const head = row.headSnapshotId ? this.deps.runs.snapshot(row.headSnapshotId) : undefined;
    if (!base || !head)
      throw new InvalidInputError(
        `plan '${name}' has not run in the sandbox yet; run a step first (planbox plan next)`,
      );
    return { base, head };
  }

  /** Decides one file: write, delete or nothing, and whether the host copy moved since the import. */
  private plan(
    workspace: string,
    change: FileChange,
    file: WorkspaceFile | undefined,
    imported: WorkspaceManifestEntry | undefined,
    force: string[],
  ): ApplyEntry {
    const target = hostPath(workspace, change.path);
    const host = existsSync(target) || isLink(target) ? hostDigest(target) : null;
    const wanted = change.kind === 'deleted' ? null : file ? digestOf(file) : null;
    const action = change.kind === 'deleted' ? 'delete' : 'write';
    if (host === wanted) return { path: change.path, action: 'unchanged', conflict: null, forced: false };
    if (file?.type === 'symlink' && escapes(workspace, target, file.linkTarget ?? '')) {
      return {
        path: change.path,
        action,
        conflict: `it is a symlink to '${file.linkTarget}', outside the workspace; it is never applied`,
        forced: false,
      };
    }
    let conflict: string | null = null;
    if (change.kind === 'added' && host !== null) conflict = 'the file was created in the workspace after the import';
    if (change.kind !== 'added' && host === null) conflict = 'the file was deleted in the workspace after the import';
    if (change.kind !== 'added' && host !== null && imported && host !== imported.sha256)
      conflict = 'the file was changed in the workspace after the import';
    return { path: change.path, action, conflict, forced: conflict !== null && force.includes(change.path) };
  }
}

function escapes(workspace: string, linkPath: string, linkTarget: string): boolean {
  const rel = relative(workspace, resolve(dirname(linkPath), linkTarget));
  return rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function hostDigest(path: string): string {
  if (isLink(path)) return `link:${readlinkSync(path)}`;
  return lstatSync(path).isDirectory() ? 'directory' : sha256(readFileSync(path));
}

function digestOf(file: WorkspaceFile): string {
  if (file.type === 'symlink') return `link:${file.linkTarget}`;
  return file.type === 'directory' ? 'directory' : sha256(file.content ?? Buffer.alloc(0));
}

/** A path inside the workspace; refuses anything that would land outside it. */
function hostPath(workspace: string, path: string): string {
  const target = resolve(workspace, path);
  const rel = relative(workspace, target);
  if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel))
    throw new InvalidInputError(`refusing to apply '${path}': it is outside the workspace`);
  return target;
}

/** Written to a temporary file first and renamed, so a crash never leaves a half-written file. */
function writeHostFile(workspace: string, path: string, file: WorkspaceFile): void {
  const target = hostPath(workspace, path);
  mkdirSync(dirname(target), { recursive: true });
  if (file.type === 'directory') return void mkdirSync(target, { recursive: true });
  if (existsSync(target) || isLink(target)) unlinkSync(target);
  if (file.type === 'symlink') return void symlinkSync(file.linkTarget!, target);
  const temporary = join(dirname(target), `.planbox-apply-${process.pid}-${Date.now()}`);
  writeFileSync(temporary, file.content ?? Buffer.alloc(0));
  chmodSync(temporary, file.mode & 0o777);
  renameSync(temporary, target);
}
