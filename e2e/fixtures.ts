import { test as base, expect } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli, type CliResult } from '../src-main/testing/cli-runner';
import { servePlanbox, type ServedPlanbox } from './serve';

export interface PlanboxFixture extends ServedPlanbox {
  /** The data folder the server uses (PLANBOX_HOME). */
  home: string;
  /** A scratch folder for workspaces and plan files, removed after the test. */
  scratch: string;
  /** The CLI against the same data folder: a second process, as a person at a terminal would be. */
  cli(args: string[], options?: { cwd?: string }): CliResult;
  /** Copies a folder from resources/examples into the scratch folder and returns its path. */
  example(name: string): string;
}

/**
 * Each test gets its own data folder and its own `planbox serve`, and a page that has opened the
 * printed URL (so it holds the token cookie) and shows the plans list.
 */
export const test = base.extend<{ planbox: PlanboxFixture; planboxEnv: NodeJS.ProcessEnv }>({
  /** Added to the server's environment; a test file overrides it (e.g. PLANBOX_LLM_* for a fake model). */
  planboxEnv: [{}, { option: true }],
  planbox: async ({ page, planboxEnv }, use) => {
    const root = mkdtempSync(join(tmpdir(), 'planbox-e2e-'));
    const home = join(root, 'home');
    const scratch = join(root, 'scratch');
    const served = await servePlanbox(home, planboxEnv);
    await page.goto(served.url);
    await use({
      ...served,
      home,
      scratch,
      cli: (args, options) => runCli(home, args, options),
      example: (name) => {
        const target = join(scratch, name);
        cpSync(join(REPO_ROOT, 'resources', 'examples', name), target, { recursive: true });
        return target;
      },
    });
    await served.stop();
    rmSync(root, { recursive: true, force: true });
  },
});

export { expect };
