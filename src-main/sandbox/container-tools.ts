import type Dockerode from 'dockerode';
import { posix } from 'node:path';
import { readContainerPath } from './container-changes';
import { runExec, stepOutputSink } from './container-exec';
import type { OutputBuffer } from './output-buffer';
import { StepFailure, writeFile } from './step-actions';
import type { ContainerTools, OutputChunk, ToolExecResult } from './types';
import { WORKSPACE_DIR } from './types';

/** The largest file an agent reads whole; larger ones are refused (read a part with a command). */
const READ_LIMIT_BYTES = 16 * 1024 * 1024;
const DEFAULT_OUTPUT_CAP = 64 * 1024;

export interface ContainerToolsContext {
  container: Dockerode.Container;
  env: string[];
  /** The step's signal: when it fires (timeout, cancel) every tool call stops at once. */
  signal: AbortSignal;
  output: OutputBuffer;
  onOutput: ((chunk: OutputChunk) => void) | undefined;
  /** Stops the step's time limit while `work` runs (see ContainerTools.whilePaused). */
  whilePaused: ContainerTools['whilePaused'];
}

/** ContainerTools over a step's running container, as the step's user, inside the workspace. */
export function containerTools(context: ContainerToolsContext): ContainerTools {
  const { container, env, signal } = context;
  const note = (text: string) => {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    context.output.append(line);
    context.onOutput?.({ stream: 'system', phase: 'action', text: line });
  };

  const exec: ContainerTools['exec'] = async (argv, options) => {
    const cap = options.maxOutputBytes ?? DEFAULT_OUTPUT_CAP;
    const timer = AbortSignal.timeout(Math.max(1, Math.min(options.timeoutMs, 2 ** 31 - 1)));
    const echo = options.echo ? stepOutputSink(context.output, context.onOutput, 'action') : undefined;
    const captured = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let kept = 0;
    let dropped = 0;
    const result = (exitCode: number | null, timedOut: boolean): ToolExecResult => ({
      exitCode,
      stdout: Buffer.concat(captured.stdout).toString('utf8'),
      stderr: Buffer.concat(captured.stderr).toString('utf8'),
      timedOut,
      droppedBytes: dropped,
    });
    try {
      const code = await runExec(container, {
        cmd: argv,
        env,
        signal: AbortSignal.any([signal, timer]),
        onData: (stream, data) => {
          echo?.(stream, data);
          const room = Math.max(0, cap - kept);
          captured[stream].push(Buffer.from(data.subarray(0, room)));
          kept += Math.min(room, data.length);
          dropped += Math.max(0, data.length - room);
        },
      });
      return result(code, false);
    } catch (error) {
      if (signal.aborted || !timer.aborted) throw error;
      // An exec cannot be killed on its own: the command may go on until the step's container stops.
      return result(null, true);
    }
  };

  return {
    exec,
    note,
    whilePaused: context.whilePaused,

    async readFile(path, maxBytes) {
      const target = toolPath(path);
      const entry = (
        await readContainerPath(container, target, { maxBytes: READ_LIMIT_BYTES, descend: false, signal })
      )?.[0];
      if (!entry) {
        // A folder yields no entries when not descended: tell it apart from a missing path.
        const probe = await exec(['test', '-d', target], { timeoutMs: 10_000, echo: false });
        if (probe.exitCode === 0) throw new StepFailure('exit', `${path} is a folder, not a file; list it instead`);
        return null;
      }
      if (entry.type !== 'file') throw new StepFailure('exit', `${path} is not a regular file`);
      if (entry.content === null)
        throw new StepFailure('exit', `${path} is larger than 16 MiB; read a part of it with a command`);
      const truncated = entry.content.length > maxBytes;
      return { content: entry.content.subarray(0, maxBytes).toString('utf8'), size: entry.size, truncated };
    },

    async writeFile(path, content) {
      await writeFile({ container, env, signal }, path, Buffer.from(content, 'utf8'));
    },

    async listFiles(path, options) {
      const target = toolPath(path, true);
      const prune = '\\( -name .git -o -name node_modules \\) -prune -o';
      const script =
        `[ -d "$1" ] || { echo "not a folder" >&2; exit 3; }; ` +
        `find "$1" -mindepth 1 -maxdepth "$2" ${prune} -type d -print | sed 's|$|/|'; ` +
        `find "$1" -mindepth 1 -maxdepth "$2" ${prune} ! -type d -print`;
      const run = await exec(['sh', '-c', script, 'list', target, String(options.maxDepth)], {
        timeoutMs: 30_000,
        echo: false,
        maxOutputBytes: 1024 * 1024,
      });
      if (run.exitCode === 3) throw new StepFailure('exit', `${path} is not a folder in the workspace`);
      if (run.exitCode !== 0)
        throw new StepFailure('exit', `listing ${path} failed: ${run.stderr.trim() || `exit ${run.exitCode}`}`);
      const all = run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => posix.relative(WORKSPACE_DIR, line) + (line.endsWith('/') ? '/' : ''))
        .sort();
      return {
        paths: all.slice(0, options.maxEntries),
        truncated: all.length > options.maxEntries || run.droppedBytes > 0,
      };
    },
  };
}

/** An absolute path inside the workspace; the workspace itself only where a folder is meant. */
function toolPath(path: string, folder = false): string {
  const resolved = posix.resolve(WORKSPACE_DIR, path || '.');
  if (folder && resolved === WORKSPACE_DIR) return resolved;
  if (!resolved.startsWith(`${WORKSPACE_DIR}/`))
    throw new StepFailure(
      'exit',
      `path '${path}' leaves ${WORKSPACE_DIR}; only files inside the workspace can be used`,
    );
  return resolved;
}
