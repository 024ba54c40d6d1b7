import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { test, expect, type PlanboxFixture } from './fixtures';
import { PlansPage } from './pages/plans-page';
import { PlanPage } from './pages/plan-page';

/**
 * Write a note, clean a folder (rm -rf: HIGH risk, needs its own approval), then fail an
 * acceptance check after writing a file that must not survive the failure.
 */
const REVIEW_PLAN = `name: review-run
goal: Write a note, clean up, then look for a file nobody made
tags: [e2e]
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: LOW, maxRetries: 0 }
steps:
  - id: write-note
    title: Write a note
    kind: write_file
    path: note.txt
    content: "hello from planbox\\n"
    effects: { create: [note.txt] }
  - id: clean-build
    title: Remove the build folder
    kind: command
    command: rm -rf build && echo cleaned-build-folder
    dependsOn: [write-note]
  - id: check-missing
    title: Look for a file nobody made
    kind: command
    command: echo partial > partial.txt && echo checking-for-missing
    dependsOn: [clean-build]
    effects: { create: [partial.txt] }
    acceptance:
      - { description: missing.txt exists, command: "test -f missing.txt" }
`;

/** One step that prints a line and then waits far longer than the test, until it is cancelled. */
const WAITING_PLAN = `name: long-wait
goal: Print a line, then wait
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: MEDIUM, maxRetries: 0, stepTimeoutSec: 900 }
steps:
  - id: wait
    title: Print and wait
    kind: command
    command: echo waiting-started && sleep 600 && echo never-printed
`;

/** A step that prints, waits for a file the test writes (through Docker), then a second step. */
const PAUSING_PLAN = `name: pausing
goal: Pause between two steps
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: MEDIUM, maxRetries: 0, stepTimeoutSec: 600 }
steps:
  - id: first
    title: First, slow
    kind: command
    command: echo first-started && sleep 4 && echo first-done
  - id: second
    title: Second
    kind: write_file
    path: second.txt
    content: "2\\n"
    dependsOn: [first]
`;

function writePlan(planbox: PlanboxFixture, name: string, text: string): string {
  mkdirSync(planbox.scratch, { recursive: true });
  const file = join(planbox.scratch, name);
  writeFileSync(file, text);
  return file;
}

function showPlan(planbox: PlanboxFixture, name: string) {
  return JSON.parse(planbox.cli(['plan', 'show', name, '--json']).stdout) as {
    status: string;
    approval: { state: string; comment: string | null };
    steps: { id: string; status: string; approval: string; lastError: string | null }[];
  };
}

/** Deletes the test's plans, which frees their snapshot images in Docker. */
function deletePlans(planbox: PlanboxFixture): void {
  const plans = JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout) as { name: string }[];
  for (const plan of plans) planbox.cli(['plan', 'delete', plan.name]);
}

test.describe('plan review', () => {
  test.afterEach(({ planbox }) => deletePlans(planbox));

  test('risk levels and their reasons show on hover and when expanded', async ({ page, planbox }) => {
    const plans = new PlansPage(page);
    const plan = new PlanPage(page);
    await plans.importFile(join(REPO_ROOT, 'resources', 'examples', 'risky.yaml'));
    await plans.openPlan('risky');

    await test.step('each step has its level; the plan is CRITICAL', async () => {
      await expect(plan.header.getByTestId('risk-badge')).toHaveText('CRITICAL');
      await expect(plan.riskBadge('download-tool')).toHaveText('MEDIUM');
      await expect(plan.riskBadge('clean-build')).toHaveText('HIGH');
      await expect(plan.riskBadge('write-env')).toHaveText('HIGH');
      await expect(plan.riskBadge('pipe-installer')).toHaveText('CRITICAL');
      await expect(plan.stepRow('pipe-installer')).toContainText('needs approval');
    });

    await test.step('the reasons are in the badge title (hover) and in the expanded row', async () => {
      await expect(plan.riskBadge('pipe-installer')).toHaveAttribute(
        'title',
        /CRITICAL: pipes a download straight into an interpreter/,
      );
      const reasons = await plan.showReasons('pipe-installer');
      await expect(reasons).toContainText('pipes a download straight into an interpreter');
      await expect(reasons).toContainText('command.pipe-to-shell');
      await expect(reasons).toContainText('can reach the network');
      await expect(plan.stepRow('pipe-installer').getByTestId('risk-toggle')).toHaveAttribute('aria-expanded', 'true');
    });

    await test.step('the validation warning is listed with a link to its step', async () => {
      await expect(plan.findings.first()).toHaveAttribute('data-severity', 'warning');
      await expect(plan.findings.first()).toContainText('curl/wget');
    });

    await test.step('the backend rates them the same', async () => {
      const steps = showPlan(planbox, 'risky').steps;
      expect(steps.find((s) => s.id === 'pipe-installer')!.approval).toBe('required');
    });
  });

  test('approve the plan and a HIGH step, run all, watch the output, and stop at a failed acceptance check', async ({
    page,
    planbox,
  }) => {
    const plans = new PlansPage(page);
    const plan = new PlanPage(page);
    const workspace = planbox.example('greeting-workspace');

    await test.step('import through the UI', async () => {
      await plans.importFile(writePlan(planbox, 'review-run.yaml', REVIEW_PLAN), { workspace });
      await expect(plans.importResult).toContainText('Imported review-run');
      await plans.openPlan('review-run');
      await expect(plan.riskBadge('clean-build')).toHaveText('HIGH');
      await expect(plan.stepRow('clean-build')).toContainText('needs approval');
    });

    await test.step('reject and request changes insist on a comment', async () => {
      await plan.rejectButton.click();
      await expect(plan.confirm).toBeDisabled();
      await plan.comment.fill('not like this');
      await expect(plan.confirm).toBeEnabled();
      await page.getByTestId('decision-cancel').click();
      await expect(plan.dialog).toBeHidden();
      expect(showPlan(planbox, 'review-run').approval.state).toBe('none');
    });

    await test.step('running before approval is refused, and the refusal is shown', async () => {
      await plan.runNextButton.click();
      await expect(plan.runError).toContainText('must be approved before it runs');
      expect(showPlan(planbox, 'review-run').steps.every((s) => s.status === 'pending')).toBe(true);
    });

    await test.step('approve the whole plan with a comment', async () => {
      await plan.decide('approve', 'looks safe to me');
      await expect(plan.decisionResult).toHaveText('Approved the plan.');
      await expect(plan.approval).toHaveAttribute('data-state', 'approved');
      await expect(plan.approval).toContainText('looks safe to me');
      await expect(plan.stepRow('clean-build')).toContainText('needs approval');
    });

    await test.step('approve the HIGH step on its own, with a comment', async () => {
      await plan.selectStep('clean-build');
      await expect(plan.decisionTarget).toHaveText('step clean-build');
      await plan.decide('approve', 'rm -rf only touches build/');
      await expect(plan.decisionResult).toHaveText('Approved step clean-build.');
      await expect(plan.stepRow('clean-build')).toContainText('approved');
      const shown = showPlan(planbox, 'review-run');
      expect(shown.approval).toMatchObject({ state: 'approved', comment: 'looks safe to me' });
      expect(shown.steps.find((s) => s.id === 'clean-build')!.approval).toBe('approved');
    });

    await test.step('run all: the output streams into the live panel', async () => {
      await plan.runAllButton.click();
      await expect(plan.liveOutput).toContainText('cleaned-build-folder');
      await expect(plan.liveOutput).toContainText('checking-for-missing');
    });

    await test.step('the step whose acceptance check fails shows failed, with its reason', async () => {
      await expect(plan.runReport).toHaveAttribute('data-stopped', 'failed');
      await expect(plan.runReport).toContainText("acceptance check 'missing.txt exists' failed");
      await expect(plan.stepStatus('write-note')).toHaveText('completed');
      await expect(plan.stepStatus('clean-build')).toHaveText('completed');
      await expect(plan.stepStatus('check-missing')).toHaveText('failed');
      await expect(plan.stepRow('check-missing').getByTestId('step-error')).toContainText('missing.txt exists');
      await expect(plan.header.getByTestId('status')).toHaveText('failed');
      await expect(page.getByTestId('progress-percentage')).toHaveText('67%');
      await expect(plan.retryButton).toBeEnabled();
      await expect(plan.skipButton).toBeEnabled();
    });

    await test.step('the plan stays at the checkpoint before the failed step', async () => {
      const diff = planbox.cli(['plan', 'diff', 'review-run', '--stat']).stdout;
      expect(diff).toContain('note.txt');
      expect(diff).not.toContain('partial.txt');
      expect(showPlan(planbox, 'review-run').steps.map((s) => s.status)).toEqual(['completed', 'completed', 'failed']);
    });

    await test.step('skip the failed step: the plan can finish', async () => {
      await plan.skipButton.click();
      await expect(page.getByTestId('run-notice')).toContainText('Skipped step check-missing');
      await expect(plan.stepStatus('check-missing')).toHaveText('skipped');
    });
  });

  test('the live output streams while a step runs, and Cancel stops it', async ({ page, planbox }) => {
    const plan = new PlanPage(page);
    planbox.cli(['plan', 'import', writePlan(planbox, 'long-wait.yaml', WAITING_PLAN)]);
    planbox.cli(['plan', 'approve', 'long-wait']);
    await plan.goto(planbox.origin, 'long-wait');

    await plan.runNextButton.click();
    // The step sleeps for ten minutes after printing, so this line can only have come as a stream.
    await expect(plan.liveOutput).toContainText('waiting-started');
    await expect(plan.stepStatus('wait')).toHaveText('in progress');
    await expect(plan.runStatus).toContainText('Running step 1: Print and wait');

    await plan.cancelButton.click();
    await expect(plan.runReport).toHaveAttribute('data-stopped', 'cancelled');
    await expect(plan.stepStatus('wait')).not.toHaveText('in progress');
    await expect(plan.liveOutput).not.toContainText('never-printed');
  });

  test('Pause lets the running step finish, then stops the run there', async ({ page, planbox }) => {
    const plan = new PlanPage(page);
    planbox.cli(['plan', 'import', writePlan(planbox, 'pausing.yaml', PAUSING_PLAN)]);
    planbox.cli(['plan', 'approve', 'pausing']);
    await plan.goto(planbox.origin, 'pausing');

    await test.step('run all; Pause is offered while the plan runs', async () => {
      await expect(plan.pauseButton).toBeDisabled();
      await plan.runAllButton.click();
      await expect(plan.liveOutput).toContainText('first-started');
      await plan.pauseButton.click();
      await expect(page.getByTestId('run-notice')).toContainText('Pausing after step first finishes');
    });

    await test.step('the run stops after the first step; the second has not run', async () => {
      await expect(plan.runReport).toHaveAttribute('data-stopped', 'paused');
      await expect(plan.stepStatus('first')).toHaveText('completed');
      await expect(plan.stepStatus('second')).not.toHaveText('completed');
      expect(showPlan(planbox, 'pausing').status).toBe('paused');
    });
  });

  test('a plan with validation errors cannot be approved from the UI', async ({ page, planbox }) => {
    const plan = new PlanPage(page);
    const broken = REVIEW_PLAN.replace('name: review-run', 'name: broken').replace(
      'dependsOn: [clean-build]',
      'dependsOn: [ghost-step]',
    );
    planbox.cli(['plan', 'import', '--draft', writePlan(planbox, 'broken.yaml', broken)]);
    await plan.goto(planbox.origin, 'broken');

    await expect(plan.header.getByTestId('status')).toHaveText('draft');
    await expect(plan.approveButton).toBeDisabled();
    await expect(plan.approveBlocked).toContainText('1 validation error');
    await expect(plan.findings.filter({ hasText: 'ghost-step' })).toHaveAttribute('data-severity', 'error');

    await test.step('selecting a step does not make approval possible either', async () => {
      await plan.selectStep('write-note');
      await expect(plan.approveButton).toBeDisabled();
    });

    await test.step('the backend agrees: nothing was approved', async () => {
      expect(showPlan(planbox, 'broken').approval.state).toBe('none');
      const refused = planbox.cli(['plan', 'approve', 'broken']);
      expect(refused.code).not.toBe(0);
    });
  });

  test('keyboard only: Tab to Approve, Enter, comment, confirm; Escape closes the dialog', async ({
    page,
    planbox,
  }) => {
    const plan = new PlanPage(page);
    planbox.cli(['plan', 'import', join(REPO_ROOT, 'resources', 'examples', 'add-greeting.yaml')]);
    await plan.goto(planbox.origin, 'add-greeting');
    await expect(plan.approveButton).toBeEnabled();

    await test.step('Escape closes the dialog and gives the focus back', async () => {
      await plan.tabTo('reject');
      await page.keyboard.press('Enter');
      await expect(plan.dialog).toBeVisible();
      expect(await plan.focusedTestId()).toBe('decision-comment');
      await page.keyboard.press('Escape');
      await expect(plan.dialog).toBeHidden();
      expect(await plan.focusedTestId()).toBe('reject');
    });

    await test.step('approve with a comment typed key by key', async () => {
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      expect(await plan.focusedTestId()).toBe('approve');
      await page.keyboard.press('Enter');
      await expect(plan.dialog).toBeVisible();
      expect(await plan.focusedTestId()).toBe('decision-comment');
      for (const key of ['o', 'k', 'Space', '!']) await page.keyboard.press(key === 'Space' ? ' ' : key);
      await page.keyboard.press('Tab');
      expect(await plan.focusedTestId()).toBe('decision-confirm');
      await page.keyboard.press('Enter');
      await expect(plan.dialog).toBeHidden();
      await expect(plan.approval).toHaveAttribute('data-state', 'approved');
    });

    expect(showPlan(planbox, 'add-greeting').approval).toMatchObject({ state: 'approved', comment: 'ok !' });
  });

  test('the steps as a dependency graph, drawn locally, with no CSP violation', async ({ page, planbox }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const plan = new PlanPage(page);
    planbox.cli(['plan', 'import', join(REPO_ROOT, 'resources', 'examples', 'diamond.yaml')]);
    await plan.goto(planbox.origin, 'diamond');

    await plan.showGraph();
    await expect(plan.graph.locator('svg')).toBeVisible();
    const nodes = plan.graph.locator('g.node[data-node]');
    await expect(nodes).toHaveCount(nodeCount(planbox));
    await nodes.first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-view')).toBeVisible();
    expect(violations).toEqual([]);
  });
});

function nodeCount(planbox: PlanboxFixture): number {
  return (JSON.parse(planbox.cli(['plan', 'show', 'diamond', '--json']).stdout) as { steps: unknown[] }).steps.length;
}
