import type Dockerode from 'dockerode';
import type { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SandboxError } from './errors';
import type { OutputBuffer } from './output-buffer';
import type { OutputChunk } from './types';
import { WORKSPACE_DIR } from './types';

export type ExecStream = 'stdout' | 'stderr';

export interface ExecOptions {
  cmd: string[];
  env?: string[];
  /** Stops waiting at once (the caller kills the container: an exec cannot be killed on its own). */
  signal?: AbortSignal;
  onData?: (stream: ExecStream, data: Buffer) => void;
}

/** Runs a command in a running container and resolves with its exit code. */
export async function runExec(container: Dockerode.Container, options: ExecOptions): Promise<number> {
  const { signal } = options;
  signal?.throwIfAborted();
  const exec = await container.exec({
    Cmd: options.cmd,
    Env: options.env ?? [],
    WorkingDir: WORKSPACE_DIR,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: false });
  // demuxStream only calls write(); a plain object keeps delivery synchronous, so every chunk has
  // been handed on by the time the stream ends.
  const sink = (name: ExecStream) =>
    ({ write: (chunk: Buffer) => (options.onData?.(name, chunk), true) }) as unknown as Writable;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(signal?.reason instanceof Error ? signal.reason : new Error(String(signal?.reason ?? 'aborted')));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    container.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
    stream.once('end', () => settle());
    stream.once('close', () => settle());
    stream.once('error', (error: Error) => settle(error));
  });
  return exitCodeOf(exec, options.cmd);
}

/** The exec's exit code; the engine may report the stream's end a moment before the exit. */
async function exitCodeOf(exec: Dockerode.Exec, cmd: string[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await exec.inspect();
    if (!info.Running && typeof info.ExitCode === 'number') return info.ExitCode;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new SandboxError(`the engine did not report an exit code for '${cmd.join(' ')}'; check the Docker engine`);
}

/**
 * Where a step's exec output goes: decoded (multi-byte characters split across chunks stay whole)
 * to the caller's onOutput, and as bytes to the capped record.
 */
export function stepOutputSink(
  buffer: OutputBuffer,
  onOutput: ((chunk: OutputChunk) => void) | undefined,
  phase: OutputChunk['phase'],
  check?: number,
): (stream: ExecStream, data: Buffer) => void {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  return (stream, data) => {
    buffer.append(data);
    if (!onOutput) return;
    const text = decoders[stream].write(data);
    if (text) onOutput({ stream, phase, ...(check === undefined ? {} : { check }), text });
  };
}

/** Runs a command for its own use (not step output) and returns what it printed, capped. */
export async function execForText(
  container: Dockerode.Container,
  options: Omit<ExecOptions, 'onData'>,
  capBytes = 64 * 1024,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let kept = 0;
  const exitCode = await runExec(container, {
    ...options,
    onData: (stream, data) => {
      if (kept >= capBytes) return;
      out[stream].push(Buffer.from(data.subarray(0, capBytes - kept)));
      kept += data.length;
    },
  });
  return { exitCode, stdout: Buffer.concat(out.stdout).toString(), stderr: Buffer.concat(out.stderr).toString() };
}
