import type Dockerode from 'dockerode';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImageUnavailableError, SandboxError, engineReason } from './errors';

/** The image steps run in when a plan names none; built locally from resources/sandbox/Dockerfile. */
export const DEFAULT_IMAGE = 'planbox/sandbox:latest';

export interface EnsureImageOptions {
  /**
   * Build a missing image from this folder's Dockerfile. The default image always has one (the
   * bundled resources/sandbox); any other image is built only when a folder is given.
   */
  dockerfileDir?: string;
  /** Pull a missing image that has no Dockerfile. Off by default: Planbox never pulls silently. */
  allowPull?: boolean;
  /** Each line of build or pull output, as it comes. */
  onProgress?: (line: string) => void;
  /**
   * Give up on a build or pull that prints nothing for this long. Measured here: with no registry
   * the engine fails a FROM in ~0.15 s (DNS lookup fails), but behind a firewall that drops packets
   * its dial timeout (30 s) and pull retries would hold the build for minutes without a word.
   * Real progress (apt output, layer downloads) never pauses this long.
   */
  stallTimeoutMs?: number;
}

const DEFAULT_STALL_TIMEOUT_MS = 90_000;

/** Makes sure `name` exists locally: its id, and whether this call built (or pulled) it. */
export async function ensureImage(
  docker: Dockerode,
  name: string,
  options: EnsureImageOptions = {},
): Promise<{ id: string; built: boolean }> {
  const existing = await imageId(docker, name);
  if (existing) return { id: existing, built: false };

  const dockerfileDir = options.dockerfileDir ?? (name === DEFAULT_IMAGE ? defaultDockerfileDir() : undefined);
  if (dockerfileDir) {
    await build(docker, name, dockerfileDir, options);
  } else if (options.allowPull) {
    await pull(docker, name, options);
  } else {
    throw new ImageUnavailableError(
      name,
      `image ${name} is not present locally and Planbox never pulls on its own: docker pull ${name} or build it, then try again`,
    );
  }
  const id = await imageId(docker, name);
  if (!id) throw new ImageUnavailableError(name, `image ${name} is still missing after building it: try again`);
  return { id, built: true };
}

/** The image's id, or null when the engine does not have it. */
export async function imageId(docker: Dockerode, name: string): Promise<string | null> {
  try {
    return (await docker.getImage(name).inspect()).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw new SandboxError(`cannot look up image ${name}: ${engineReason(error)}`, { cause: error });
  }
}

/** resources/sandbox, found by walking up from this file (built into out/, or the source tree). */
export function defaultDockerfileDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'resources', 'sandbox');
    if (existsSync(join(candidate, 'Dockerfile'))) return candidate;
    dir = dirname(dir);
  }
  throw new SandboxError('cannot find resources/sandbox/Dockerfile (the default sandbox image); reinstall Planbox');
}

const STALLED = 'the engine printed nothing for';
const LOCAL_EXAMPLE = 'planbox-test/busybox:latest from scripts/build-test-image.sh';
/** Errors the engine gives when it cannot reach a registry at all (as opposed to a bad name). */
const UNREACHABLE =
  /dial tcp|no such host|i\/o timeout|TLS handshake timeout|connection refused|network is unreachable|no route to host|Client\.Timeout|name resolution/i;

async function build(docker: Dockerode, name: string, dir: string, options: EnsureImageOptions): Promise<void> {
  const failure = await followStream(
    docker,
    (abortSignal) =>
      docker.buildImage(
        { context: dir, src: readdirSync(dir) },
        // rm/forcerm: a failed or cancelled step leaves no intermediate container behind.
        { t: name, rm: true, forcerm: true, abortSignal } as Dockerode.ImageBuildOptions,
      ),
    options,
  );
  if (!failure) return;
  const useLocal = `name a local image in the plan's sandbox.image (e.g. ${LOCAL_EXAMPLE})`;
  let message = `cannot build ${name} from ${join(dir, 'Dockerfile')} (${failure}): fix the Dockerfile, or ${useLocal}`;
  if (UNREACHABLE.test(failure)) {
    message = `cannot build ${name}: no container registry is reachable to fetch its base image; ${useLocal}`;
  } else if (failure.startsWith(STALLED)) {
    message = `cannot build ${name}: ${failure} (a registry that does not answer?); ${useLocal}`;
  }
  throw new ImageUnavailableError(name, message);
}

async function pull(docker: Dockerode, name: string, options: EnsureImageOptions): Promise<void> {
  const failure = await followStream(docker, (abortSignal) => docker.pull(name, { abortSignal }), options);
  if (failure) {
    throw new ImageUnavailableError(
      name,
      `cannot pull ${name} (${failure}): check the name and that a registry is reachable, or docker pull or build it yourself, then try again`,
    );
  }
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Runs a build or pull to its end, passing output lines on. Resolves with the failure reason
 * (one line) or null on success; a stream that goes quiet for stallTimeoutMs is aborted.
 */
async function followStream(
  docker: Dockerode,
  start: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>,
  options: EnsureImageOptions,
): Promise<string | null> {
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  watch();
  let error: string | null = null;
  try {
    const stream = await start(controller.signal);
    await new Promise<void>((resolve) => {
      const onEvent = (event: ProgressEvent) => {
        watch();
        if (event.error || event.errorDetail) error ??= event.errorDetail?.message ?? event.error ?? 'unknown error';
        const text = event.stream ?? [event.id, event.status, event.progress].filter(Boolean).join(' ');
        for (const line of text.split('\n')) if (line.trim()) options.onProgress?.(line.trimEnd());
      };
      stream.on('error', (e: Error) => (error ??= engineReason(e)));
      // followProgress ends on 'close' too, which is how an aborted stream finishes.
      docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          if (err) error ??= engineReason(err);
          resolve();
        },
        onEvent,
      );
    });
  } catch (e) {
    error = engineReason(e);
  } finally {
    clearTimeout(timer);
  }
  if (stalled) return `${STALLED} ${Math.round(stallMs / 1000)} s and was stopped`;
  return error ? error.replace(/\s+/g, ' ').trim() : null;
}
