import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The audit log view (#/audit): the virtual table, its filters, the event detail, verify and export. */
export class AuditPage {
  readonly rows: Locator;
  readonly loadedRows: Locator;
  readonly scroller: Locator;
  readonly count: Locator;
  readonly detail: Locator;
  readonly verifyResult: Locator;

  constructor(private readonly page: Page) {
    this.rows = page.getByTestId('audit-row');
    this.loadedRows = page.locator('[data-testid="audit-row"][data-seq]');
    this.scroller = page.getByTestId('audit-scroller');
    this.count = page.getByTestId('audit-count');
    this.detail = page.getByTestId('audit-detail');
    this.verifyResult = page.getByTestId('audit-verify-result');
  }

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Audit log' }).click();
    await expect(this.page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  }

  /** Waits until the table has counted this many events for the current filters. */
  async expectTotal(total: number): Promise<void> {
    await expect(this.count).toHaveAttribute('data-total', String(total));
  }

  row(type: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-type="${type}"]`);
  }

  async types(): Promise<string[]> {
    return this.loadedRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type') ?? ''));
  }

  async seqs(): Promise<number[]> {
    return this.loadedRows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('audit-search').fill(text);
  }

  /** Types a type (or a family such as step.*) and presses Enter, which applies it. */
  async filterType(type: string): Promise<void> {
    const field = this.page.getByTestId('audit-filter-type');
    await field.fill(type);
    await field.press('Enter');
  }

  async filterPlan(name: string): Promise<void> {
    await this.page.getByTestId('audit-filter-plan').selectOption({ label: name });
  }

  async filterActor(actor: string): Promise<void> {
    await this.page.getByTestId('audit-filter-actor').selectOption(actor);
  }

  async filterStep(step: string): Promise<void> {
    await this.page.getByTestId('audit-filter-step').fill(step);
  }

  /** A local date and time (YYYY-MM-DDTHH:MM:SS) in the From or To field. */
  async filterTime(which: 'since' | 'until', local: string): Promise<void> {
    await this.page.getByTestId(`audit-filter-${which}`).fill(local);
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId('audit-clear').click();
  }

  async verify(): Promise<void> {
    await this.page.getByTestId('audit-verify').click();
  }

  async exportJsonl(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('audit-export').click();
    return download;
  }

  /** Scrolls the table to a pixel offset, as dragging the scroll bar would. */
  async scrollTo(top: number): Promise<void> {
    await this.scroller.evaluate((element, y) => {
      element.scrollTop = y;
      element.dispatchEvent(new Event('scroll'));
    }, top);
  }

  async scrollToBottom(): Promise<void> {
    await this.scroller.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      element.dispatchEvent(new Event('scroll'));
    });
  }

  async scrollHeight(): Promise<number> {
    return this.scroller.evaluate((element) => element.scrollHeight);
  }
}
