import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors';
import { toAuditEventView } from '../../app/handlers';
import type { CliContext } from './context';
import { printAuditEvents, printJson } from './output';
import { parsePositiveInt } from './arguments';

interface ListOptions {
  plan?: string;
  step?: string;
  type?: string;
  actor?: string;
  since?: string;
  until?: string;
  limit?: number;
  before?: number;
  json?: boolean;
}

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('list')
    .description('audit events, newest first')
    .option('-p, --plan <plan>', 'only this plan (name or id)')
    .option('--step <id>', 'only this step')
    .option('-t, --type <type>', "only this event type, or a prefix ending in '*' (e.g. 'step.*')")
    .option('-a, --actor <actor>', 'user | agent | engine')
    .option('--since <time>', 'only events at or after this ISO time')
    .option('--until <time>', 'only events at or before this ISO time')
    .option('-n, --limit <n>', 'how many events (default 50)', parsePositiveInt)
    .option('--before <seq>', 'page back: only events older than this sequence number', parsePositiveInt)
    .option('--json', 'print JSON')
    .action(async (opts: ListOptions) => {
      const events = await ctx.call('auditList', {
        plan: opts.plan,
        step: opts.step,
        type: opts.type,
        actor: opts.actor as never,
        since: opts.since && isoTime(opts.since, '--since'),
        until: opts.until && isoTime(opts.until, '--until'),
        beforeSeq: opts.before,
        limit: opts.limit ?? 50,
      });
      if (opts.json) return printJson(ctx.out, events);
      printAuditEvents(ctx.out, events);
      const oldest = events.at(-1);
      if (oldest && events.length === (opts.limit ?? 50) && oldest.seq > 1)
        ctx.out(`(older events: --before ${oldest.seq})`);
    });

  audit
    .command('verify')
    .description('walk the hash chain; exits 1 and names the first broken event if it was tampered with')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await ctx.call('auditVerify', {});
      if (opts.json) printJson(ctx.out, result);
      else if (result.ok) ctx.out(`audit chain intact: ${result.checked} events verified`);
      else
        ctx.out(
          `audit chain BROKEN at event ${result.broken!.seq} (${result.broken!.type}): ${result.broken!.reason}; ${result.checked} events before it verified`,
        );
      if (!result.ok) ctx.exitCode = 1;
    });

  audit
    .command('export')
    .description('every event, oldest first, one JSON object per line')
    .option('-f, --format <format>', 'jsonl (the only format)', 'jsonl')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (opts: { format: string; output?: string }) => {
      if (opts.format !== 'jsonl')
        throw new InvalidInputError(`unknown export format '${opts.format}'; use --format jsonl`);
      const file = opts.output ? createWriteStream(opts.output) : undefined;
      const sink: NodeJS.WritableStream = file ?? process.stdout;
      let count = 0;
      for (const row of ctx.app.audit.all()) {
        const line = JSON.stringify(toAuditEventView(row)) + '\n';
        if (!sink.write(line)) await new Promise<void>((done) => sink.once('drain', () => done()));
        count += 1;
      }
      if (file) {
        await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
        ctx.err(`exported ${count} events to ${opts.output}`);
      }
    });
}

function isoTime(value: string, option: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new InvalidInputError(`${option} '${value}' is not a time; use ISO form like 2026-01-31T12:00:00Z`);
  return time.toISOString();
}
