#!/usr/bin/env node
// `npm start`: builds and opens the desktop app where an Electron binary is available. Electron
// downloads its binary on first start; where that cannot happen (no network, CI), say so in one
// line and point to web mode (`planbox serve`), which shows the same views in a browser.
import { spawnSync } from 'node:child_process';

// Asked in a child process: the electron package prints its download attempt, and only our one
// line should reach the person when it fails.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8' });
if (probe.status !== 0 || !probe.stdout) {
  const reason = /Electron failed to install[^.]*/.exec(probe.stderr)?.[0] ?? 'the Electron binary is not installed';
  console.error(
    `planbox: cannot start the desktop app here (${reason}, and it cannot be downloaded); open the same app in a browser instead: npm run build && npx planbox serve`,
  );
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(probe.stdout, ['.'], { stdio: 'inherit' });
process.exit(app.status ?? 1);
