import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MINIMAL_PLAN } from '../src-main/execplan/testdata/minimal-plan';
import { test, expect, type PlanboxFixture } from './fixtures';
import { PlanPage } from './pages/plan-page';
import { PlansPage } from './pages/plans-page';

/** A clean ExecPlan whose two Progress items are still open, so both become steps to do. */
const OPEN_PLAN = MINIMAL_PLAN.replace(
  '- [x] (2026-01-17 10:00Z) Reproduced the sign-out with the two-tab script.',
  '- [ ] Reproduce the sign-out with the two-tab script.',
);

/** The same plan with three problems, each on a line of its own. */
const FLAWED_PLAN = OPEN_PLAN.replace('status: active', 'status: wip')
  .replace('- [ ] Move the route onto the new service.', '- [x] Move the route onto the new service.')
  .replace('Add RefreshService.rotate, then call it from the route.', 'Add RefreshService.rotate, then TBD.');

const lineOf = (text: string, part: string) => text.split('\n').findIndex((line) => line.includes(part)) + 1;

/** Runs the CLI and expects it to succeed. */
function cli(planbox: PlanboxFixture, args: string[]): string {
  const result = planbox.cli(args);
  expect(result.code, `planbox ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function deletePlans(planbox: PlanboxFixture): void {
  const plans = JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout) as { name: string }[];
  for (const plan of plans) planbox.cli(['plan', 'delete', plan.name]);
}

test.describe('ExecPlans in the app', () => {
  test.afterEach(({ planbox }) => deletePlans(planbox));

  test('an imported ExecPlan shows its findings on its lines', async ({ page, planbox }) => {
    const plans = new PlansPage(page);
    const status = lineOf(FLAWED_PLAN, 'status: wip');
    const ticked = lineOf(FLAWED_PLAN, '[x] Move the route');
    const placeholder = lineOf(FLAWED_PLAN, 'then TBD');

    await test.step('drop an ExecPlan with three problems on the plans view', async () => {
      await plans.dropFile('EP-20260117-014_auth-refresh.md', FLAWED_PLAN, { type: 'text/markdown' });
      await expect(plans.importResult).toContainText('Imported EP-20260117-014');
    });

    await test.step('each finding is listed with its line, rule and fix', async () => {
      await expect(plans.findingsView).toContainText('EP-20260117-014_auth-refresh.md: 2 errors, 1 warning');
      await expect(plans.findingsOnLine(status)).toHaveAttribute('data-code', 'frontmatter.value');
      await expect(plans.findingsOnLine(status)).toContainText('Fix:');
      await expect(plans.findingsOnLine(ticked)).toHaveAttribute('data-code', 'progress.missing-timestamp');
      await expect(plans.findingsOnLine(placeholder)).toHaveAttribute('data-code', 'text.placeholder');
    });

    await test.step('the list says what `planbox execplan validate` says about the same file', async () => {
      mkdirSync(planbox.scratch, { recursive: true });
      const file = join(planbox.scratch, 'EP-20260117-014_auth-refresh.md');
      writeFileSync(file, FLAWED_PLAN);
      // Exit code 1: the file has findings at error level.
      const validated = planbox.cli(['execplan', 'validate', file, '--json']);
      expect(validated.code).toBe(1);
      const report = JSON.parse(validated.stdout) as { files: { findings: { rule: string; line: number }[] }[] };
      const fromCli = report.files[0]!.findings.map((found) => `${found.line} ${found.rule}`).sort();
      const items = page.getByTestId('import-finding');
      const shown = await items.evaluateAll((nodes) =>
        nodes.map((node) => `${node.getAttribute('data-line')} ${node.getAttribute('data-code')}`),
      );
      expect(shown.sort()).toEqual(fromCli);
    });

    await test.step('the file is in the editor with the findings marked: the error on line 4 underlined red', async () => {
      await expect(plans.findingsEditor).toHaveAttribute('data-ready', 'true');
      await expect(plans.findingsEditor).toHaveAttribute('data-markers', '3');
      await expect(plans.findingsEditor.locator('.squiggly-error').first()).toBeAttached();
      await expect(plans.findingsEditor.locator('.squiggly-warning')).toHaveCount(0);
    });

    await test.step('choosing a finding moves the editor to its line, where a warning is underlined yellow', async () => {
      await plans.revealFinding(ticked);
      await expect(plans.findingsEditor).toHaveAttribute('data-cursor-line', String(ticked));
      await expect(plans.findingsEditor.locator('.view-line', { hasText: '[x] Move the route' })).toBeVisible();
      await expect(plans.findingsEditor.locator('.squiggly-warning').first()).toBeAttached();
      await plans.revealFinding(placeholder);
      await expect(plans.findingsEditor).toHaveAttribute('data-cursor-line', String(placeholder));
      await expect(plans.findingsEditor.locator('.view-line', { hasText: 'then TBD.' })).toBeVisible();
    });
  });

  test('after its steps are done, the ExecPlan exported from the plan view has them ticked', async ({
    page,
    planbox,
  }) => {
    const plans = new PlansPage(page);
    const plan = new PlanPage(page);
    const name = 'EP-20260118-001';
    const steps = ['reproduce-the-sign-out-with-the-two-tab-script', 'move-the-route-onto-the-new-service'];

    await test.step('import a clean ExecPlan with its workspace: no findings to show', async () => {
      await plans.importFile(
        {
          name: `${name}_auth-refresh.md`,
          mimeType: 'text/markdown',
          buffer: Buffer.from(OPEN_PLAN.replace('EP-20260117-014', name)),
        },
        { workspace: planbox.example('greeting-workspace') },
      );
      await expect(plans.importResult).toContainText(`Imported ${name}`);
      await expect(plans.importResult).toContainText('2 steps');
      await expect(plans.findingsView).toHaveCount(0);
    });

    await test.step('approve it and do its manual steps at the terminal', async () => {
      cli(planbox, ['plan', 'approve', name]);
      cli(planbox, ['plan', 'approve', name, '--steps', steps.join(',')]);
      for (const step of steps) cli(planbox, ['plan', 'complete', step, '-p', name, '--note', 'done by hand']);
    });

    await test.step('export it as an ExecPlan from the plan view', async () => {
      await plans.openPlan(name);
      await expect(plan.view).toHaveAttribute('data-plan', name);
      await expect(plan.stepStatus(steps[1]!)).toHaveAttribute('data-status', 'completed');
      const saved = await plan.exportAs('ExecPlan (markdown)');
      expect(saved.suggestedFilename()).toBe(`${name}.md`);
      const text = readFileSync(await saved.path(), 'utf8');
      expect(text).toMatch(/^---\nid: EP-20260118-001\n/);
      expect(text).toMatch(
        /^- \[x\] \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}Z\) Reproduce the sign-out with the two-tab script\.$/m,
      );
      expect(text).toMatch(/^- \[x\] \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}Z\) Move the route onto the new service\.$/m);
      expect(text).not.toContain('- [ ]');
    });
  });
});
