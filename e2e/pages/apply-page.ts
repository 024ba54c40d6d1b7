import { expect, type Locator, type Page } from '@playwright/test';
import { goTo } from './checkpoints-page';

/** The apply view (#/plans/:plan/apply): changed files, their diffs, conflicts, applying. */
export class ApplyPage {
  readonly files: Locator;
  readonly diff: Locator;
  readonly applyButton: Locator;
  readonly dialog: Locator;
  readonly report: Locator;

  constructor(private readonly page: Page) {
    this.files = page.getByTestId('apply-file');
    this.diff = page.getByTestId('apply-diff');
    this.applyButton = page.getByTestId('apply-selected');
    this.dialog = page.getByTestId('apply-dialog');
    this.report = page.getByTestId('apply-report');
  }

  async open(planId: string): Promise<void> {
    await goTo(this.page, `#/plans/${planId}/apply`);
    await expect(this.page.getByRole('heading', { name: 'Review and apply' })).toBeVisible();
  }

  file(path: string): Locator {
    return this.page.locator(`[data-testid="apply-file"][data-path="${path}"]`);
  }

  checkbox(path: string): Locator {
    return this.file(path).getByTestId('apply-file-check');
  }

  async show(path: string): Promise<void> {
    await this.file(path).getByRole('button', { name: path }).click();
    await expect(this.diff).toHaveAttribute('data-path', path);
  }

  /** The diff editor, once Monaco has loaded. */
  async monacoDiff(): Promise<Locator> {
    const editor = this.diff.getByTestId('monaco-diff');
    await expect(editor).toHaveAttribute('data-ready', 'true');
    return editor;
  }

  async force(path: string): Promise<void> {
    await this.file(path).getByTestId('apply-force').check();
  }

  /** Applies the selected files, confirming; returns the files the dialog listed. */
  async applySelected(): Promise<string[]> {
    await this.applyButton.click();
    await expect(this.dialog).toBeVisible();
    const listed = await this.dialog.getByTestId('apply-dialog-files').locator('code').allTextContents();
    await this.dialog.getByTestId('confirm-ok').click();
    await expect(this.dialog).toBeHidden();
    return listed;
  }
}
