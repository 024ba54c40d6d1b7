import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: a real Chromium (Debian's, never a downloaded one) against `planbox serve`,
 * which runs the real backend on a real SQLite file and a real Docker engine.
 */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';

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
