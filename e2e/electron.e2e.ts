import { _electron as electron, test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { electronBinary } from './electron-binary';

const binary = electronBinary();
const skipReason =
  'missing' in binary ? `Electron cannot start here (${binary.missing}); web mode covers the views` : '';

test.describe('desktop shell (Electron)', () => {
  test.skip(skipReason !== '', skipReason);

  test('opens one locked-down window whose page reaches the backend only through the bridge', async () => {
    const home = mkdtempSync(join(tmpdir(), 'planbox-electron-'));
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : undefined,
      args: [join(REPO_ROOT, 'out', 'main', 'index.js')],
      env: { ...process.env, PLANBOX_HOME: home },
    });
    try {
      const page = await app.firstWindow();
      await test.step('the page comes from app://, not file://', async () => {
        expect(page.url()).toMatch(/^app:\/\/planbox\//);
      });
      await test.step('no Node in the page; the bridge has one function per contract method', async () => {
        const facts = await page.evaluate(() => ({
          require: typeof (globalThis as { require?: unknown }).require,
          process: typeof (globalThis as { process?: unknown }).process,
          planList: typeof (globalThis as unknown as { planbox: { methods: Record<string, unknown> } }).planbox.methods
            .planList,
        }));
        expect(facts).toEqual({ require: 'undefined', process: 'undefined', planList: 'function' });
      });
      await test.step('a contract call over IPC answers with an envelope', async () => {
        const envelope = await page.evaluate(() =>
          (
            globalThis as unknown as { planbox: { methods: { planList: (i: unknown) => Promise<unknown> } } }
          ).planbox.methods.planList({}),
        );
        expect(envelope).toEqual({ result: [] });
      });
      await test.step('window.open and navigation away are refused', async () => {
        const opened = await page.evaluate(
          () => (globalThis as unknown as { open: (url: string) => unknown }).open('https://example.com') === null,
        );
        expect(opened).toBe(true);
        expect(app.windows()).toHaveLength(1);
      });
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
