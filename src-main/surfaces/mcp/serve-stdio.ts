import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Planbox } from '../../app/create-planbox';
import { createPlanboxMcpServer } from './server';

/**
 * Serves Planbox over stdio until the client closes stdin (or a signal arrives). Standard output
 * carries the protocol and nothing else; every log line goes to `log` (standard error).
 */
export async function serveStdio(
  planbox: Planbox,
  options: { version: string; log: (line: string) => void },
): Promise<void> {
  const { server, kit, stopNotifications } = createPlanboxMcpServer(planbox, options);
  // Changes other processes make (the desktop app, the CLI, another agent) reach subscribers too.
  const stopWatching = planbox.watchChanges();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  server.server.oninitialized = () => {
    const client = server.server.getClientVersion();
    options.log(`planbox mcp: client ${client?.name ?? '(unnamed)'} ${client?.version ?? ''} connected`.trimEnd());
  };
  server.server.onerror = (error) => options.log(`planbox mcp: ${error.message}`);
  const stop = () => void server.close();
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.connect(new StdioServerTransport());
    options.log(`planbox mcp: serving ${planbox.dataDir} over stdio`);
    await closed;
  } finally {
    stopWatching();
    stopNotifications();
    process.stdin.off('end', stop);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  // A step still running in the sandbox finishes and is recorded before the store closes.
  await kit.settle();
}
