import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src-main/testing/cli-runner';
import { test, expect, type PlanboxFixture } from './fixtures';
import { StepPage } from './pages/step-page';

const example = (name: string) => join(REPO_ROOT, 'resources', 'examples', name);

function writePlan(planbox: PlanboxFixture, name: string, text: string): string {
  mkdirSync(planbox.scratch, { recursive: true });
  const file = join(planbox.scratch, name);
  writeFileSync(file, text);
  return file;
}

/** Collects Content Security Policy violations the page reports on its console. */
function watchCsp(page: import('@playwright/test').Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Deletes the test's plans, which frees their snapshot images in Docker. */
function deletePlans(planbox: PlanboxFixture): void {
  const plans = JSON.parse(planbox.cli(['plan', 'list', '--json']).stdout) as { name: string }[];
  for (const plan of plans) planbox.cli(['plan', 'delete', plan.name]);
}

test.describe('step view', () => {
  test.afterEach(({ planbox }) => deletePlans(planbox));

  test('a completed step: its definition in Monaco, its file changes in the diff editor, output and acceptance', async ({
    page,
    planbox,
  }) => {
    const violations = watchCsp(page);
    const step = new StepPage(page);
    const workspace = planbox.example('greeting-workspace');
    planbox.cli(['plan', 'import', example('add-greeting.yaml'), '--workspace', workspace]);
    planbox.cli(['plan', 'approve', 'add-greeting']);
    expect(planbox.cli(['plan', 'next', '--auto', 'add-greeting']).code).toBe(0);

    await test.step('the write step: definition as YAML, read-only once approved', async () => {
      await step.goto(planbox.origin, 'add-greeting', 'write-script');
      await expect(step.header).toContainText('Create the greeting script');
      await expect(step.header.getByTestId('step-kind')).toHaveText('write_file');
      await expect(step.status).toHaveText('completed');
      await expect(step.definitionEditor).toHaveAttribute('data-ready', 'true');
      await expect(step.definitionText()).toContainText('path: greet.sh');
      await expect(step.readOnlyNote).toContainText('Read-only');
    });

    await test.step('its file changes: the file list and the side-by-side diff in Monaco', async () => {
      await expect(step.changedFiles).toHaveCount(1);
      await expect(step.changedFiles.first()).toHaveAttribute('data-path', 'greet.sh');
      await expect(step.diffEditor).toHaveAttribute('data-ready', 'true');
      await expect(step.diffModifiedSide()).toContainText('echo hello');
      await expect(step.diffOriginalSide()).not.toContainText('echo hello');
    });

    await test.step('the run step: output, acceptance result, attempts, dependencies', async () => {
      await page.getByRole('link', { name: /Run it/ }).click();
      await expect(step.view).toHaveAttribute('data-step', 'run-script');
      await expect(step.output).toContainText('hello');
      await expect(step.acceptanceChecks).toHaveCount(1);
      await expect(step.acceptanceChecks.first()).toHaveAttribute('data-result', 'passed');
      await expect(step.attempts).toHaveCount(1);
      await expect(step.attempts.first()).toHaveAttribute('data-status', 'completed');
      await expect(page.getByTestId('step-dependencies')).toContainText('Create the greeting script');
      await expect(page.getByTestId('step-changes')).toContainText('changed no file');
    });

    expect(violations).toEqual([]);
  });

  test('a step that failed its acceptance check shows why, and keeps no changes', async ({ page, planbox }) => {
    const step = new StepPage(page);
    const plan = `name: failing
goal: Fail an acceptance check
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: LOW, maxRetries: 0 }
steps:
  - id: look
    title: Look for a file nobody made
    kind: command
    command: echo looking && echo x > partial.txt
    effects: { create: [partial.txt] }
    acceptance:
      - { description: missing.txt exists, command: "test -f missing.txt" }
`;
    planbox.cli(['plan', 'import', writePlan(planbox, 'failing.yaml', plan)]);
    planbox.cli(['plan', 'approve', 'failing']);
    expect(planbox.cli(['plan', 'next', 'failing']).code).not.toBe(0);

    await step.goto(planbox.origin, 'failing', 'look');
    await expect(step.status).toHaveText('failed');
    await expect(step.lastError).toContainText("acceptance check 'missing.txt exists' failed");
    await expect(step.acceptanceChecks.first()).toHaveAttribute('data-result', 'failed');
    await expect(step.acceptanceChecks.first()).toContainText('exit 1');
    await expect(step.attempts.first().getByTestId('attempt-reason')).toContainText('missing.txt exists');
    await expect(step.output).toContainText('looking');
    await expect(page.getByTestId('step-changes')).toContainText('changes were not kept');
  });

  test('a ready plan: editing a step writes a new version; an edit that breaks the plan is refused', async ({
    page,
    planbox,
  }) => {
    const step = new StepPage(page);
    planbox.cli(['plan', 'import', example('risky.yaml')]);
    await step.goto(planbox.origin, 'risky', 'clean-build');
    await expect(step.risk).toHaveText('HIGH');
    await expect(step.header).toContainText('deletes files recursively');

    await test.step('an edit that depends on a missing step is refused, and nothing is saved', async () => {
      await step.editButton.click();
      await expect(step.definitionEditor).toHaveAttribute('data-ready', 'true');
      await step.replaceDefinition(
        'id: clean-build\ntitle: Clean\nkind: command\ncommand: echo clean\ndependsOn: [no-such-step]\n',
      );
      await step.saveButton.click();
      await expect(step.definition.getByTestId('error')).toContainText('no-such-step');
      expect(planbox.cli(['plan', 'history', 'risky']).stdout).not.toContain('edit');
    });

    await test.step('a good edit writes version 2 and the risk follows the new command', async () => {
      await step.replaceDefinition(
        'id: clean-build\ntitle: Empty the build folder\nkind: command\ncommand: mkdir -p build && echo cleaned\ndependsOn: [download-tool]\n',
      );
      await step.saveButton.click();
      await expect(step.header).toContainText('Empty the build folder');
      await expect(step.risk).toHaveText('LOW');
      await expect(step.editButton).toBeVisible();
      const history = JSON.parse(planbox.cli(['plan', 'history', 'risky', '--json']).stdout) as {
        version: number;
        reason: string;
        surface: string;
      }[];
      expect(history.at(-1)).toMatchObject({ version: 2, reason: 'edit', surface: 'ui' });
    });
  });

  test('the output of a running step streams into the step view', async ({ page, planbox }) => {
    const step = new StepPage(page);
    const plan = `name: long-wait
goal: Print a line, then wait
sandbox: { image: planbox-test/busybox:latest, network: none }
policy: { autoApprove: MEDIUM, maxRetries: 0, stepTimeoutSec: 900 }
steps:
  - id: wait
    title: Print and wait
    kind: command
    command: echo first-line && sleep 600
`;
    planbox.cli(['plan', 'import', writePlan(planbox, 'long-wait.yaml', plan)]);
    planbox.cli(['plan', 'approve', 'long-wait']);
    await step.goto(planbox.origin, 'long-wait', 'wait');

    await step.runButton.click();
    // The step sleeps for ten minutes after printing, so this line can only have come as a stream.
    await expect(step.status).toHaveText('in progress');
    await expect(step.output).toContainText('first-line');
    await expect(step.output).toContainText('(live)');

    await step.cancelButton.click();
    await expect(page.getByTestId('step-run-report')).toHaveAttribute('data-stopped', 'cancelled');
    await expect(step.status).not.toHaveText('in progress');
    await expect(page.getByTestId('step-retry')).toBeVisible();
  });
});
