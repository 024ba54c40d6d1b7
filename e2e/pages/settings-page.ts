import { expect, type Locator, type Page } from '@playwright/test';

/** The settings view (#/settings): the Docker engine, sandbox limits, disk, recovery, LLM, about. */
export class SettingsPage {
  readonly engine: Locator;
  readonly diskUsage: Locator;
  readonly dataDir: Locator;

  constructor(private readonly page: Page) {
    this.engine = page.getByTestId('engine-status');
    this.diskUsage = page.getByTestId('disk-usage');
    this.dataDir = page.getByTestId('data-dir');
  }

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Settings' }).click();
    await expect(this.page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  }

  /** The form of one setting, by its key (docker.host → setting-docker-host). */
  field(key: string): Locator {
    return this.page.getByTestId(`setting-${key.replace(/[^a-z0-9]/gi, '-')}`);
  }

  async set(key: string, value: string): Promise<void> {
    const field = this.field(key);
    await field.getByRole('textbox').fill(value);
    await field.getByTestId('setting-save').click();
  }

  async useDefault(key: string): Promise<void> {
    await this.field(key).getByTestId('setting-reset').click();
  }

  async checkEngine(): Promise<void> {
    await this.page.getByTestId('engine-check').click();
  }
}
