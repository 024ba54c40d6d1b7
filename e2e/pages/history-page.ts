import { expect, type Locator, type Page } from '@playwright/test';
import { goTo } from './checkpoints-page';

/** The history view (#/plans/:plan/history): versions, comparing two, restoring one. */
export class HistoryPage {
  readonly versions: Locator;
  readonly compare: Locator;
  readonly comparison: Locator;
  readonly restoreDialog: Locator;

  constructor(private readonly page: Page) {
    this.versions = page.getByTestId('version-row');
    this.compare = page.getByTestId('version-compare');
    this.comparison = page.getByTestId('comparison');
    this.restoreDialog = page.getByTestId('restore-dialog');
  }

  async open(planId: string): Promise<void> {
    await goTo(this.page, `#/plans/${planId}/history`);
    await expect(this.page.getByRole('heading', { name: /^Versions of / })).toBeVisible();
  }

  version(number: number): Locator {
    return this.page.locator(`[data-testid="version-row"][data-version="${number}"]`);
  }

  async pick(from: number, to: number): Promise<void> {
    await this.version(from).getByTestId('compare-from').check();
    await this.version(to).getByTestId('compare-to').check();
    await expect(this.compare).toHaveAttribute('data-from', String(from));
    await expect(this.compare).toHaveAttribute('data-to', String(to));
  }

  async monacoDiff(): Promise<Locator> {
    const editor = this.compare.getByTestId('monaco-diff');
    await expect(editor).toHaveAttribute('data-ready', 'true');
    return editor;
  }

  async restore(version: number, reason: string): Promise<void> {
    await this.version(version).getByTestId('restore-version').click();
    await expect(this.restoreDialog).toBeVisible();
    await this.restoreDialog.getByTestId('restore-reason').fill(reason);
    await this.restoreDialog.getByTestId('confirm-ok').click();
    await expect(this.restoreDialog).toBeHidden();
  }
}
