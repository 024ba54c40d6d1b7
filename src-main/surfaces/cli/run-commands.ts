import { InvalidArgumentError, type Command } from 'commander';
import type { RunReportView } from '../../../src-preload/contract';
import type { CliContext } from './context';
import { printJson } from './output';
import { parseIdList } from './arguments';
import { renderDiff } from './render-diff';
import { printAgentOutcomes } from './usage-output';
import { announceHeldCalls } from './held-call-prompt';

/** The --hitl/--gate options of plan next and plan retry, as commander gives them. */
interface AgentRunFlags {
  hitl?: boolean;
  gate?: boolean;
  gateThreshold?: number;
}

function withAgentFlags(command: Command): Command {
  return command
    .option('--hitl', 'agent steps: ask before each file write or command (approve, reject or edit)')
    .option('--no-hitl', 'agent steps: do not ask, even if the agent.hitl setting says so')
    .option('--gate', 'agent steps: the gate model scores each round; a low score stops the step')
    .option('--no-gate', 'agent steps: no gate, even if the agent.gate setting says so')
    .option('--gate-threshold <score>', 'the lowest gate score (0 to 1) that lets a step go on', parseScore);
}

function parseScore(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`'${text}' is not a score between 0 and 1`);
  return n;
}

function agentInput(flags: AgentRunFlags): AgentRunFlags {
  return {
    ...(flags.hitl !== undefined ? { hitl: flags.hitl } : {}),
    ...(flags.gate !== undefined ? { gate: flags.gate } : {}),
    ...(flags.gateThreshold !== undefined ? { gateThreshold: flags.gateThreshold } : {}),
  };
}

/** Streams a running step's output to the terminal, and turns Ctrl-C into a clean cancel. */
async function runWithOutput(
  ctx: CliContext,
  plan: string | undefined,
  run: () => Promise<RunReportView>,
  json: boolean,
): Promise<void> {
  const recovered = await ctx.call('sandboxRecover', {});
  for (const step of recovered.interruptedSteps)
    ctx.err(`note: step '${step.stepId}' was interrupted by an earlier crash and is now failed`);
  const stop = json
    ? () => undefined
    : ctx.app.events.on('step.output', (chunk) =>
        (chunk.stream === 'stderr' ? process.stderr : process.stdout).write(chunk.text),
      );
  const started = ctx.app.events.on(
    'step.status',
    (s) => json || ctx.err(`step ${s.stepId}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`),
  );
  const onInterrupt = () => {
    ctx.err('\nplanbox: cancelling the running step...');
    void ctx.call('planCancel', { plan });
  };
  process.once('SIGINT', onInterrupt);
  const interactive = !json && !!process.stdin.isTTY && !!process.stderr.isTTY;
  const held = announceHeldCalls(ctx, { interactive, onInterrupt });
  try {
    const report = await run();
    if (json) printJson(ctx.out, report);
    else {
      ctx.out(report.message);
      printAgentOutcomes(ctx.out, report);
    }
    if (['failed', 'cancelled', 'refused'].includes(report.stopped)) ctx.exitCode = 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    held();
    stop();
    started();
  }
}

export function registerRunCommands(plan: Command, ctx: CliContext): void {
  withAgentFlags(
    plan
      .command('next [plan]')
      .description('run the next ready step in the sandbox, streaming its output')
      .option('--auto', 'keep going until the plan is done, a step fails, or a checkpoint')
      .option('--step <id>', 'run this ready step instead of the next one')
      .option('--json', 'print the run report as JSON (no streamed output)'),
  ).action((ref: string | undefined, opts: { auto?: boolean; step?: string; json?: boolean } & AgentRunFlags) =>
    runWithOutput(
      ctx,
      ref,
      () =>
        ctx.call('planRun', {
          plan: ref,
          auto: opts.auto ?? false,
          ...(opts.step ? { step: opts.step } : {}),
          ...agentInput(opts),
        }),
      !!opts.json,
    ),
  );

  withAgentFlags(
    plan
      .command('retry [step]')
      .description('run a failed step again (by default the one that failed)')
      .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
      .option('--json', 'print the run report as JSON'),
  ).action((step: string | undefined, opts: { plan?: string; json?: boolean } & AgentRunFlags) =>
    runWithOutput(
      ctx,
      opts.plan,
      () => ctx.call('planRetry', { plan: opts.plan, ...(step ? { step } : {}), ...agentInput(opts) }),
      !!opts.json,
    ),
  );

  plan
    .command('skip [step]')
    .description('skip a step (by default the failed one) so the steps after it can run')
    .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
    .option('-r, --reason <text>', 'why, kept in the audit log')
    .action(async (step: string | undefined, opts: { plan?: string; reason?: string }) => {
      const view = await ctx.call('planSkip', {
        plan: opts.plan,
        ...(step ? { step } : {}),
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      const skipped = view.steps.filter((s) => s.status === 'skipped').map((s) => s.id);
      ctx.out(`${view.name}: skipped ${step ?? skipped.at(-1)}; status ${view.status}`);
    });

  plan
    .command('complete <step>')
    .description('report a manual step as done')
    .option('-p, --plan <plan>', 'plan name or id (default: the active plan)')
    .option('--note <text>', 'what was done')
    .option('--files <paths>', 'files that were changed (comma-separated)', parseIdList)
    .action(async (step: string, opts: { plan?: string; note?: string; files?: string[] }) => {
      const view = await ctx.call('planCompleteStep', {
        plan: opts.plan,
        step,
        ...(opts.note ? { note: opts.note } : {}),
        ...(opts.files ? { filesModified: opts.files } : {}),
      });
      ctx.out(`${view.name}: step ${step} done (${view.progress.percentage}% complete)`);
    });

  plan
    .command('rollback [plan]')
    .description('move the sandbox back to the snapshot taken before a step; later steps can run again')
    .requiredOption('--to <step>', 'the step to go back to before')
    .action(async (ref: string | undefined, opts: { to: string }) => {
      const result = await ctx.call('planRollback', { plan: ref, to: opts.to });
      ctx.out(`rolled back to before '${opts.to}'; undone: ${result.rolledBack.join(', ')}`);
    });

  plan
    .command('pause [plan]')
    .description('stop an auto run after the step it is running; continue later with plan next --auto')
    .action(async (ref: string | undefined) => {
      const result = await ctx.call('planPause', { plan: ref });
      ctx.out(
        result.runningStep
          ? `pausing after step '${result.runningStep}' finishes`
          : 'pausing before the next step starts',
      );
    });

  plan
    .command('cancel [plan]')
    .description('stop the running step; the plan keeps its last snapshot')
    .action(async (ref: string | undefined) => {
      const result = await ctx.call('planCancel', { plan: ref });
      ctx.out(result.runningStep ? `cancelling step '${result.runningStep}'` : 'plan cancelled (no step was running)');
    });

  plan
    .command('diff [plan]')
    .description('what the plan changed in the sandbox (base to head), or what one step changed')
    .option('--step <id>', 'only what this step changed')
    .option('--stat', 'file names only')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { step?: string; stat?: boolean; json?: boolean }) => {
      const diff = await ctx.call('planDiff', { plan: ref, ...(opts.step ? { step: opts.step } : {}) });
      if (opts.json) return printJson(ctx.out, diff);
      if (diff.changes.length === 0) return ctx.out('no changes');
      if (opts.stat) return diff.changes.forEach((c) => ctx.out(`${c.kind.padEnd(8)} ${c.path}`));
      ctx.out(renderDiff(diff.changes).trimEnd());
    });

  plan
    .command('apply [plan]')
    .description('write the result to the workspace folder; files changed there since the import are conflicts')
    .option('--dry-run', 'only show what would be written')
    .option('--force <paths>', 'overwrite these conflicting files (comma-separated)', parseIdList)
    .option('--only <paths>', 'apply only these files (comma-separated)', parseIdList)
    .option('--json', 'print JSON')
    .action(
      async (
        ref: string | undefined,
        opts: { dryRun?: boolean; force?: string[]; only?: string[]; json?: boolean },
      ) => {
        const report = await ctx.call('planApply', {
          plan: ref,
          dryRun: opts.dryRun ?? false,
          force: opts.force ?? [],
          ...(opts.only ? { files: opts.only } : {}),
        });
        if (report.conflicts.length) ctx.exitCode = 1;
        if (opts.json) return printJson(ctx.out, report);
        const verb = report.dryRun ? 'would ' : '';
        for (const e of report.entries) {
          const what =
            e.action === 'unchanged'
              ? 'unchanged'
              : e.conflict && !e.forced
                ? `CONFLICT (${e.conflict})`
                : `${verb}${e.action}${e.forced ? ' (forced)' : ''}`;
          ctx.out(`${what.padEnd(12)} ${e.path}`);
        }
        ctx.out(
          `${report.dryRun ? 'dry run: ' : ''}${report.written.length} written, ${report.deleted.length} deleted, ${report.conflicts.length} conflicts in ${report.workspace}`,
        );
        if (report.conflicts.length)
          ctx.out(
            `conflicting files are left as they are; overwrite them with --force ${report.conflicts.map((c) => c.path).join(',')}`,
          );
      },
    );

  plan
    .command('attempts [plan]')
    .description("the steps' attempts: status, exit code, duration, output")
    .option('--step <id>', 'only this step')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: { step?: string; json?: boolean }) => {
      const attempts = await ctx.call('planAttempts', { plan: ref, ...(opts.step ? { step: opts.step } : {}) });
      if (opts.json) return printJson(ctx.out, attempts);
      for (const a of attempts) {
        ctx.out(
          `${a.stepId} #${a.attempt}: ${a.status}${a.exitCode !== null ? ` exit ${a.exitCode}` : ''}${a.durationMs !== null ? ` in ${a.durationMs} ms` : ''}${a.reason ? ` — ${a.reason}` : ''}`,
        );
        if (opts.step && a.output) ctx.out(a.output.trimEnd());
      }
    });
}

export function registerSandboxCommands(program: Command, ctx: CliContext): void {
  const sandbox = program.command('sandbox').description('the Docker sandbox steps run in');
  sandbox
    .command('status')
    .description('the engine, the snapshot images and the disk they use')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await ctx.call('sandboxStatus', {});
      if (opts.json) return printJson(ctx.out, status);
      if (status.engine.ok)
        ctx.out(
          `engine: Docker ${status.engine.version} (${status.engine.os}/${status.engine.arch}, ${status.engine.storageDriver}) at ${status.engine.host}`,
        );
      else {
        ctx.out(`engine: unavailable — ${status.engine.error}`);
        ctx.exitCode = 1;
      }
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      if (status.snapshots)
        ctx.out(
          `snapshots: ${status.snapshots.images} images, ${mb(status.snapshots.bytes)} of a ${mb(status.diskBudgetBytes)} budget`,
        );
      for (const p of status.plans) ctx.out(`  ${p.name}: ${p.snapshots} snapshots`);
    });
  sandbox
    .command('recover')
    .description('fail steps a crash interrupted, remove leftover containers, check head snapshots')
    .action(async () => {
      const report = await ctx.call('sandboxRecover', {});
      ctx.out(
        `interrupted steps: ${report.interruptedSteps.length}; containers removed: ${report.removedContainers.length}; missing snapshots: ${report.missingSnapshots.length}`,
      );
      if (report.engineUnavailable) ctx.out(`engine not checked: ${report.engineUnavailable}`);
    });
}
