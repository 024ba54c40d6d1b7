#!/usr/bin/env node
// Entry of the `planbox` command. Checks the Node version before loading anything that would
// crash on an old Node (better-sqlite3 13 needs Node 22+), then runs the built CLI.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `planbox: Node.js ${process.versions.node} is too old; Planbox needs Node.js 22.12 or newer (24 LTS recommended).`,
  );
  process.exit(2);
}
// `planbox plan show | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// Cache compiled code between runs: it takes a third off the start-up time of every command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { run } = await import('../out/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('planbox: the command line is not built yet; run `npm run build` first.');
    process.exit(2);
  }
  throw error;
});
process.exitCode = await run(process.argv.slice(2));
