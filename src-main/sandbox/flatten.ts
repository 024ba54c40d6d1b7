import type Dockerode from 'dockerode';
import { isDeepStrictEqual } from 'node:util';
import { imageConfig, type ImageConfig } from './commit-snapshot';
import { SandboxError } from './errors';
import type { SnapshotRef } from './types';
import { LABELS } from './types';

/**
 * Depth at which a snapshot chain is squashed into one layer. overlay2 refuses to stack more:
 * measured on dockerd 20.10, committing onto an image of 125 layers fails with "max depth exceeded"
 * (the busybox base has 1 layer, so that was the 125th commit). 100 leaves room for base images that
 * bring their own layers.
 */
export const FLATTEN_AT = 100;

/**
 * Squashes a snapshot into a single-layer image with the same files and config: export the
 * filesystem of a (never started) container, import it with the config restated as Dockerfile
 * changes, and check the config came through. The original image is left to the caller.
 */
export async function flattenSnapshot(
  docker: Dockerode,
  ref: SnapshotRef,
  labels: Record<string, string>,
): Promise<SnapshotRef> {
  const config = await imageConfig(docker, ref.imageId);
  const wanted: ImageConfig = {
    ...config,
    Labels: { ...config.Labels, ...labels, [LABELS.kind]: 'flattened', [LABELS.depth]: '0' },
  };
  const container = await docker.createContainer({
    Image: ref.imageId,
    Cmd: ['true'],
    Entrypoint: [],
    Labels: { ...labels, [LABELS.kind]: 'probe' },
    HostConfig: { NetworkMode: 'none' },
  });
  let imageId: string;
  try {
    const filesystem = await container.export();
    const progress = await docker.importImage(filesystem, {
      changes: dockerfileChanges(wanted),
      message: `planbox: flattened from ${ref.imageId}`,
    } as object);
    imageId = await importedImageId(progress as NodeJS.ReadableStream);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
  const differs = configDifference(wanted, await imageConfig(docker, imageId));
  if (differs) {
    await docker
      .getImage(imageId)
      .remove({ noprune: true })
      .catch(() => undefined);
    throw new SandboxError(
      `flattening snapshot ${ref.imageId.slice(0, 19)} lost its ${differs}; the step fails and the plan stays at its previous snapshot; report this as a bug`,
    );
  }
  return { imageId, depth: 0 };
}

/** An image config as the Dockerfile instructions `docker import --change` accepts. */
export function dockerfileChanges(config: ImageConfig): string[] {
  const changes: string[] = [];
  if (config.WorkingDir) changes.push(`WORKDIR ${quote(config.WorkingDir)}`);
  if (config.User) changes.push(`USER ${quote(config.User)}`);
  for (const entry of config.Env ?? []) {
    const split = entry.indexOf('=');
    changes.push(`ENV ${entry.slice(0, split)}=${quote(entry.slice(split + 1))}`);
  }
  // Exec (JSON) form: taken as is, no shell and no variable expansion.
  if (config.Entrypoint?.length) changes.push(`ENTRYPOINT ${JSON.stringify(config.Entrypoint)}`);
  if (config.Cmd?.length) changes.push(`CMD ${JSON.stringify(config.Cmd)}`);
  for (const [key, value] of Object.entries(config.Labels ?? {})) changes.push(`LABEL ${quote(key)}=${quote(value)}`);
  for (const port of Object.keys(config.ExposedPorts ?? {})) changes.push(`EXPOSE ${port}`);
  const volumes = Object.keys(config.Volumes ?? {});
  if (volumes.length) changes.push(`VOLUME ${JSON.stringify(volumes)}`);
  return changes;
}

/** Double-quoted for the Dockerfile lexer, with `$` escaped so nothing is expanded. */
function quote(value: string): string {
  return `"${value.replace(/[\\"$]/g, (char) => `\\${char}`)}"`;
}

async function importedImageId(progress: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of progress) text += chunk.toString();
  let imageId: string | undefined;
  for (const line of text.split(/\r?\n/).filter(Boolean)) {
    const message = JSON.parse(line) as { status?: string; error?: string };
    if (message.error) throw new SandboxError(`importing the flattened snapshot failed: ${message.error}`);
    if (message.status?.startsWith('sha256:')) imageId = message.status;
  }
  if (!imageId) throw new SandboxError('importing the flattened snapshot gave no image id; check the Docker engine');
  return imageId;
}

/** The first config field the import did not reproduce, or null when all came through. */
function configDifference(wanted: ImageConfig, got: ImageConfig): string | null {
  const fields = ['WorkingDir', 'User', 'Env', 'Entrypoint', 'Cmd', 'Labels'] as const;
  const empty = (value: unknown) =>
    value === undefined || value === null || value === '' || (typeof value === 'object' && !Object.keys(value).length);
  for (const field of fields) {
    const [a, b] = [wanted[field], got[field]];
    if (!(empty(a) && empty(b)) && !isDeepStrictEqual(a, b)) return field;
  }
  return null;
}
