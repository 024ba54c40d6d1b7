import type Dockerode from 'dockerode';
import { collectWorkspaceChanges, containerDiff, sortContainerChanges } from './container-changes';
import { execForText, runExec, stepOutputSink } from './container-exec';
import { containerTools } from './container-tools';
import { execEnv, stepContainerOptions, stepLabels } from './container-options';
import { commitSnapshot, stopContainer } from './commit-snapshot';
import { SandboxError, engineReason } from './errors';
import { FLATTEN_AT, flattenSnapshot } from './flatten';
import { OutputBuffer } from './output-buffer';
import { StepFailure, performAction } from './step-actions';
import type { AcceptanceResult, FailureKind, RunStepRequest, RunStepResult, SnapshotRef } from './types';

/**
 * Runs one step: a fresh container from the previous snapshot, the action, the acceptance checks,
 * then (only if all passed) the changes are recorded and the container committed as the next
 * snapshot. Whatever happens, the container is gone when this returns, and a failed step leaves
 * no image. Failures are returned, not thrown.
 */
export async function runStep(docker: Dockerode, request: RunStepRequest): Promise<RunStepResult> {
  const startedAt = performance.now();
  const output = new OutputBuffer(request.outputCapBytes);
  const acceptance: AcceptanceResult[] = [];
  const stop = stopSignal(request);
  let container: Dockerode.Container | undefined;
  let committed: SnapshotRef | undefined;
  let exitCode: number | null = null;
  let phase = `creating the step container from ${short(request.from.imageId)}`;
  const finish = (fields: Partial<RunStepResult>): RunStepResult => ({
    ok: false,
    exitCode,
    acceptance,
    output: output.result(),
    changes: [],
    outsideChanges: [],
    ...fields,
    durationMs: Math.round(performance.now() - startedAt),
  });
  try {
    stop.signal.throwIfAborted();
    container = await docker.createContainer(stepContainerOptions(request));
    phase = 'starting the step container';
    await container.start();
    const env = execEnv(request);
    const signal = stop.signal;

    phase = 'running the action';
    const onData = stepOutputSink(output, request.onOutput, 'action');
    const tools =
      request.action.type === 'agent'
        ? containerTools({ container, env, signal, output, onOutput: request.onOutput, whilePaused: stop.whilePaused })
        : undefined;
    exitCode = await performAction({ container, env, signal, onData, ...(tools ? { tools } : {}) }, request.action);
    if (exitCode !== 0)
      await failExit(container, request, signal, `the command exited with code ${exitCode}`, exitCode);

    phase = 'running the acceptance checks';
    for (const [index, check] of request.acceptance.entries()) {
      if (!check.command) {
        // A check without a command is for people to confirm; it cannot fail here.
        acceptance.push({ description: check.description, command: check.command, exitCode: null, ok: true });
        continue;
      }
      const header = `$ ${check.command}\n`;
      output.append(header);
      request.onOutput?.({ stream: 'system', phase: 'acceptance', check: index, text: header });
      const sink = stepOutputSink(output, request.onOutput, 'acceptance', index);
      const code = await runExec(container, { cmd: ['sh', '-c', check.command], env, signal, onData: sink });
      acceptance.push({ description: check.description, command: check.command, exitCode: code, ok: code === 0 });
      if (code !== 0) {
        const why = `acceptance check '${check.description}' failed with exit code ${code}`;
        await failExit(container, request, signal, why, code, 'acceptance');
      }
    }
    // Done within the time allowed: recording and committing are not cut short by the timeout.
    stop.disarm();
    stop.signal.throwIfAborted();

    phase = 'recording the changes';
    await stopContainer(container);
    const sorted = sortContainerChanges(await containerDiff(container));
    const labels = stepLabels(request, 'step');
    const changes = await collectWorkspaceChanges(docker, container, request.from.imageId, sorted.workspace, labels);

    phase = 'committing the snapshot';
    committed = await commitSnapshot(docker, container, request.from, labels);
    container = undefined;
    let snapshot = committed;
    let flattened: { ms: number } | undefined;
    if (snapshot.depth >= FLATTEN_AT) {
      phase = 'flattening the snapshot';
      ({ snapshot, flattened } = await flattenReplacing(docker, snapshot, labels));
    }
    committed = undefined;
    return finish({ ok: true, changes, outsideChanges: sorted.outside, snapshot, ...(flattened ? { flattened } : {}) });
  } catch (error) {
    // A failed step leaves no image: a commit whose flattening failed goes too (not its parents).
    if (committed) await removeImageOnly(docker, committed.imageId).catch(() => undefined);
    return finish({ failure: describeFailure(error, stop, phase, request) });
  } finally {
    stop.disarm();
    if (container) await discard(container);
  }
}

/** A non-zero exit: out of memory if the container's cgroup saw the OOM killer, else `kind`. */
async function failExit(
  container: Dockerode.Container,
  request: RunStepRequest,
  signal: AbortSignal,
  message: string,
  code: number,
  kind: FailureKind = 'exit',
): Promise<never> {
  if ((await oomKills(container, signal)) > 0) {
    throw new StepFailure(
      'oom',
      `out of memory: the step went over its memory limit of ${request.limits.memoryMb} MB (exit code ${code}); raise the plan's sandbox.memoryMb or make the command use less`,
    );
  }
  throw new StepFailure(kind, code > 128 ? `${message} (killed by signal ${code - 128})` : message);
}

/**
 * How often the OOM killer struck in the container, read from its memory cgroup.
 * Measured here (cgroup v1, dockerd 20.10) for a hog run by exec: the exec exits 137, the engine
 * emits an `oom` event, but State.OOMKilled stays false (it is only set when the container's main
 * process dies) and memory.failcnt stayed 0. The cgroup's own counter, `oom_kill` in
 * memory.oom_control (v1) or memory.events (v2), is the reliable sign; exit 137 alone may be a kill.
 */
async function oomKills(container: Dockerode.Container, signal: AbortSignal): Promise<number> {
  try {
    const probe = await execForText(container, {
      cmd: ['cat', '/sys/fs/cgroup/memory/memory.oom_control', '/sys/fs/cgroup/memory.events'],
      signal,
    });
    return Number(/^oom_kill (\d+)$/m.exec(probe.stdout)?.[1] ?? 0);
  } catch (error) {
    if (signal.aborted) throw error;
    return 0;
  }
}

/** Replaces a too-deep snapshot by its flattened copy; the deep one is removed (not its parents). */
async function flattenReplacing(docker: Dockerode, deep: SnapshotRef, labels: Record<string, string>) {
  const started = performance.now();
  const snapshot = await flattenSnapshot(docker, deep, labels);
  await removeImageOnly(docker, deep.imageId);
  return { snapshot, flattened: { ms: Math.round(performance.now() - started) } };
}

/**
 * Removes one image. noprune: removing an untagged image otherwise also removes its untagged
 * parents that have no other child, and those are the earlier steps' snapshots.
 */
async function removeImageOnly(docker: Dockerode, imageId: string): Promise<void> {
  await docker.getImage(imageId).remove({ noprune: true });
}

/**
 * One signal for the step's timeout and the caller's cancel, telling which one fired. The time
 * limit can be stopped while a person decides something (`whilePaused`); it then goes on with
 * what was left of it.
 */
function stopSignal(request: RunStepRequest) {
  const controller = new AbortController();
  const onCancel = () =>
    controller.abort(new StepFailure('cancelled', 'cancelled: the step was stopped and its changes discarded'));
  if (request.signal?.aborted) onCancel();
  request.signal?.addEventListener('abort', onCancel, { once: true });
  const onTimeout = () =>
    controller.abort(
      new StepFailure(
        'timeout',
        `timed out after ${seconds(request.timeoutMs)} s: the step was stopped; raise its timeout if it needs longer`,
      ),
    );
  // setTimeout fires at once past 2^31-1 ms; a timeout that long means "none" in practice.
  let left = Math.min(request.timeoutMs, 2 ** 31 - 1);
  let armedAt = performance.now();
  let timer: NodeJS.Timeout | undefined = setTimeout(onTimeout, left);
  let pauses = 0;
  let disarmed = false;
  const whilePaused = async <T>(work: () => Promise<T>): Promise<T> => {
    if (pauses++ === 0 && timer) {
      clearTimeout(timer);
      timer = undefined;
      left = Math.max(1, left - (performance.now() - armedAt));
    }
    try {
      return await work();
    } finally {
      if (--pauses === 0 && !controller.signal.aborted && !disarmed) {
        armedAt = performance.now();
        timer = setTimeout(onTimeout, left);
      }
    }
  };
  const disarm = () => {
    disarmed = true;
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
  };
  return { signal: controller.signal, disarm, whilePaused };
}

function describeFailure(
  error: unknown,
  stop: { signal: AbortSignal },
  phase: string,
  request: RunStepRequest,
): { kind: FailureKind; message: string } {
  // Once stopped, whatever broke (the exec's stream, an archive upload) broke because of it.
  const cause = stop.signal.aborted ? stop.signal.reason : error;
  if (cause instanceof StepFailure) return { kind: cause.kind, message: cause.message };
  if (cause instanceof SandboxError) return { kind: 'error', message: cause.message };
  const reason = engineReason(error);
  const hint = /ENOENT|ECONNREFUSED|socket/i.test(reason)
    ? 'check that the Docker engine is running'
    : /no such image/i.test(reason)
      ? `the snapshot ${short(request.from.imageId)} is missing; roll back to an earlier step or re-import the workspace`
      : "see the engine's log (journalctl -u docker, or dockerd's output)";
  return { kind: 'error', message: `${phase} failed: ${reason}; ${hint}` };
}

/** Kill first (instant), then remove: nothing of a failed step may stay behind. */
async function discard(container: Dockerode.Container): Promise<void> {
  await container.kill().catch(() => undefined);
  await container.remove({ force: true, v: true }).catch(() => undefined);
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function short(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}
