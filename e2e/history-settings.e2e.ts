import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { test, expect } from './fixtures';
import { HistoryPage } from './pages/history-page';
import { SettingsPage } from './pages/settings-page';

const EXAMPLE = join(REPO_ROOT, 'resources', 'examples', 'add-greeting.yaml');

test.describe('history', () => {
  test('two versions compared side by side, and an old one restored', async ({ page, planbox }) => {
    let planId = '';
    await test.step('a plan is imported, then imported again with a changed and an added step', async () => {
      const workspace = planbox.example('greeting-workspace');
      const first = planbox.cli(['plan', 'import', EXAMPLE, '--workspace', workspace, '--json']);
      expect(first.code, first.stderr).toBe(0);
      planId = (JSON.parse(first.stdout) as { plan: { id: string } }).plan.id;
      const edited = join(planbox.scratch, 'add-greeting.yaml');
      writeFileSync(
        edited,
        readFileSync(EXAMPLE, 'utf8').replace('command: sh greet.sh\n', 'command: sh greet.sh && cat greet.sh\n') +
          [
            '  - id: show-script',
            '    title: Show the script',
            '    kind: command',
            '    command: cat greet.sh',
            '    dependsOn: [run-script]',
            '',
          ].join('\n'),
      );
      const second = planbox.cli(['plan', 'import', edited, '--workspace', workspace]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/version 2/);
    });

    const history = new HistoryPage(page);
    await test.step('the versions are listed, the newest current', async () => {
      await history.open(planId);
      await expect(history.versions).toHaveCount(2);
      await expect(history.version(2).getByTestId('current-marker')).toBeVisible();
      await expect(history.version(1).getByTestId('current-marker')).toHaveCount(0);
      await expect(history.version(1)).toContainText('import');
    });

    await test.step('comparing v1 with v2 names the added and changed steps and shows both files', async () => {
      await history.pick(1, 2);
      await expect(history.comparison.getByTestId('steps-added')).toContainText('show-script');
      await expect(history.comparison.getByTestId('steps-changed')).toContainText('run-script');
      const diff = await history.monacoDiff();
      await expect(diff).toContainText('show-script');
      await expect(diff).toContainText('cat greet.sh');
    });

    await test.step('restoring v1 writes it as v3, after a confirmation', async () => {
      await history.restore(1, 'the extra step is not needed');
      await expect(page.getByTestId('restore-note')).toContainText('Version 1 restored as version 3');
      await expect(history.versions).toHaveCount(3);
      await expect(history.version(3).getByTestId('current-marker')).toBeVisible();
      await expect(history.version(3)).toContainText('the extra step is not needed');
      await expect(history.compare).toHaveAttribute('data-from', '1');
      await expect(history.compare).toHaveAttribute('data-to', '3');
      await expect(history.comparison).toContainText('same steps');
    });

    await test.step('the plan itself is at v3 with the original steps', async () => {
      const shown = JSON.parse(planbox.cli(['plan', 'show', planId, '--json']).stdout) as {
        version: number;
        steps: { id: string }[];
      };
      expect(shown.version).toBe(3);
      expect(shown.steps.map((s) => s.id)).toEqual(['write-script', 'run-script']);
    });
  });
});

test.describe('settings', () => {
  test('the Docker engine status, settings with inline errors, disk, data folder, recovery', async ({
    page,
    planbox,
  }) => {
    const settings = new SettingsPage(page);
    await settings.open();

    await test.step('the engine answers with its version and storage driver', async () => {
      const status = JSON.parse(planbox.cli(['sandbox', 'status', '--json']).stdout) as {
        engine: { version: string; storageDriver: string };
      };
      await expect(settings.engine).toHaveAttribute('data-ok', 'true');
      await expect(settings.engine).toContainText(`Docker Engine ${status.engine.version}`);
      await expect(settings.engine.getByTestId('engine-storage-driver')).toHaveText(status.engine.storageDriver);
      await expect(settings.diskUsage).toContainText('budget');
    });

    await test.step('the data folder and the sandbox defaults are shown', async () => {
      await expect(settings.dataDir).toHaveText(planbox.home);
      await expect(page.getByTestId('sandbox-defaults')).toContainText('planbox/sandbox:latest');
    });

    await test.step('a value the backend refuses is explained under its field', async () => {
      await settings.set('sandbox.diskBudgetMb', 'lots');
      await expect(settings.field('sandbox.diskBudgetMb').getByTestId('setting-error')).toContainText(
        'must be a whole number of megabytes',
      );
      await settings.set('sandbox.diskBudgetMb', '30000');
      await expect(settings.field('sandbox.diskBudgetMb').getByRole('status')).toHaveText('Saved');
      await expect(settings.field('sandbox.diskBudgetMb').getByTestId('setting-error')).toHaveCount(0);
      await expect(settings.diskUsage).toContainText('29.3 GiB budget');
      const listed = JSON.parse(planbox.cli(['settings', 'list', '--json']).stdout) as {
        key: string;
        value: unknown;
      }[];
      expect(listed.find((s) => s.key === 'sandbox.diskBudgetMb')!.value).toBe(30000);
    });

    await test.step('pointing docker.host elsewhere shows the failure, and the default reconnects', async () => {
      await settings.set('docker.host', 'tcp://127.0.0.1:1');
      await expect(settings.engine).toHaveAttribute('data-ok', 'false');
      await expect(settings.engine).toContainText('tcp://127.0.0.1:1');
      await settings.useDefault('docker.host');
      await expect(settings.engine).toHaveAttribute('data-ok', 'true');
    });

    await test.step('recovery reports what it found', async () => {
      await page.getByTestId('recover').click();
      await expect(page.getByTestId('recover-report')).toContainText('Interrupted steps: 0');
    });

    await test.step('the LLM section shows the provider settings, and where the key comes from', async () => {
      await expect(page.getByTestId('setting-llm-plannerModel')).toBeVisible();
      // Web mode has no OS keychain: the key comes from the environment only, and no field asks for it.
      await expect(page.getByTestId('llm-key-note')).toContainText(
        'cannot keep a key: set PLANBOX_LLM_API_KEY in the environment',
      );
      await expect(page.getByTestId('api-key-input')).toHaveCount(0);
    });
  });
});
