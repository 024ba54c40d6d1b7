import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { PlansPage } from './pages/plans-page';
import { PlanPage } from './pages/plan-page';
import { StepPage } from './pages/step-page';
import { CheckpointsPage } from './pages/checkpoints-page';
import { ApplyPage } from './pages/apply-page';
import { AuditPage } from './pages/audit-page';

/**
 * The whole review in one sitting, the way the issue tells it: every screen a person passes
 * through, from importing a plan to the host files changing and the audit log vouching for it.
 */
const PLAN = `name: journey
goal: Add a note, clean up, then check for a file nobody made
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: LOW, maxRetries: 0 }
steps:
  - id: write-note
    title: Write a note
    kind: write_file
    path: note.txt
    content: "written in the sandbox\\n"
    effects: { create: [note.txt] }
  - id: clean-build
    title: Remove the build folder
    kind: command
    command: rm -rf build && echo build-folder-removed
    dependsOn: [write-note]
  - id: check-missing
    title: Look for a file nobody made
    kind: command
    command: echo looking-for-missing
    dependsOn: [clean-build]
    acceptance:
      - { description: missing.txt exists, command: "test -f missing.txt" }
`;

test('import, review, approve, run, fail, restore, diff, apply and audit', async ({ page, planbox }) => {
  const plans = new PlansPage(page);
  const plan = new PlanPage(page);
  const step = new StepPage(page);
  const checkpoints = new CheckpointsPage(page);
  const apply = new ApplyPage(page);
  const audit = new AuditPage(page);
  const workspace = planbox.example('greeting-workspace');
  mkdirSync(planbox.scratch, { recursive: true });
  const file = join(planbox.scratch, 'journey.yaml');
  writeFileSync(file, PLAN);
  let planId = '';

  try {
    await test.step('import the plan file through the dialog', async () => {
      await plans.importThroughDialog(file, { workspace });
      await expect(plans.importResult).toContainText('Imported journey');
      await plans.openPlan('journey');
      await plan.view.waitFor();
      planId = new URL(page.url()).hash.split('/')[2]!;
    });

    await test.step('see the risk levels and the reasons for the HIGH step', async () => {
      await expect(plan.riskBadge('write-note')).toHaveText('LOW');
      await expect(plan.riskBadge('clean-build')).toHaveText('HIGH');
      await expect(await plan.showReasons('clean-build')).toContainText('rm -rf');
    });

    await test.step('approve the plan, then the HIGH step on its own', async () => {
      await plan.decide('approve', 'reviewed');
      await expect(plan.approval).toHaveAttribute('data-state', 'approved');
      await plan.selectStep('clean-build');
      await plan.decide('approve', 'only build/ goes');
      await expect(plan.stepRow('clean-build')).toContainText('approved');
    });

    await test.step('run all and watch the output stream', async () => {
      await plan.runAllButton.click();
      await expect(plan.liveOutput).toContainText('build-folder-removed');
      await expect(plan.liveOutput).toContainText('looking-for-missing');
    });

    await test.step('the last step fails its acceptance check; the plan stays at the checkpoint before it', async () => {
      await expect(plan.runReport).toHaveAttribute('data-stopped', 'failed');
      await expect(plan.stepStatus('check-missing')).toHaveText('failed');
      await expect(plan.stepStatus('clean-build')).toHaveText('completed');
    });

    await test.step('restore to the checkpoint before clean-build, after seeing what it undoes', async () => {
      await checkpoints.open(planId);
      await expect(checkpoints.checkpoint('clean-build')).toBeVisible();
      expect(await checkpoints.askToRestore('clean-build')).toContain('clean-build');
      await checkpoints.confirm();
      const shown = JSON.parse(planbox.cli(['plan', 'show', planId, '--json']).stdout) as {
        steps: { id: string; status: string }[];
      };
      expect(shown.steps.find((s) => s.id === 'write-note')!.status).toBe('completed');
      expect(shown.steps.find((s) => s.id === 'clean-build')!.status).not.toBe('completed');
    });

    await test.step("open write-note's changes in Monaco's diff editor", async () => {
      await step.goto(planbox.origin, planId, 'write-note');
      await expect(step.changedFiles.filter({ hasText: 'note.txt' })).toBeVisible();
      await step.changedFiles.filter({ hasText: 'note.txt' }).click();
      await expect(step.diffModifiedSide()).toContainText('written in the sandbox');
    });

    await test.step('apply note.txt: only now does the host folder change', async () => {
      expect(existsSync(join(workspace, 'note.txt'))).toBe(false);
      await apply.open(planId);
      await apply.show('note.txt');
      await apply.monacoDiff();
      expect(await apply.applySelected()).toContain('note.txt');
      await expect(apply.report).toContainText('note.txt');
      expect(readFileSync(join(workspace, 'note.txt'), 'utf8')).toBe('written in the sandbox\n');
    });

    await test.step('the audit log shows every action, and the chain verifies', async () => {
      await audit.open();
      for (const type of [
        'plan.created',
        'plan.approved',
        'step.completed',
        'step.failed',
        'plan.rolled_back',
        'plan.applied',
      ]) {
        await audit.filterType(type);
        await expect(audit.loadedRows.first()).toHaveAttribute('data-type', type);
      }
      await audit.clearFilters();
      await audit.verify();
      await expect(audit.verifyResult).toContainText('Chain intact');
      expect(planbox.cli(['audit', 'verify']).code).toBe(0);
    });
  } finally {
    // Deleting the plan frees its snapshot images.
    if (planId) planbox.cli(['plan', 'delete', planId]);
  }
});
