import type { Command } from 'commander';
import type { CliContext } from './context';

export function registerMcpCommand(program: Command, ctx: CliContext, version: string): void {
  program
    .command('mcp')
    .description(
      'serve Planbox to AI agents over MCP (stdio): they create and track plans and ask for approval; a person approves',
    )
    .action(async () => {
      // Loaded only for this command: the MCP SDK is not needed by any other.
      const { serveStdio } = await import('../mcp/serve-stdio');
      await serveStdio(ctx.app, { version, log: ctx.err });
    });
}
