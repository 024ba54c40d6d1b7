import type { Locator, Page } from '@playwright/test';

/** One step: header, definition (Monaco), output, acceptance, file changes (Monaco diff), attempts. */
export class StepPage {
  readonly view: Locator;
  readonly header: Locator;
  /** The step's own risk badge and status, next to its title. */
  readonly risk: Locator;
  readonly status: Locator;
  readonly definition: Locator;
  readonly definitionEditor: Locator;
  readonly editButton: Locator;
  readonly saveButton: Locator;
  readonly readOnlyNote: Locator;
  readonly output: Locator;
  readonly acceptanceChecks: Locator;
  readonly changedFiles: Locator;
  readonly diffEditor: Locator;
  readonly attempts: Locator;
  readonly lastError: Locator;
  readonly runButton: Locator;
  readonly cancelButton: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('step-view');
    this.header = page.getByTestId('step-header');
    this.risk = page.getByTestId('step-title').getByTestId('risk-badge');
    this.status = page.getByTestId('step-title').getByTestId('status');
    this.definition = page.getByTestId('step-definition');
    this.definitionEditor = this.definition.getByTestId('monaco-editor');
    this.editButton = page.getByTestId('definition-edit');
    this.saveButton = page.getByTestId('definition-save');
    this.readOnlyNote = page.getByTestId('definition-readonly');
    this.output = page.getByTestId('step-output');
    this.acceptanceChecks = page.getByTestId('acceptance-check');
    this.changedFiles = page.getByTestId('changed-file');
    this.diffEditor = page.getByTestId('monaco-diff');
    this.attempts = page.getByTestId('attempt');
    this.lastError = page.getByTestId('step-last-error');
    this.runButton = page.getByTestId('step-run-button');
    this.cancelButton = page.getByTestId('step-cancel');
  }

  async goto(origin: string, plan: string, step: string): Promise<void> {
    await this.page.goto(`${origin}/#/plans/${encodeURIComponent(plan)}/steps/${encodeURIComponent(step)}`);
    await this.view.waitFor();
  }

  /** The text Monaco shows in the definition editor (its rendered lines). */
  definitionText(): Locator {
    return this.definitionEditor.locator('.view-lines');
  }

  /** The right-hand (changed) side of the diff editor. */
  diffModifiedSide(): Locator {
    return this.diffEditor.locator('.editor.modified .view-lines');
  }

  diffOriginalSide(): Locator {
    return this.diffEditor.locator('.editor.original .view-lines');
  }

  /** Replaces the definition in the (editable) Monaco editor with new text. */
  async replaceDefinition(text: string): Promise<void> {
    await this.definitionEditor.locator('.view-lines').click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }
}
