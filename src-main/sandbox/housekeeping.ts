import type Dockerode from 'dockerode';
import { engineReason } from './errors';
import { LABELS } from './types';

/** Snapshot images and containers Planbox made, found by label, for recovery, GC and disk budgets. */

export interface ManagedImage {
  id: string;
  labels: Record<string, string>;
  /** Seconds since the epoch. */
  created: number;
  /** Bytes of the whole image, its parents' layers included. */
  size: number;
  /** The local image it was committed from; '' for imported or flattened images. */
  parentId: string;
  tags: string[];
}

export interface ManagedContainer {
  id: string;
  labels: Record<string, string>;
  /** created, running, exited, ... */
  state: string;
  /** Seconds since the epoch. */
  created: number;
  image: string;
  name: string;
}

export interface RemovalReport {
  removed: string[];
  failed: { id: string; reason: string }[];
}

function labelFilter(planId?: string): string[] {
  return [`${LABELS.managed}=true`, ...(planId ? [`${LABELS.plan}=${planId}`] : [])];
}

function isManaged(labels: Record<string, string> | null | undefined, planId?: string | readonly string[]): boolean {
  if (labels?.[LABELS.managed] !== 'true') return false;
  if (planId === undefined) return true;
  return typeof planId === 'string' ? labels[LABELS.plan] === planId : planId.includes(labels[LABELS.plan] ?? '');
}

/**
 * Every managed image, oldest first (a parent before its child, also when both were committed in
 * the same second, the engine's resolution). `all` matters: a snapshot with a later snapshot
 * committed on top counts as an "intermediate" image, which the default listing hides.
 */
export async function listManagedImages(docker: Dockerode, planId?: string): Promise<ManagedImage[]> {
  const images = await docker.listImages({ all: true, filters: { label: labelFilter(planId) } });
  const parentOf = new Map(images.map((image) => [image.Id, image.ParentId ?? '']));
  const ancestors = (id: string): number => {
    let count = 0;
    for (let p = parentOf.get(id); p && parentOf.has(p); p = parentOf.get(p)) count += 1;
    return count;
  };
  return images
    .map((image) => ({
      id: image.Id,
      labels: image.Labels ?? {},
      created: image.Created,
      size: image.Size,
      parentId: image.ParentId ?? '',
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    }))
    .sort((a, b) => a.created - b.created || ancestors(a.id) - ancestors(b.id));
}

/** Every managed container, running or not, oldest first. */
export async function listManagedContainers(docker: Dockerode, planId?: string): Promise<ManagedContainer[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: labelFilter(planId) } });
  return containers
    .map((container) => ({
      id: container.Id,
      labels: container.Labels ?? {},
      state: container.State,
      created: container.Created,
      image: container.ImageID,
      name: (container.Names?.[0] ?? '').replace(/^\//, ''),
    }))
    .sort((a, b) => a.created - b.created);
}

/**
 * Removes images without force: one still needed (a later snapshot built on it, a container using
 * it, several tags) is reported with the engine's reason and kept. Children go before their
 * parents, so a chain listed whole goes whole. `noprune`: by default the engine also deletes a
 * removed image's untagged parents, which for a snapshot chain would be every earlier snapshot of
 * the plan. An id that is already gone counts as removed.
 */
export async function removeImages(docker: Dockerode, ids: string[]): Promise<RemovalReport> {
  const report: RemovalReport = { removed: [], failed: [] };
  for (const id of await childrenFirst(docker, [...new Set(ids)])) {
    try {
      await docker.getImage(id).remove({ force: false, noprune: true });
      report.removed.push(id);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) report.removed.push(id);
      else report.failed.push({ id, reason: engineReason(error) });
    }
  }
  return report;
}

/** Orders ids so that every image comes before its parent (by the chain, not the clock: commits can share a second). */
async function childrenFirst(docker: Dockerode, ids: string[]): Promise<string[]> {
  const parentOf = new Map<string, string>();
  const fullId = new Map<string, string>();
  for (const id of ids) {
    const info = await docker
      .getImage(id)
      .inspect()
      .catch(() => null);
    fullId.set(id, info?.Id ?? id);
    if (info) parentOf.set(info.Id, info.Parent);
  }
  const depth = (id: string): number => {
    let count = 0;
    for (let p = parentOf.get(id); p && parentOf.has(p); p = parentOf.get(p)) count += 1;
    return count;
  };
  return [...ids].sort((a, b) => depth(fullId.get(b)!) - depth(fullId.get(a)!));
}

/** Removes containers, running or not (force), with their anonymous volumes. Gone already counts as removed. */
export async function removeContainers(docker: Dockerode, ids: string[]): Promise<RemovalReport> {
  const report: RemovalReport = { removed: [], failed: [] };
  for (const id of new Set(ids)) {
    try {
      await docker.getContainer(id).remove({ force: true, v: true });
      report.removed.push(id);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) report.removed.push(id);
      else report.failed.push({ id, reason: engineReason(error) });
    }
  }
  return report;
}

/**
 * The disk the plan's snapshots (or all of Planbox's) take beyond the images they start from.
 * Every snapshot is a commit, and a commit adds exactly one layer on top of its parent, so a
 * snapshot's own bytes are its size minus its parent's; summing those counts each layer once. A
 * snapshot with no local parent (a flattened one) counts whole, as its layers are its own. Not
 * counted: the sandbox image itself (shared with every plan) and the writable layers of
 * containers. docker.df()'s SharedSize cannot give this: inside a chain every layer but the top
 * one is "shared" with the next snapshot, so size minus shared would miss almost everything.
 */
export async function snapshotDiskUsage(
  docker: Dockerode,
  planId?: string | readonly string[],
): Promise<{ images: number; bytes: number }> {
  const all = await docker.listImages({ all: true });
  const sizeOf = new Map(all.map((image) => [image.Id, image.Size]));
  const managed = all.filter((image) => isManaged(image.Labels, planId));
  const bytes = managed.reduce((sum, image) => {
    const parentSize = image.ParentId ? (sizeOf.get(image.ParentId) ?? 0) : 0;
    return sum + Math.max(0, image.Size - parentSize);
  }, 0);
  return { images: managed.length, bytes };
}

/** Everything Planbox keeps for one plan (its containers, then its snapshot images), for deleting a plan. */
export async function removePlanResources(docker: Dockerode, planId: string): Promise<RemovalReport> {
  const containers = await removeContainers(
    docker,
    (await listManagedContainers(docker, planId)).map((c) => c.id),
  );
  const images = await removeImages(
    docker,
    (await listManagedImages(docker, planId)).map((i) => i.id),
  );
  return { removed: [...containers.removed, ...images.removed], failed: [...containers.failed, ...images.failed] };
}
