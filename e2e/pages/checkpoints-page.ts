import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { REPO_ROOT } from '../../src-main/testing/cli-runner';
import type { PlanboxFixture } from '../fixtures';

/** A route of the app, reached the way a link would (the hash changes, the page stays). */
export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
}

/**
 * The example plan add-greeting, imported on a copy of greeting-workspace, approved and run to the
 * end with the CLI (a second process, as a person at a terminal would): two completed steps, each
 * with its snapshot. Returns the plan's id and the workspace folder on the host.
 */
export function runGreetingPlan(planbox: PlanboxFixture): { planId: string; workspace: string } {
  const workspace = planbox.example('greeting-workspace');
  const file = join(REPO_ROOT, 'resources', 'examples', 'add-greeting.yaml');
  const imported = planbox.cli(['plan', 'import', file, '--workspace', workspace, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  const planId = (JSON.parse(imported.stdout) as { plan: { id: string } }).plan.id;
  const approved = planbox.cli(['plan', 'approve', planId]);
  expect(approved.code, approved.stderr).toBe(0);
  const ran = planbox.cli(['plan', 'next', '--auto', planId]);
  expect(ran.code, ran.stderr + ran.stdout).toBe(0);
  return { planId, workspace };
}

/** The checkpoints view (#/plans/:plan/checkpoints): the snapshot timeline and restoring. */
export class CheckpointsPage {
  readonly checkpoints: Locator;
  readonly dialog: Locator;
  readonly note: Locator;

  constructor(private readonly page: Page) {
    this.checkpoints = page.getByTestId('checkpoint');
    this.dialog = page.getByTestId('rollback-dialog');
    this.note = page.getByTestId('rollback-note');
  }

  async open(planId: string): Promise<void> {
    await goTo(this.page, `#/plans/${planId}/checkpoints`);
    await expect(this.page.getByRole('heading', { name: 'Checkpoints' })).toBeVisible();
  }

  checkpoint(stepId: string): Locator {
    return this.page.locator(`[data-testid="checkpoint"][data-step="${stepId}"]`);
  }

  async steps(): Promise<string[]> {
    return this.checkpoints.evaluateAll((items) => items.map((item) => item.getAttribute('data-step') ?? ''));
  }

  /** Opens the confirmation for restoring to before a step; returns the steps it says are undone. */
  async askToRestore(stepId: string): Promise<string[]> {
    await this.checkpoint(stepId).getByTestId('restore-checkpoint').click();
    await expect(this.dialog).toBeVisible();
    return this.dialog
      .getByTestId('rollback-step')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-step') ?? ''));
  }

  async confirm(): Promise<void> {
    await this.dialog.getByTestId('confirm-ok').click();
    await expect(this.dialog).toBeHidden();
  }

  async cancel(): Promise<void> {
    await this.dialog.getByTestId('confirm-cancel').click();
    await expect(this.dialog).toBeHidden();
  }
}
