import type { Locator, Page } from '@playwright/test';

/** The plans list: import, filters, search and the table of plans. */
export class PlansPage {
  readonly view: Locator;
  readonly rows: Locator;
  readonly workspaceField: Locator;
  readonly draftBox: Locator;
  readonly fileInput: Locator;
  readonly importResult: Locator;
  readonly importPanel: Locator;
  readonly importFindings: Locator;
  readonly search: Locator;
  readonly statusFilter: Locator;
  readonly tagFilter: Locator;
  readonly createFromGoal: Locator;
  /** The imported file's text in a read-only editor, beside its findings. */
  readonly findingsView: Locator;
  readonly findingsEditor: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('plans-view');
    this.rows = page.getByTestId('plan-row');
    this.importPanel = page.getByTestId('import-panel');
    this.workspaceField = page.getByTestId('import-workspace');
    this.draftBox = page.getByTestId('import-draft');
    this.fileInput = page.getByTestId('import-file');
    this.importResult = page.getByTestId('import-result');
    this.importFindings = page.getByTestId('import-findings');
    this.search = page.getByTestId('plan-search');
    this.statusFilter = page.getByTestId('plan-status-filter');
    this.tagFilter = page.getByTestId('plan-tag-filter');
    this.createFromGoal = page.getByRole('button', { name: 'Create from goal…' });
    this.findingsView = page.getByTestId('import-findings-view');
    this.findingsEditor = this.findingsView.getByTestId('monaco-editor');
  }

  async goto(origin: string): Promise<void> {
    await this.page.goto(`${origin}/#/plans`);
    await this.view.waitFor();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="plan-row"][data-plan="${name}"]`);
  }

  importError(): Locator {
    return this.importPanel.getByTestId('error');
  }

  /** Imports through the file dialog, as a person clicking "Choose file" would. */
  async importThroughDialog(file: string, options: { workspace?: string; draft?: boolean } = {}): Promise<void> {
    await this.fillImportOptions(options);
    const chooser = this.page.waitForEvent('filechooser');
    await this.fileInput.click();
    await (await chooser).setFiles(file);
  }

  /** Imports by setting the file on the input (the dialog's result without the dialog). */
  async importFile(
    file: string | { name: string; mimeType: string; buffer: Buffer },
    options: { workspace?: string; draft?: boolean } = {},
  ): Promise<void> {
    await this.fillImportOptions(options);
    await this.fileInput.setInputFiles(file);
  }

  /** Drops a file on the view, as dragging it from the file manager does. */
  async dropFile(name: string, text: string, options: { workspace?: string; type?: string } = {}): Promise<void> {
    await this.fillImportOptions(options);
    const transfer = await this.page.evaluateHandle(
      ([fileName, content, type]) => {
        const data = new DataTransfer();
        data.items.add(new File([content!], fileName!, { type: type! }));
        return data;
      },
      [name, text, options.type ?? 'text/yaml'],
    );
    await this.view.dispatchEvent('dragenter', { dataTransfer: transfer });
    await this.view.dispatchEvent('dragover', { dataTransfer: transfer });
    await this.view.dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** The findings listed for one line of the imported file. */
  findingsOnLine(line: number): Locator {
    return this.findingsView.locator(`[data-testid="import-finding"][data-line="${line}"]`);
  }

  /** Chooses a finding's line link, which moves the editor there. */
  async revealFinding(line: number): Promise<void> {
    await this.findingsOnLine(line)
      .first()
      .getByRole('button', { name: `Show line ${line} in the editor` })
      .click();
  }

  async openPlan(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name }).click();
  }

  private async fillImportOptions(options: { workspace?: string; draft?: boolean }): Promise<void> {
    await this.workspaceField.fill(options.workspace ?? '');
    await this.draftBox.setChecked(options.draft ?? false);
  }
}
