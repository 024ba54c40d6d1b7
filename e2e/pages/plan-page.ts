import type { Download, Locator, Page } from '@playwright/test';

type Decision = 'approve' | 'reject' | 'request-changes';

/** One plan: header, review (approve / reject / request changes), run controls, live output, steps. */
export class PlanPage {
  readonly view: Locator;
  readonly header: Locator;
  readonly approval: Locator;
  readonly version: Locator;
  readonly stepRows: Locator;
  readonly approveButton: Locator;
  readonly rejectButton: Locator;
  readonly requestChangesButton: Locator;
  readonly approveBlocked: Locator;
  readonly decisionTarget: Locator;
  readonly dialog: Locator;
  readonly comment: Locator;
  readonly confirm: Locator;
  readonly decisionResult: Locator;
  readonly findings: Locator;
  readonly runAllButton: Locator;
  readonly runNextButton: Locator;
  readonly pauseButton: Locator;
  readonly cancelButton: Locator;
  readonly retryButton: Locator;
  readonly skipButton: Locator;
  readonly runStatus: Locator;
  readonly runReport: Locator;
  /** A refused or failed run call, shown next to the run controls. */
  readonly runError: Locator;
  readonly liveOutput: Locator;
  readonly graph: Locator;
  readonly exportFormat: Locator;
  readonly exportButton: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('plan-view');
    this.header = page.getByTestId('plan-header');
    this.approval = page.getByTestId('plan-approval');
    this.version = page.getByTestId('plan-version');
    this.stepRows = page.getByTestId('step-row');
    this.approveButton = page.getByTestId('approve');
    this.rejectButton = page.getByTestId('reject');
    this.requestChangesButton = page.getByTestId('request-changes');
    this.approveBlocked = page.getByTestId('approve-blocked');
    this.decisionTarget = page.getByTestId('decision-target');
    this.dialog = page.getByTestId('decision-dialog');
    this.comment = page.getByTestId('decision-comment');
    this.confirm = page.getByTestId('decision-confirm');
    this.decisionResult = page.getByTestId('decision-result');
    this.findings = page.getByTestId('finding');
    this.runAllButton = page.getByTestId('run-all');
    this.runNextButton = page.getByTestId('run-next');
    this.pauseButton = page.getByTestId('run-pause');
    this.cancelButton = page.getByTestId('run-cancel');
    this.retryButton = page.getByTestId('run-retry');
    this.skipButton = page.getByTestId('run-skip');
    this.runStatus = page.getByTestId('run-status');
    this.runReport = page.getByTestId('run-report');
    this.runError = page.getByTestId('run-panel').getByTestId('error');
    this.liveOutput = page.getByTestId('live-output');
    this.graph = page.getByTestId('mermaid-diagram');
    this.exportFormat = page.getByTestId('export-format');
    this.exportButton = page.getByTestId('export-button');
  }

  async goto(origin: string, plan: string): Promise<void> {
    await this.page.goto(`${origin}/#/plans/${encodeURIComponent(plan)}`);
    await this.view.waitFor();
  }

  stepRow(id: string): Locator {
    return this.page.locator(`[data-testid="step-row"][data-step="${id}"]`);
  }

  riskBadge(id: string): Locator {
    return this.stepRow(id).getByTestId('risk-badge');
  }

  stepStatus(id: string): Locator {
    return this.stepRow(id).getByTestId('status');
  }

  async showReasons(id: string): Promise<Locator> {
    await this.stepRow(id).getByTestId('risk-toggle').click();
    return this.page.locator(`[data-testid="step-reasons"][data-step="${id}"]`);
  }

  async selectStep(id: string): Promise<void> {
    await this.stepRow(id).getByTestId('step-select').check();
  }

  /** Opens the decision dialog, writes the comment and confirms. */
  async decide(decision: Decision, comment?: string): Promise<void> {
    await this.page.getByTestId(decision).click();
    if (comment !== undefined) await this.comment.fill(comment);
    await this.confirm.click();
  }

  async showGraph(): Promise<void> {
    await this.page.getByTestId('show-graph').click();
  }

  async showList(): Promise<void> {
    await this.page.getByTestId('show-list').click();
  }

  /**
   * Exports the plan in the format with this label, from the keyboard (choose the format, Tab to
   * the button, Enter), and returns the file the browser saved.
   */
  async exportAs(label: string): Promise<Download> {
    await this.exportFormat.focus();
    await this.exportFormat.selectOption({ label });
    await this.page.keyboard.press('Tab');
    if ((await this.focusedTestId()) !== 'export-button') throw new Error('Tab did not reach the Export button');
    const saved = this.page.waitForEvent('download');
    await this.page.keyboard.press('Enter');
    return saved;
  }

  /** The test id of the element that has the keyboard focus. */
  focusedTestId(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  }

  /** Presses Tab until the element with this test id has the focus (at most `limit` times). */
  async tabTo(testId: string, limit = 60): Promise<void> {
    for (let i = 0; i < limit; i++) {
      if ((await this.focusedTestId()) === testId) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached [data-testid=${testId}] in ${limit} presses`);
  }
}
