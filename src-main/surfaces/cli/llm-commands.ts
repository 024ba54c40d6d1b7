import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { PlanWriteResult, RepoContextView } from '../../../src-preload/contract';
import type { CliContext } from './context';
import { printFindings, printJson, type Print } from './output';
import { parseIdList, parsePositiveInt } from './arguments';
import { printModelUsage } from './usage-output';

/**
 * `plan new`, `plan explore`, `plan context`, `plan refine` and `plan replan`: the LLM planner and the
 * explorer; and `plan usage`, what the plan's model calls used.
 */
export function registerLlmCommands(plan: Command, ctx: CliContext): void {
  plan
    .command('new <goal>')
    .description('create a plan from a goal with the LLM planner (PLANBOX_LLM_BASE_URL and PLANBOX_LLM_MODEL)')
    .option('-w, --workspace <dir>', 'the project folder the plan works on')
    .option('--explore', 'explore the workspace first and plan against what was found')
    .option('-n, --name <name>', 'the plan name (default: the one the planner suggests)')
    .option('--max-context-files <n>', 'how many key files of the workspace to quote to the planner', parseCount)
    .option('--context-token-budget <n>', 'tokens the workspace context may take in the prompt', parsePositiveInt)
    .option('--mvp-only', 'plan the minimum that reaches the goal')
    .option('--json', 'print JSON')
    .action(
      async (
        goal: string,
        opts: {
          workspace?: string;
          explore?: boolean;
          name?: string;
          maxContextFiles?: number;
          contextTokenBudget?: number;
          mvpOnly?: boolean;
          json?: boolean;
        },
      ) => {
        const result = await ctx.call('planCreate', {
          goal,
          ...(opts.workspace ? { workspace: resolve(opts.workspace) } : {}),
          ...(opts.explore ? { explore: true } : {}),
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.maxContextFiles !== undefined ? { maxContextFiles: opts.maxContextFiles } : {}),
          ...(opts.contextTokenBudget ? { contextTokenBudget: opts.contextTokenBudget } : {}),
          ...(opts.mvpOnly ? { mvpOnly: true } : {}),
        });
        // Like an import, the new plan becomes the one later commands default to.
        await ctx.call('planUse', { plan: result.plan.id });
        if (opts.json) return printJson(ctx.out, result);
        printWritten(ctx.out, result, 'created');
      },
    );

  plan
    .command('explore [plan]')
    .description("explore the plan's workspace (no model) and store what was found with the plan")
    .option('--max-files <n>', 'stop after this many files', parsePositiveInt)
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { maxFiles?: number; json?: boolean }) => {
      const repo = await ctx.call('planExplore', { plan: ref, ...(opts.maxFiles ? { maxFiles: opts.maxFiles } : {}) });
      if (opts.json) return printJson(ctx.out, repo);
      printContext(ctx.out, repo);
    });

  plan
    .command('context [plan]')
    .description('the repository context stored with the plan (from plan new --explore or plan explore)')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { json?: boolean }) => {
      const repo = await ctx.call('planContext', { plan: ref });
      if (opts.json) return printJson(ctx.out, repo);
      if (!repo) return ctx.out('not explored yet; run: planbox plan explore');
      printContext(ctx.out, repo);
    });

  plan
    .command('refine [plan]')
    .description('revise a plan with the LLM planner from feedback; writes a new version')
    .option('-f, --feedback <text>', 'what should change')
    .option(
      '--clarify <question=answer>',
      'an answer to one of the planner’s questions (repeatable)',
      (value: string, previous: Record<string, string> = {}) => {
        const at = value.indexOf('=');
        if (at < 1 || at === value.length - 1)
          throw new InvalidArgumentError(`'${value}' is not QUESTION=ANSWER, e.g. "Which database?=PostgreSQL"`);
        return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
      },
    )
    .option('--focus <steps>', 'only these steps may change (ids, or positions from 1: 3,4)', parseIdList)
    .option('--json', 'print JSON')
    .action(
      async (
        ref: string | undefined,
        opts: { feedback?: string; clarify?: Record<string, string>; focus?: string[]; json?: boolean },
      ) => {
        if (!opts.feedback && !opts.clarify)
          throw new InvalidArgumentError('plan refine needs --feedback or --clarify saying what should change');
        const plan = ref ?? (await ctx.call('planGet', {})).id;
        const result = await ctx.call('planRefine', {
          plan,
          ...(opts.feedback ? { feedback: opts.feedback } : {}),
          ...(opts.clarify ? { clarifications: opts.clarify } : {}),
          ...(opts.focus ? { focus: opts.focus } : {}),
        });
        if (opts.json) return printJson(ctx.out, result);
        printWritten(ctx.out, result, 'refined');
      },
    );

  plan
    .command('replan [plan]')
    .description('after a failure: the LLM planner revises the remaining steps (completed and skipped steps stay)')
    .option('-f, --feedback <text>', 'what else should change')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { feedback?: string; json?: boolean }) => {
      const result = await ctx.call('planReplan', { plan: ref, ...(opts.feedback ? { feedback: opts.feedback } : {}) });
      if (opts.json) return printJson(ctx.out, result);
      printWritten(ctx.out, result, 'replanned');
    });

  plan
    .command('usage')
    .description("tokens in and out, and time, of the plan's model calls: in all, by role and per agent step")
    .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
    .option('--json', 'print JSON')
    .action(async (opts: { plan?: string; json?: boolean }) => {
      const usage = await ctx.call('planUsage', { plan: opts.plan });
      if (opts.json) return printJson(ctx.out, usage);
      printModelUsage(ctx.out, usage);
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number (0 or more)`);
  return n;
}

function printWritten(print: Print, result: PlanWriteResult, what: string): void {
  const p = result.plan;
  const version = result.versionWritten ? `version ${p.version}` : `unchanged (still version ${p.version})`;
  print(`${p.name} ${what}: ${version}, ${p.steps.length} steps, risk ${p.risk.level}, status ${p.status} (${p.id})`);
  for (const step of p.steps) print(`  ${step.id}  [${step.kind}, ${step.risk.level}]  ${step.title}`);
  const planner = result.planner;
  if (planner) {
    const tokens =
      planner.inputTokens === null ? 'tokens not reported' : `${planner.inputTokens} in / ${planner.outputTokens} out`;
    print(
      `planner: ${planner.model} (${planner.provider}), ${planner.calls} call${planner.calls > 1 ? 's' : ''}${planner.repaired ? ' (one repair round)' : ''}, ${tokens}, ${planner.latencyMs} ms`,
    );
    planner.notes.forEach((note) => print(`note: ${note}`));
  }
  if (result.invalidatedSteps?.length)
    print(
      `invalidated (completed, but their content or what they depend on changed): ${result.invalidatedSteps.join(', ')}`,
    );
  p.definition.questions?.forEach((q) => print(`question: ${q}`));
  if (p.validation.warnings.length || !p.validation.valid) printFindings(print, p.validation);
  print('review it with: planbox plan show; nothing runs until it is approved');
}

function printContext(print: Print, repo: RepoContextView): void {
  print(
    `${repo.root}: ${repo.fileCount} files${repo.truncated ? ' (stopped at the limit)' : ''}, ${repo.totalBytes} bytes`,
  );
  print(`languages:        ${repo.languages.map((l) => `${l.language} ${l.files}`).join(', ') || '-'}`);
  print(`package managers: ${repo.packageManagers.join(', ') || '-'}`);
  print(`entry points:     ${repo.entryPoints.join(', ') || '-'}`);
  print(`key files:        ${repo.keyFiles.join(', ') || '-'}`);
  if (repo.commands.length) {
    print('commands:');
    repo.commands.forEach((c) => print(`  ${c.kind.padEnd(5)}  ${c.command}  (${c.source})`));
  }
}
