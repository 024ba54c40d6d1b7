import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { AuditPage } from './pages/audit-page';
import { ApplyPage } from './pages/apply-page';
import { CheckpointsPage, runGreetingPlan } from './pages/checkpoints-page';

interface ShownPlan {
  status: string;
  steps: { id: string; status: string }[];
}

test.describe('checkpoints and apply', () => {
  let planId = '';

  test.afterEach(({ planbox }) => {
    // Frees the plan's snapshot images on the Docker engine; the data folder goes with the fixture.
    if (planId) planbox.cli(['plan', 'delete', planId]);
  });

  test('restore to a checkpoint, apply the result to the workspace, and find it all in the audit log', async ({
    page,
    planbox,
  }) => {
    let workspace = '';
    await test.step('the greeting plan is imported, approved and run to the end', async () => {
      ({ planId, workspace } = runGreetingPlan(planbox));
    });

    const checkpoints = new CheckpointsPage(page);
    await test.step('the timeline shows a snapshot for each completed step', async () => {
      await checkpoints.open(planId);
      await expect(checkpoints.checkpoints).toHaveCount(2);
      expect(await checkpoints.steps()).toEqual(['write-script', 'run-script']);
      await expect(page.getByTestId('checkpoint-base')).toContainText(/snp_/);
    });

    await test.step('restoring to before the first step would undo both, with the file it created', async () => {
      expect(await checkpoints.askToRestore('write-script')).toEqual(['write-script', 'run-script']);
      await expect(checkpoints.dialog.getByTestId('rollback-file')).toHaveText(['added greet.sh']);
      await checkpoints.cancel();
      await expect(checkpoints.checkpoints).toHaveCount(2);
    });

    await test.step('restoring to before the second step undoes only that one', async () => {
      expect(await checkpoints.askToRestore('run-script')).toEqual(['run-script']);
      await checkpoints.confirm();
      await expect(checkpoints.note).toContainText('undid run-script');
      await expect(checkpoints.checkpoints).toHaveCount(1);
      await expect(page.getByTestId('steps-not-run')).toContainText('Run it');
    });

    await test.step('the plan itself reflects the rollback', async () => {
      const shown = planbox.cli(['plan', 'show', planId, '--json']);
      const plan = JSON.parse(shown.stdout) as ShownPlan;
      expect(plan.steps.find((s) => s.id === 'write-script')!.status).toBe('completed');
      expect(plan.steps.find((s) => s.id === 'run-script')!.status).toBe('rolled_back');
    });

    const apply = new ApplyPage(page);
    const greet = join(workspace, 'greet.sh');
    await test.step('the apply view shows the cumulative diff in Monaco', async () => {
      await apply.open(planId);
      await expect(apply.files).toHaveCount(1);
      await expect(apply.file('greet.sh')).toHaveAttribute('data-kind', 'added');
      await expect(apply.checkbox('greet.sh')).toBeChecked();
      await apply.show('greet.sh');
      await expect(await apply.monacoDiff()).toContainText('echo hello');
      expect(existsSync(greet)).toBe(false);
    });

    await test.step('a file changed on the host meanwhile is a conflict that needs an explicit choice', async () => {
      writeFileSync(greet, 'echo mine\n');
      await page.reload();
      await expect(apply.file('greet.sh')).toHaveAttribute('data-conflict', 'true');
      await expect(apply.file('greet.sh').getByTestId('apply-conflict')).toContainText('created in the workspace');
      await expect(apply.checkbox('greet.sh')).toBeDisabled();
      await expect(apply.applyButton).toBeDisabled();
      await apply.force('greet.sh');
      await apply.checkbox('greet.sh').check();
    });

    await test.step('applying the selected file writes it into the workspace on the host', async () => {
      expect(await apply.applySelected()).toEqual(['greet.sh']);
      await expect(apply.report.getByTestId('applied-written')).toHaveText(/greet\.sh/);
      expect(readFileSync(greet, 'utf8')).toBe('echo hello\n');
      await expect(apply.file('greet.sh')).toHaveAttribute('data-action', 'unchanged');
    });

    await test.step('the audit log holds every action, and its chain verifies', async () => {
      const audit = new AuditPage(page);
      await audit.open();
      await audit.filterPlan('add-greeting');
      const expected = [
        'plan.created',
        'plan.approved',
        'sandbox.workspace_imported',
        'step.started',
        'step.completed',
        'plan.completed',
        'plan.rolled_back',
        'plan.applied',
      ];
      for (const type of expected) await expect(audit.row(type).first()).toBeVisible();
      await expect(audit.row('step.completed')).toHaveCount(2);
      await audit.verify();
      await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
    });
  });
});
