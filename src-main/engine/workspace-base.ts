import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanRow, SnapshotRow } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { ActorContext } from '../audit';
import { newId } from './ids';
import { setting, type EngineDeps } from './engine-deps';

/**
 * The plan's base snapshot: its workspace copied into the sandbox image, made on the first run.
 * The host folder is read once, here, and never mounted into a container.
 */
export async function ensureBaseSnapshot(
  deps: EngineDeps,
  row: PlanRow,
  definition: PlanDefinition,
  context: ActorContext,
): Promise<SnapshotRow> {
  const existing = row.baseSnapshotId ? deps.runs.snapshot(row.baseSnapshotId) : undefined;
  if (existing) return existing;
  const sandbox = deps.sandbox();
  await sandbox.ensureImage(definition.sandbox.image);
  // A plan without a workspace works on an empty folder; there is then nothing to apply back.
  const emptyDir = row.workspacePath ? null : mkdtempSync(join(tmpdir(), 'planbox-empty-'));
  try {
    const imported = await sandbox.importWorkspace({
      planId: row.id,
      image: definition.sandbox.image,
      hostPath: row.workspacePath ?? emptyDir!,
      exclude: definition.workspace?.exclude ?? [],
      maxBytes: setting(deps, 'maxWorkspaceMb') * 1024 * 1024,
    });
    const snapshot: SnapshotRow = {
      id: newId('snp'),
      planId: row.id,
      stepId: null,
      attempt: null,
      imageId: imported.snapshot.imageId,
      kind: 'base',
      parentId: null,
      depth: imported.snapshot.depth,
      manifest: JSON.stringify(imported.manifest),
      sizeBytes: imported.bytes,
      createdAt: deps.now(),
    };
    deps.store.transaction(() => {
      deps.runs.insertSnapshot(snapshot);
      deps.plans.update(row.id, { baseSnapshotId: snapshot.id, headSnapshotId: snapshot.id, updatedAt: deps.now() });
      deps.audit.append(context, {
        type: 'sandbox.workspace_imported',
        planId: row.id,
        payload: {
          snapshotId: snapshot.id,
          imageId: snapshot.imageId,
          image: definition.sandbox.image,
          workspace: row.workspacePath,
          files: imported.files,
          bytes: imported.bytes,
          skippedSymlinks: imported.skippedSymlinks,
          durationMs: Math.round(imported.durationMs),
        },
      });
    });
    return snapshot;
  } finally {
    if (emptyDir) rmSync(emptyDir, { recursive: true, force: true });
  }
}
