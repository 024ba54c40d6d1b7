import type { Locator, Page } from '@playwright/test';

type Tool = 'write_file' | 'apply_patch' | 'run_command';

/**
 * Agent tool calls held for a person (runs with HITL): the panel in the plan view, one card per
 * waiting call, the HITL and Gate boxes of the run controls, and the badge in the navigation.
 */
export class HeldCallsPage {
  readonly panel: Locator;
  readonly cards: Locator;
  readonly hitlBox: Locator;
  readonly gateBox: Locator;
  readonly badge: Locator;
  /** While a call is being edited (one at a time): its path field and the button that runs the edit. */
  readonly editPath: Locator;
  readonly runEdited: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('held-calls');
    this.cards = this.panel.getByTestId('held-call');
    this.hitlBox = page.getByTestId('run-hitl');
    this.gateBox = page.getByTestId('run-gate');
    this.badge = page.getByTestId('held-calls-badge');
    this.editPath = this.panel.getByTestId('held-call-edit-path');
    this.runEdited = this.panel.getByTestId('held-call-run-edited');
  }

  /** The waiting call of this tool (the first one, when several wait). */
  card(tool: Tool): Locator {
    return this.panel.locator(`[data-testid="held-call"][data-tool="${tool}"]`).first();
  }

  /** The read-only (or, while editing, editable) text of the call. */
  editor(tool: Tool): Locator {
    return this.card(tool).getByTestId('monaco-editor');
  }

  async approve(tool: Tool): Promise<void> {
    await this.card(tool).getByTestId('held-call-approve').click();
  }

  /** Reject, with a comment the model is told (none when omitted), from the keyboard-reachable form. */
  async reject(tool: Tool, comment?: string): Promise<void> {
    const card = this.card(tool);
    await card.getByTestId('held-call-reject').click();
    if (comment !== undefined) await card.getByTestId('held-call-comment').fill(comment);
    await card.getByTestId('held-call-reject-confirm').click();
  }

  /** Replaces the text in the call's editor (in Edit mode), typing as a person would. */
  async replaceEditorText(tool: Tool, text: string): Promise<void> {
    const editor = this.editor(tool);
    await editor.locator('.view-lines').click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.type(text);
  }
}
