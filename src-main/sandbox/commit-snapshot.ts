import type Dockerode from 'dockerode';
import type { SnapshotRef } from './types';
import { LABELS } from './types';

/** Stops a container; one already stopped is fine. Init (tini) makes this return at once. */
export async function stopContainer(container: Dockerode.Container): Promise<void> {
  try {
    await container.stop({ t: 5 });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}

/** The parts of an image's config a snapshot keeps. */
export type ImageConfig = Pick<
  Dockerode.ImageInspectInfo['Config'],
  'Env' | 'Cmd' | 'Entrypoint' | 'WorkingDir' | 'User' | 'Labels' | 'ExposedPorts' | 'Volumes'
>;

export async function imageConfig(docker: Dockerode, imageId: string): Promise<ImageConfig> {
  const { Config } = await docker.getImage(imageId).inspect();
  return Config;
}

/**
 * Commits a step container as the next snapshot and removes the container.
 *
 * The commit is given the parent image's config explicitly: without one, `docker commit` takes the
 * container's config, i.e. the keep-alive `sleep` as Cmd, the step's user and labels. Even with one
 * the engine fills empty fields from the container (measured on 20.10: an empty User became the
 * step's user), so a root parent's User is written as "0", which means the same.
 */
export async function commitSnapshot(
  docker: Dockerode,
  container: Dockerode.Container,
  from: SnapshotRef,
  labels: Record<string, string>,
): Promise<SnapshotRef> {
  await stopContainer(container);
  const parent = await imageConfig(docker, from.imageId);
  const { Config: running } = await container.inspect();
  const depth = from.depth + 1;
  const config = {
    Env: parent.Env ?? [],
    Cmd: parent.Cmd ?? null,
    Entrypoint: parent.Entrypoint ?? null,
    WorkingDir: parent.WorkingDir ?? '',
    User: parent.User || (running.User ? '0' : ''),
    ExposedPorts: parent.ExposedPorts ?? {},
    Volumes: parent.Volumes ?? {},
    Labels: { ...parent.Labels, ...labels, [LABELS.kind]: 'step', [LABELS.depth]: String(depth) },
  };
  // dockerode sends the same options as query and body unless split: the config goes in the body.
  const committed = (await container.commit({
    _query: { container: container.id, pause: false },
    _body: config,
  } as object)) as { Id: string };
  await container.remove({ force: true, v: true });
  return { imageId: committed.Id, depth };
}
