import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The Electron binary's path, or why there is none: it cannot be downloaded on every machine.
 * Asked in a child process, because the electron package tries (and prints) a download.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: resolve(import.meta.dirname, '..'),
    encoding: 'utf8',
  });
  if (probe.status === 0 && probe.stdout) return { path: probe.stdout };
  return { missing: /Electron failed to install[^.]*/.exec(probe.stderr)?.[0] ?? 'no Electron binary' };
}
