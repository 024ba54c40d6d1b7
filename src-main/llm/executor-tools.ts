import { tool, type ToolSet } from 'ai';
import { applyPatch, parsePatch } from 'diff';
import type { z } from 'zod';
import type { ContainerTools } from '../sandbox/types';
import { inputs, parseToolInput, TOOL_NAMES, type ToolName } from './tool-inputs';

export { TOOL_NAMES, type ToolName } from './tool-inputs';

/** The most text of a file or a command's output the model is given in one tool result. */
const RESULT_LIMIT_CHARS = 24_000;
const READ_LIMIT_BYTES = 256 * 1024;
const SEARCH_LIMIT_LINES = 200;
const LIST_LIMIT_ENTRIES = 500;
const COMMAND_TIMEOUT_MS = 120_000;

/** The tools offered to the model: no execute functions, the executor carries every call out itself. */
export function executorToolSet(shell: boolean): ToolSet {
  const set: ToolSet = {
    list_files: tool({
      description:
        'List files and folders (folders end in /) under a folder of the project; .git and node_modules are skipped.',
      inputSchema: inputs.list_files,
    }),
    read_file: tool({ description: 'Read a text file of the project.', inputSchema: inputs.read_file }),
    search: tool({
      description: 'Search file contents (grep -rn): lines matching the pattern, with file and line number.',
      inputSchema: inputs.search,
    }),
    write_file: tool({
      description: 'Create or replace a file with the whole content given (missing folders are made).',
      inputSchema: inputs.write_file,
    }),
    apply_patch: tool({
      description: 'Change one file with a unified diff; fails if its context lines are not in the file.',
      inputSchema: inputs.apply_patch,
    }),
    finish: tool({
      description: 'Call once the task is done (and checked): ends the work with a short summary.',
      inputSchema: inputs.finish,
    }),
  };
  if (shell) {
    set.run_command = tool({
      description:
        'Run a shell command in the project folder (no network unless the step has it); returns exit code and output.',
      inputSchema: inputs.run_command,
    });
  }
  return set;
}

/** What one tool call did: the text for the model, and the facts for the audit log. */
export interface ToolOutcome {
  ok: boolean;
  /** The tool result the model gets. */
  result: string;
  path?: string;
  exitCode?: number | null;
  /** A short reason when not ok (no file contents). */
  error?: string;
  /** Set by finish: the work is over. */
  finished?: { summary: string };
}

export interface ToolRunContext {
  tools: ContainerTools;
  /** Milliseconds left of the step's time; a command gets no more than this. */
  remainingMs: () => number;
  /** The step's stop: once it fired, a failed call ends the work instead of going back to the model. */
  signal: AbortSignal;
}

/** A tool call whose name and arguments were checked: ready to run (or to show a person first). */
export interface CheckedToolCall {
  tool: ToolName;
  input: Record<string, unknown>;
}

/**
 * Checks a call the model made: a known tool, allowed in this step, with arguments that fit.
 * A call that does not pass is answered with the reason, and never reaches a person or the container.
 */
export function checkToolCall(
  name: string,
  rawInput: unknown,
  shell: boolean,
): CheckedToolCall | { refused: ToolOutcome } {
  if (name === 'run_command' && !shell) {
    return refusal(
      'refused: this step does not allow shell commands (its `shell` is not true); use the file tools, or finish and say a command is needed',
    );
  }
  if (!(TOOL_NAMES as readonly string[]).includes(name)) {
    return refusal(`refused: there is no tool '${name}'; the tools are ${TOOL_NAMES.join(', ')}`);
  }
  const parsed = parseToolInput(name as ToolName, rawInput);
  if ('problem' in parsed)
    return refusal(
      `error: the arguments of ${name} do not fit (${parsed.problem}); call it again with valid arguments`,
    );
  return { tool: name as ToolName, input: parsed.input };
}

/** Carries out one checked tool call in the step's container. Errors the model can act on come back as results. */
export async function runTool(call: CheckedToolCall, context: ToolRunContext): Promise<ToolOutcome> {
  try {
    return await dispatch(call.tool, call.input as ToolInput, context);
  } catch (error) {
    // The step's stop (timeout, cancel) ends the loop; anything else is the model's to handle.
    if (context.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const path = (call.input as { path?: string }).path;
    return { ok: false, result: `error: ${message}`, error: message.slice(0, 300), ...(path ? { path } : {}) };
  }
}

/** Every tool's parsed arguments in one shape: each case reads only its own. */
type ToolInput = z.infer<(typeof inputs)['list_files']> &
  z.infer<(typeof inputs)['search']> &
  z.infer<(typeof inputs)['write_file']> &
  z.infer<(typeof inputs)['apply_patch']> &
  z.infer<(typeof inputs)['run_command']> &
  z.infer<(typeof inputs)['finish']>;

async function dispatch(name: ToolName, input: ToolInput, context: ToolRunContext): Promise<ToolOutcome> {
  const { tools } = context;
  switch (name) {
    case 'list_files': {
      const listed = await tools.listFiles(input.path, { maxDepth: input.depth, maxEntries: LIST_LIMIT_ENTRIES });
      const more = listed.truncated ? `\n(only the first ${LIST_LIMIT_ENTRIES} entries; list a subfolder)` : '';
      return { ok: true, path: input.path, result: (listed.paths.join('\n') || '(empty folder)') + more };
    }
    case 'read_file': {
      const file = await tools.readFile(input.path, READ_LIMIT_BYTES);
      if (!file)
        return { ok: false, path: input.path, error: 'no such file', result: `error: there is no file ${input.path}` };
      const more = file.truncated ? `\n(cut: the file has ${file.size} bytes; read the rest with a command)` : '';
      return { ok: true, path: input.path, result: cap(file.content) + more };
    }
    case 'search': {
      const run = await tools.exec(['grep', '-rn', '-e', input.pattern, '--', input.path], {
        timeoutMs: Math.min(60_000, context.remainingMs()),
        echo: false,
      });
      if (run.exitCode === 1) return { ok: true, path: input.path, exitCode: 1, result: 'no matches' };
      if (run.exitCode !== 0)
        return {
          ok: false,
          path: input.path,
          exitCode: run.exitCode,
          error: firstLine(run.stderr),
          result: `error: ${cap(run.stderr) || 'grep failed'}`,
        };
      const lines = run.stdout.split('\n').filter(Boolean);
      const shown = lines.slice(0, SEARCH_LIMIT_LINES).join('\n');
      const more =
        lines.length > SEARCH_LIMIT_LINES || run.droppedBytes > 0 ? '\n(more matches left out; narrow the search)' : '';
      return { ok: true, path: input.path, exitCode: 0, result: cap(shown) + more };
    }
    case 'write_file':
      await tools.writeFile(input.path, input.content);
      return { ok: true, path: input.path, result: `wrote ${input.path} (${Buffer.byteLength(input.content)} bytes)` };
    case 'apply_patch':
      return patchFile(tools, input.path, input.patch);
    case 'run_command': {
      const timeoutMs = Math.max(1000, Math.min(COMMAND_TIMEOUT_MS, context.remainingMs()));
      const run = await tools.exec(['sh', '-c', input.command], { timeoutMs, echo: true });
      if (run.timedOut)
        return {
          ok: false,
          exitCode: null,
          error: 'timed out',
          result: `error: the command did not end within ${Math.round(timeoutMs / 1000)} s\n${commandOutput(run)}`,
        };
      return {
        ok: run.exitCode === 0,
        exitCode: run.exitCode,
        result: `exit code ${run.exitCode}\n${commandOutput(run)}`,
      };
    }
    case 'finish':
      return { ok: true, result: 'finished', finished: { summary: input.summary } };
  }
}

/** A unified diff applied with jsdiff to the file read from the container, written back whole. */
async function patchFile(tools: ContainerTools, path: string, patchText: string): Promise<ToolOutcome> {
  const patches = parsePatch(patchText).filter((p) => p.hunks.length > 0);
  if (patches.length !== 1)
    return {
      ok: false,
      path,
      error: 'not one file',
      result: `error: the patch must hold one file's hunks; it has ${patches.length}`,
    };
  const patch = patches[0]!;
  const current = await tools.readFile(path, 16 * 1024 * 1024);
  if (!current && patch.oldFileName !== '/dev/null')
    return { ok: false, path, error: 'no such file', result: `error: there is no file ${path} to patch` };
  const patched = applyPatch(current?.content ?? '', patch);
  if (patched === false)
    return {
      ok: false,
      path,
      error: 'does not apply',
      result: `error: the patch does not apply to ${path}: its context or removed lines are not in the file; read the file and try again`,
    };
  await tools.writeFile(path, patched);
  return { ok: true, path, result: `patched ${path}` };
}

function refusal(result: string): { refused: ToolOutcome } {
  return { refused: { ok: false, result, error: result.slice(0, 300) } };
}

function commandOutput(run: { stdout: string; stderr: string; droppedBytes: number }): string {
  const parts = [run.stdout && `stdout:\n${cap(run.stdout)}`, run.stderr && `stderr:\n${cap(run.stderr)}`];
  if (run.droppedBytes) parts.push(`(${run.droppedBytes} bytes of output left out)`);
  return parts.filter(Boolean).join('\n') || '(no output)';
}

function cap(text: string): string {
  return text.length > RESULT_LIMIT_CHARS
    ? `${text.slice(0, RESULT_LIMIT_CHARS)}\n(cut at ${RESULT_LIMIT_CHARS} characters)`
    : text;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
