import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AgentCallView } from '../../../src-preload/contract';
import { UsageError } from '../../domain/errors';
import type { CliContext } from './context';
import { printJson, table } from './output';
import { callHeadline, describeCall, withEditedText } from './agent-call-text';

/** `planbox agent ...`: the tool calls of agent steps held for a person (runs with --hitl). */
export function registerAgentCommands(program: Command, ctx: CliContext): void {
  const agent = program
    .command('agent')
    .description('tool calls of agent steps waiting for a person (plan next --hitl)');

  agent
    .command('calls')
    .description('list the held calls (oldest first), or with --all every call and its decision')
    .option('-p, --plan <plan>', 'only this plan (name or id)')
    .option('--all', 'also the decided and expired calls, newest first')
    .option('--json', 'print as JSON (with the full arguments)')
    .action(async (opts: { plan?: string; all?: boolean; json?: boolean }) => {
      const calls = await ctx.call('agentCalls', { ...(opts.plan ? { plan: opts.plan } : {}), all: !!opts.all });
      if (opts.json) return printJson(ctx.out, calls);
      if (calls.length === 0)
        return ctx.out(opts.all ? 'no agent calls were held yet' : 'no agent call is waiting for a decision');
      if (opts.all) {
        const rows = [['ID', 'PLAN/STEP', 'ROUND', 'TOOL', 'STATUS', 'DECIDED BY', 'COMMENT']];
        for (const c of calls)
          rows.push([
            c.id,
            `${c.planName}/${c.stepId}`,
            String(c.round),
            c.tool,
            c.status,
            c.decidedBy ?? '',
            c.comment ?? '',
          ]);
        return table(rows).forEach((line) => ctx.out(line));
      }
      for (const call of calls) describeCall(call).forEach((line) => ctx.out(line));
      ctx.out('decide with: planbox agent approve ID | reject ID --comment TEXT | edit ID --file FILE');
    });

  agent
    .command('approve <id>')
    .description('let a held call run as the model asked')
    .option('--comment <text>', 'a note kept in the audit log')
    .action(async (id: string, opts: { comment?: string }) =>
      report(ctx, await ctx.call('agentCallDecide', { id, decision: 'approve', ...comment(opts) })),
    );

  agent
    .command('reject <id>')
    .description('refuse a held call; the model is told, with your comment, and goes on without it')
    .option('--comment <text>', 'why (the model reads this)')
    .action(async (id: string, opts: { comment?: string }) =>
      report(ctx, await ctx.call('agentCallDecide', { id, decision: 'reject', ...comment(opts) })),
    );

  agent
    .command('edit <id>')
    .description("run a changed version of a held call: the file's content, the patch, or the command")
    .option('--file <path>', 'the new content, patch or command, read from this file (- for stdin)')
    .option('--command <text>', 'for run_command: the command to run instead')
    .option('--comment <text>', 'a note for the model')
    .action(async (id: string, opts: { file?: string; command?: string; comment?: string }) => {
      if (!opts.file === !opts.command)
        throw new UsageError('agent edit needs exactly one of --file PATH (or - for stdin) and --command TEXT');
      const [call] = (await ctx.call('agentCalls', { all: true })).filter((c) => c.id === id);
      if (!call)
        throw new UsageError(`there is no agent call '${id}'; list the waiting ones with: planbox agent calls`);
      const text = opts.command ?? readFileSync(opts.file === '-' ? 0 : opts.file!, 'utf8');
      const input = withEditedText(call, text);
      report(ctx, await ctx.call('agentCallDecide', { id, decision: 'edit', input, ...comment(opts) }));
    });
}

function comment(opts: { comment?: string }): { comment?: string } {
  return opts.comment ? { comment: opts.comment } : {};
}

function report(ctx: CliContext, call: AgentCallView): void {
  ctx.out(`${call.status}: ${callHeadline(call)}`);
}
