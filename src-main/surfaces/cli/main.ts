import { Command, CommanderError } from 'commander';
import { PlanboxError } from '../../domain/errors';
import { StoreOpenError } from '../../store';
import { CliContext } from './context';
import { PLANBOX_VERSION } from '../../app/app-info';
import { registerPlanCommands } from './plan-commands';
import { registerAuditCommands } from './audit-commands';
import { registerSandboxCommands } from './run-commands';
import { registerExecPlanCommands } from './execplan-commands';
import { registerSettingsCommands } from './settings-commands';
import { registerMcpCommand } from './mcp-command';
import { registerServeCommand } from './serve-command';
import { registerAgentCommands } from './agent-commands';

/**
 * Runs one `planbox` command and returns its exit code: 0 success, 1 refused or invalid
 * (validation errors, failed verify, illegal transition), 2 usage.
 */
export async function run(
  argv: string[],
  io: { out?: (line: string) => void; err?: (line: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const err = io.err ?? ((line: string) => process.stderr.write(line + '\n'));
  const program = new Command('planbox');
  const ctx = new CliContext(out, err, () => program.opts<{ dataDir?: string }>().dataDir);
  let commanderSpoke = false;
  program
    .description('Planbox: review, approve and safely run execution plans')
    .version(PLANBOX_VERSION)
    .option('--data-dir <dir>', 'where Planbox keeps its data (default: $PLANBOX_HOME or the OS config folder)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => {
        commanderSpoke = true;
        process.stderr.write(s);
      },
    });
  registerPlanCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerSandboxCommands(program, ctx);
  registerExecPlanCommands(program, ctx);
  registerSettingsCommands(program, ctx);
  registerMcpCommand(program, ctx, PLANBOX_VERSION);
  registerServeCommand(program, ctx);
  registerAgentCommands(program, ctx);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version succeed; help shown because a command was missing is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // Argument parsers that throw inside an action are not printed by commander itself.
      if (!commanderSpoke) err(`planbox: ${error.message.replace(/^error: /, '')}`);
      return 2;
    }
    if (error instanceof PlanboxError) {
      err(`planbox: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof StoreOpenError) {
      err(`planbox: ${error.message}`);
      return 1;
    }
    err(`planbox: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
