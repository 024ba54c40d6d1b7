import { z } from 'zod';

/**
 * The executor's tools: their names and argument schemas. Kept apart from the AI SDK's tool set
 * (executor-tools.ts), so checking an edited call (agent-calls) does not load the SDK.
 */
export const TOOL_NAMES = [
  'list_files',
  'read_file',
  'search',
  'write_file',
  'apply_patch',
  'run_command',
  'finish',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const relPath = z.string().describe('a path relative to the project root (/workspace)');

export const inputs = {
  list_files: z.object({
    path: relPath.default('.').describe('the folder to list, relative to the project root; "." for the root'),
    depth: z.number().int().min(1).max(6).default(2).describe('how many folder levels to descend'),
  }),
  read_file: z.object({ path: relPath }),
  search: z.object({
    pattern: z.string().min(1).describe('a basic regular expression, as grep takes it'),
    path: relPath.default('.').describe('the folder or file to search in'),
  }),
  write_file: z.object({ path: relPath, content: z.string().describe('the whole new content of the file') }),
  apply_patch: z.object({
    path: relPath,
    patch: z.string().min(1).describe('a unified diff of this one file (---/+++ headers and @@ hunks)'),
  }),
  run_command: z.object({ command: z.string().min(1).describe('a shell command, run with sh -c in /workspace') }),
  finish: z.object({ summary: z.string().min(1).describe('what you did and how you checked it') }),
};

/** A tool's arguments checked against its schema (defaults filled in), or what does not fit. */
export function parseToolInput(
  tool: ToolName,
  rawInput: unknown,
): { input: Record<string, unknown> } | { problem: string } {
  const parsed = inputs[tool].safeParse(rawInput);
  if (parsed.success) return { input: parsed.data as Record<string, unknown> };
  return { problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') };
}
