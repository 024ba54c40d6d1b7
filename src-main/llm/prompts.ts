import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoContextView } from '../../src-preload/contract';
import { redactSecrets } from '../audit/redact';
import type { PlannerStep } from './planner-schema';

/** Roughly four characters a token: good enough to keep a prompt inside a budget. */
export const CHARS_PER_TOKEN = 4;

export const PLANNER_SYSTEM = [
  'You are the planner of Planbox. You turn a goal into an execution plan: small, ordered steps that a person reviews and approves, then Planbox runs one by one.',
  'Each step runs in a fresh Linux container (Debian with bash, git, patch) on a copy of the project at /workspace, with no network unless told otherwise; a snapshot is taken after each step.',
  'Step kinds: command (a shell command run in /workspace), write_file (the whole new content of one file), patch_file (a unified diff for one file), delete_file, install_package (packageManager and packages), check (only acceptance checks), manual (something a person does), agent (a free-text instruction in prompt that an executor model carries out with file tools, and shell commands when shell is true; for work you cannot write out exactly in advance).',
  'Rules: paths are relative to the project root and never leave it; give every step a unique short id and list the ids it needs in dependsOn; give acceptance checks with commands that exit 0 when the step worked (tests, builds, grep); declare the files each step creates, modifies and deletes; prefer the project\u2019s own build and test commands; never put secrets in a step.',
  'If something is dangerous (deleting data, touching credentials, network), say so in the step\u2019s risk. Questions you would ask the person go in questions.',
  'Answer with one JSON object of the requested shape and nothing else.',
].join('\n');

export interface PlanRequest {
  goal: string;
  context?: RepoContextView | undefined;
  /** Up to this many key files are quoted from the workspace. */
  maxContextFiles: number;
  /** Tokens the repository context (summary and quoted files) may take. */
  contextTokenBudget: number;
  mvpOnly?: boolean | undefined;
}

export interface RefineRequest extends PlanRequest {
  current: PlannerStep[];
  feedback?: string | undefined;
  clarifications?: Record<string, string> | undefined;
  focus?: string[] | undefined;
}

export interface ReplanRequest extends PlanRequest {
  current: PlannerStep[];
  statuses: Record<string, string>;
  kept: string[];
  failure?: { stepId: string; error: string | null; output: string } | undefined;
  feedback?: string | undefined;
}

export function createPrompt(request: PlanRequest): string {
  return [
    `Goal: ${request.goal}`,
    request.mvpOnly ? 'Scope: the minimum that reaches the goal; leave nice-to-have work out.' : '',
    contextSection(request),
    'Write the plan.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function refinePrompt(request: RefineRequest): string {
  const clarifications = Object.entries(request.clarifications ?? {});
  return [
    `Goal: ${request.goal}`,
    contextSection(request),
    `The current plan's steps (JSON):\n${JSON.stringify(request.current)}`,
    request.feedback ? `Feedback from the reviewer: ${request.feedback}` : '',
    clarifications.length
      ? `Answers to questions:\n${clarifications.map(([q, a]) => `- Q: ${q}\n  A: ${a}`).join('\n')}`
      : '',
    request.focus?.length
      ? `Change only these steps (and add new ones if needed): ${request.focus.join(', ')}. Return every other step exactly as it is.`
      : '',
    'Write the whole revised plan (every step, changed or not). Keep the ids of steps you keep.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function replanPrompt(request: ReplanRequest): string {
  const failure = request.failure;
  return [
    `Goal: ${request.goal}`,
    contextSection(request),
    `The current plan's steps (JSON):\n${JSON.stringify(request.current)}`,
    `Step status: ${Object.entries(request.statuses)
      .map(([id, status]) => `${id}=${status}`)
      .join(', ')}`,
    request.kept.length
      ? `These steps are done and stay exactly as they are: ${request.kept.join(', ')}. Later steps may depend on them.`
      : '',
    failure
      ? `Step ${failure.stepId} failed${failure.error ? `: ${failure.error}` : ''}.\nIts output (the end):\n${failure.output || '(none)'}`
      : '',
    request.feedback ? `Feedback from the reviewer: ${request.feedback}` : '',
    'Revise the remaining work so the goal is still reached: fix or replace the failed step and adjust what follows. Write the whole plan, done steps included.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function repairPrompt(problems: string[]): string {
  const shown = problems.slice(0, 20);
  const more = problems.length > shown.length ? `\n(and ${problems.length - shown.length} more)` : '';
  return `Your answer could not be used as a plan:\n${shown.map((p) => `- ${p}`).join('\n')}${more}\n\nAnswer again with the whole corrected plan as one JSON object of the requested shape, and nothing else.`;
}

/** The RepoContext summary, then quoted key files, inside the context token budget. */
function contextSection(request: PlanRequest): string {
  const context = request.context;
  if (!context) return '';
  let budget = request.contextTokenBudget * CHARS_PER_TOKEN;
  const summary = describeContext(context);
  const parts = [summary.slice(0, budget)];
  budget -= parts[0]!.length;
  for (const file of quotedFiles(context, request.maxContextFiles)) {
    if (budget < 200) break;
    const text = readQuoted(join(context.root, file));
    if (text === undefined) continue;
    const body = text.length > Math.min(budget, 4000) ? `${text.slice(0, Math.min(budget, 4000))}\n[…cut]` : text;
    const block = `--- ${file}\n${body}`;
    parts.push(block);
    budget -= block.length;
  }
  return `The project (found by Planbox's explorer):\n${parts.join('\n\n')}`;
}

export function describeContext(context: RepoContextView): string {
  const lines = [
    `Files: ${context.fileCount}${context.truncated ? ' (stopped at the limit)' : ''}, ${context.totalBytes} bytes`,
    `Languages: ${context.languages.map((l) => `${l.language} (${l.files})`).join(', ') || 'none found'}`,
    `Package managers: ${context.packageManagers.join(', ') || 'none found'}`,
    `Commands: ${context.commands.map((c) => `${c.command} [${c.kind}, ${c.source}]`).join('; ') || 'none found'}`,
    `Entry points: ${context.entryPoints.join(', ') || 'none found'}`,
    `Key files: ${context.keyFiles.join(', ') || 'none found'}`,
    `Top folders: ${context.topFolders.map((f) => `${f.path}/ (${f.files})`).join(', ') || 'none'}`,
  ];
  return lines.join('\n');
}

/** README and manifests first, then the entry points; lock files are never quoted. */
function quotedFiles(context: RepoContextView, max: number): string[] {
  const rank = (path: string) => (/^readme/i.test(path) ? 0 : path.includes('/') ? 2 : 1);
  const key = context.keyFiles.filter((f) => !/\.lock$|lock\.(json|yaml)$/i.test(f));
  const ordered = [...key.sort((a, b) => rank(a) - rank(b)), ...context.entryPoints];
  return [...new Set(ordered)].slice(0, Math.max(0, max));
}

function readQuoted(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    // Quoted files leave the machine: keys that look like keys are masked first.
    return text.includes('\u0000') ? undefined : redactSecrets(text);
  } catch {
    return undefined;
  }
}
