import type { SnapshotRow } from '../store';
import type { EngineDeps } from './engine-deps';

/** The snapshots a plan still needs: its head and every ancestor back to the base. */
function liveChain(deps: EngineDeps, planId: string): Set<string> {
  const live = new Set<string>();
  const row = deps.plans.findById(planId);
  for (let id = row?.headSnapshotId ?? null; id && !live.has(id);) {
    live.add(id);
    id = deps.runs.snapshot(id)?.parentId ?? null;
  }
  if (row?.baseSnapshotId) live.add(row.baseSnapshotId);
  return live;
}

/** Removes snapshot images children first, so no removal trips over a dependent image. */
async function removeSnapshots(
  deps: EngineDeps,
  snapshots: SnapshotRow[],
): Promise<{ removed: number; failed: string[] }> {
  const ordered = [...snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.depth - a.depth);
  const { removed, failed } = await deps.sandbox().removeImages(ordered.map((s) => s.imageId));
  const gone = new Set(removed);
  deps.store.transaction(() =>
    ordered.filter((s) => gone.has(s.imageId)).forEach((s) => deps.runs.deleteSnapshot(s.id)),
  );
  return { removed: removed.length, failed: failed.map((f) => `${f.id}: ${f.reason}`) };
}

/** Frees snapshots no longer on the plan's chain (the steps a rollback undid). */
export async function collectGarbage(deps: EngineDeps, planId: string): Promise<{ removed: number; failed: string[] }> {
  const live = liveChain(deps, planId);
  return removeSnapshots(
    deps,
    deps.runs.snapshots(planId).filter((s) => !live.has(s.id)),
  );
}

/** Frees every snapshot of a plan (before the plan is deleted). */
export async function removePlanSnapshots(
  deps: EngineDeps,
  planId: string,
): Promise<{ removed: number; failed: string[] }> {
  return removeSnapshots(deps, deps.runs.snapshots(planId));
}
