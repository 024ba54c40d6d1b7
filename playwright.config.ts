import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/electron-binary';

/**
 * End-to-end tests: a real Chromium (Debian's, never a downloaded one) against `planbox serve`,
 * which runs the real backend on a real SQLite file and a real Docker engine.
 */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';

// The list reporter does not show why a test was skipped, so the run says it once, up front.
if (process.env.TEST_WORKER_INDEX === undefined) {
  const electron = electronBinary();
  if ('missing' in electron)
    console.log(`e2e/electron.e2e.ts is skipped: Electron cannot start here (${electron.missing}).`);
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Two cores: one browser at a time keeps step timings steady for the sandbox.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath, args: ['--no-sandbox'] },
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1400, height: 900 },
  },
});
