import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { test, expect, type PlanboxFixture } from './fixtures';
import { PlansPage } from './pages/plans-page';

const example = (name: string) => join(REPO_ROOT, 'resources', 'examples', name);

/** A plan whose second step needs a step that does not exist: a validation error. */
const BROKEN_PLAN = `name: broken
goal: Depend on a step nobody wrote
tags: [broken]
sandbox: { image: planbox-test/busybox:latest }
steps:
  - id: first
    title: Say hello
    kind: command
    command: echo hello
  - id: second
    title: Wait for a ghost
    kind: command
    command: echo never
    dependsOn: [ghost]
`;

/** Deletes the test's plans, which frees their snapshot images in Docker. */
function deletePlans(planbox: PlanboxFixture): void {
  const plans = JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout) as { name: string }[];
  for (const plan of plans) planbox.cli(['plan', 'delete', plan.name]);
}

test.describe('plans list', () => {
  test.afterEach(({ planbox }) => deletePlans(planbox));

  test('imports plan files through the file dialog and finds them by status, tag and search', async ({
    page,
    planbox,
  }) => {
    const plans = new PlansPage(page);
    const workspace = planbox.example('greeting-workspace');

    await test.step('import add-greeting with its workspace through the file dialog', async () => {
      await plans.importThroughDialog(example('add-greeting.yaml'), { workspace });
      await expect(plans.importResult).toContainText('Imported add-greeting');
      await expect(plans.importResult).toContainText('2 steps');
      await expect(plans.row('add-greeting')).toBeVisible();
    });

    await test.step('import risky without a workspace', async () => {
      await plans.importFile(example('risky.yaml'));
      await expect(plans.importResult).toContainText('Imported risky');
      await expect(plans.rows).toHaveCount(2);
    });

    await test.step('each row shows status, risk, progress, tags and the time of the last change', async () => {
      const risky = plans.row('risky');
      await expect(risky.getByTestId('status')).toHaveText('ready');
      await expect(risky.getByTestId('risk-badge')).toHaveText('CRITICAL');
      await expect(risky.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
      await expect(risky.getByRole('button', { name: 'risk' })).toBeVisible();
      await expect(risky.locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
      await expect(plans.row('add-greeting').getByTestId('risk-badge')).toHaveText('LOW');
    });

    await test.step('the backend holds both plans, the first with its workspace', async () => {
      const listed = JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout) as {
        name: string;
        workspace: string | null;
      }[];
      expect(listed.map((p) => p.name).sort()).toEqual(['add-greeting', 'risky']);
      expect(listed.find((p) => p.name === 'add-greeting')!.workspace).toContain('greeting-workspace');
    });

    await test.step('filter by tag, by status, and search by name', async () => {
      await plans.tagFilter.selectOption('risk');
      await expect(plans.rows).toHaveCount(1);
      await expect(plans.row('risky')).toBeVisible();
      await plans.tagFilter.selectOption('');

      planbox.cli(['plan', 'approve', 'add-greeting']);
      await plans.statusFilter.selectOption('approved');
      await expect(plans.rows).toHaveCount(1);
      await expect(plans.row('add-greeting')).toBeVisible();
      await plans.statusFilter.selectOption('');

      await plans.search.fill('GREET');
      await expect(plans.rows).toHaveCount(1);
      await expect(plans.row('add-greeting')).toBeVisible();
      await plans.search.fill('nothing-like-this');
      await expect(page.getByTestId('no-match')).toBeVisible();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect(plans.rows).toHaveCount(2);
    });

    await test.step('a tag in a row filters the list to it', async () => {
      await plans.row('risky').getByRole('button', { name: 'risk' }).click();
      await expect(plans.tagFilter).toHaveValue('risk');
      await expect(plans.rows).toHaveCount(1);
    });

    await test.step('the row opens the plan', async () => {
      await plans.openPlan('risky');
      await expect(page.getByTestId('plan-view')).toHaveAttribute('data-plan', 'risky');
    });
  });

  test('a plan file dropped on the view is imported', async ({ page, planbox }) => {
    const plans = new PlansPage(page);
    const workspace = planbox.example('greeting-workspace');
    await plans.dropFile(
      'dropped.yaml',
      BROKEN_PLAN.replace('dependsOn: [ghost]', 'dependsOn: [first]').replace('broken', 'dropped'),
      {
        workspace,
      },
    );
    await expect(plans.importResult).toContainText('Imported dropped');
    await expect(plans.row('dropped')).toBeVisible();
    expect(planbox.cli(['plan', 'show', 'dropped']).stdout).toContain('dropped');
  });

  test('a file with validation errors is refused with its findings, and kept as a draft when asked', async ({
    page,
    planbox,
  }) => {
    const plans = new PlansPage(page);
    mkdirSync(planbox.scratch, { recursive: true });
    const file = join(planbox.scratch, 'broken.yaml');
    writeFileSync(file, BROKEN_PLAN);

    await test.step('refused: the error and every finding are shown next to the import', async () => {
      await plans.importFile(file);
      await expect(plans.importError()).toContainText('ghost');
      await expect(plans.importFindings).toContainText('ghost');
      await expect(plans.importPanel).toContainText('Keep it as a draft');
      await expect(plans.rows).toHaveCount(0);
      expect(JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout)).toEqual([]);
    });

    await test.step('kept as a draft when the box is ticked', async () => {
      await plans.importFile(file, { draft: true });
      await expect(plans.importResult).toContainText('Imported broken');
      await expect(plans.importResult).toContainText('stays a draft');
      await expect(plans.row('broken').getByTestId('status')).toHaveText('draft');
    });
  });

  test('a workspace that does not exist is refused with a message that names it', async ({ page, planbox }) => {
    const plans = new PlansPage(page);
    await plans.importFile(example('add-greeting.yaml'), { workspace: '/no/such/folder' });
    await expect(plans.importError()).toContainText('/no/such/folder');
    await expect(plans.rows).toHaveCount(0);
    expect(JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout)).toEqual([]);
  });

  test('the list follows plans imported by another process, and Create from goal waits for an LLM provider', async ({
    page,
    planbox,
  }) => {
    const plans = new PlansPage(page);
    await expect(page.getByTestId('no-plans')).toBeVisible();
    planbox.cli(['plan', 'import', example('risky.yaml')]);
    await expect(plans.row('risky')).toBeVisible();

    await expect(plans.createFromGoal).toBeDisabled();
    await expect(page.locator('span[title*="LLM provider"]')).toBeVisible();
  });
});
