import type { Command } from 'commander';
import { UsageError } from '../../domain/errors';
import { findRendererDir } from '../../app/renderer-dir';
import { startWebServer } from '../http/web-server';
import { parsePort } from './arguments';
import type { CliContext } from './context';

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('web mode: the desktop views in a browser, on 127.0.0.1 only, behind a token')
    .option('--port <port>', 'port to listen on (default: a free one)', parsePort)
    .action(async (opts: { port?: number }) => {
      const rendererDir = findRendererDir();
      if (!rendererDir) throw new UsageError('the web UI is not built yet: run `npm run build` first');
      const server = await startWebServer({
        planbox: ctx.app,
        rendererDir,
        actor: { ...ctx.actor, surface: 'ui' },
        ...(opts.port !== undefined ? { port: opts.port } : {}),
      });
      ctx.out(`Planbox web mode is running. Open this address (it carries the access token):`);
      ctx.out(`  ${server.url}`);
      ctx.out('Press Ctrl+C to stop.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
