import type Dockerode from 'dockerode';
import { LABELS, WORKSPACE_DIR, type RunStepRequest } from './types';

/** The labels of everything a step makes (its container, its snapshot); `kind` differs. */
export function stepLabels(request: RunStepRequest, kind: 'step' | 'probe' | 'flattened'): Record<string, string> {
  return {
    [LABELS.managed]: 'true',
    [LABELS.plan]: request.planId,
    [LABELS.step]: request.stepId,
    [LABELS.attempt]: String(request.attempt),
    [LABELS.kind]: kind,
  };
}

/**
 * limits.env as exec environment. It is given to each exec, not to the container: `docker commit`
 * merges the container's Env into the image config (measured on 20.10: a container-only SECRET=x
 * came back in the committed image's Env), and a step's environment must not end up in a snapshot.
 */
export function execEnv(request: RunStepRequest): string[] {
  return Object.entries(request.limits.env).map(([name, value]) => `${name}=${value}`);
}

/**
 * The container a step runs in: created from the previous snapshot, kept alive by a sleep so the
 * action and each acceptance check run as execs in the same filesystem, and locked down.
 * Nothing from the host is mounted; the workspace is already inside the image.
 */
export function stepContainerOptions(request: RunStepRequest): Dockerode.ContainerCreateOptions {
  const memoryBytes = Math.round(request.limits.memoryMb * 1024 * 1024);
  return {
    Image: request.from.imageId,
    // sleep dies on the SIGTERM tini forwards, so `docker stop` returns at once; the largest value
    // every sleep accepts (busybox has no `infinity`).
    Cmd: ['sleep', '2147483647'],
    Entrypoint: [],
    WorkingDir: WORKSPACE_DIR,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(request.limits.user ? { User: request.limits.user } : {}),
    Labels: stepLabels(request, 'step'),
    HostConfig: {
      Init: true,
      NetworkMode: request.network ? 'bridge' : 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: request.limits.pidsLimit,
      Memory: memoryBytes,
      // Equal to Memory: no swap, so a memory hog meets the OOM killer instead of thrashing the disk.
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(request.limits.cpus * 1e9),
      Binds: [],
      Mounts: [],
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    },
  };
}
