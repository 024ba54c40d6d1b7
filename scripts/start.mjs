#!/usr/bin/env node
// `npm start`: builds and opens the desktop app where an Electron binary is available. Electron
// downloads its binary on first start; where that cannot happen (no network, CI), say so in one
// line and point to the command line instead of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  electronBinary = require('electron'); // the electron package exports the binary's path
} catch (error) {
  console.error(
    `planbox: cannot start the desktop app: the Electron binary could not be found or downloaded (${error.constructor.name}); use the command line meanwhile: npx planbox --help`,
  );
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(electronBinary, ['.'], { stdio: 'inherit' });
process.exit(app.status ?? 1);
