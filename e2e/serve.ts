import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';

export interface ServedPlanbox {
  /** The address `planbox serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts `planbox serve` (the built CLI) on a free port against a data folder, as a person would.
 * `env` adds to (or, with '', blanks) the process environment, e.g. PLANBOX_LLM_* for a planner.
 */
export async function servePlanbox(home: string, env: NodeJS.ProcessEnv = {}): Promise<ServedPlanbox> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'planbox.js'), 'serve', '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PLANBOX_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`planbox serve exited with ${code}: ${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    stop: () => stopProcess(child),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
