import { AGENT_CALL_TEXT_FIELD, type AgentCallView, type ReviewedAgentTool } from '../../../../src-preload/contract';
// The table itself, not the monaco index: that one pulls in Svelte components.
import { languageOf } from '../../lib/monaco/language';

/**
 * A held call as the reviewer sees and edits it: the one text that matters (the file's content,
 * the patch or the command) in an editor, and for file tools the path beside it.
 */
export interface HeldCallEdit {
  tool: ReviewedAgentTool;
  /** The file the call writes or patches; undefined for run_command. */
  path: string | undefined;
  text: string;
}

/** What each tool is called in the app, and which field of its input the editor shows. */
export const TOOL_META: Record<ReviewedAgentTool, { label: string; field: 'content' | 'patch' | 'command' }> = {
  write_file: { label: 'Write a file', field: AGENT_CALL_TEXT_FIELD.write_file },
  apply_patch: { label: 'Patch a file', field: AGENT_CALL_TEXT_FIELD.apply_patch },
  run_command: { label: 'Run a command', field: AGENT_CALL_TEXT_FIELD.run_command },
};

const text = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

/** The call's input as editor text and path. */
export function editOf(call: Pick<AgentCallView, 'tool' | 'input'>): HeldCallEdit {
  const { field } = TOOL_META[call.tool];
  return {
    tool: call.tool,
    path: call.tool === 'run_command' ? undefined : text(call.input['path']),
    text: text(call.input[field]),
  };
}

/** The Monaco language for the call's text: the file's own for write_file, a diff, or shell. */
export function languageOfCall(edit: Pick<HeldCallEdit, 'tool' | 'path'>): string {
  if (edit.tool === 'apply_patch') return 'diff';
  if (edit.tool === 'run_command') return 'shell';
  return languageOf(edit.path ?? '');
}

/** The `input` an edited call runs with: {path, content}, {path, patch} or {command}. */
export function inputOf(edit: HeldCallEdit): Record<string, unknown> {
  const field = AGENT_CALL_TEXT_FIELD[edit.tool];
  return edit.tool === 'run_command' ? { [field]: edit.text } : { path: (edit.path ?? '').trim(), [field]: edit.text };
}

/** Why an edit cannot run as it stands, or undefined when it can. */
export function problemOf(edit: HeldCallEdit): string | undefined {
  if (edit.tool !== 'run_command' && !(edit.path ?? '').trim()) return 'Give the path of the file.';
  if (edit.tool === 'run_command' && !edit.text.trim()) return 'Write the command to run.';
  if (edit.tool === 'apply_patch' && !edit.text.trim()) return 'Write the patch to apply.';
  return undefined;
}

/** Whether the reviewer changed anything, so "Run edited" is not an approval in disguise. */
export function isChanged(original: HeldCallEdit, edited: HeldCallEdit): boolean {
  return original.text !== edited.text || (original.path ?? '').trim() !== (edited.path ?? '').trim();
}

/** An editor tall enough for the text (3 to 18 lines), so a one-line file does not fill the screen. */
export function editorHeight(text: string): string {
  const lines = Math.min(Math.max(text.split('\n').length, 3), 18);
  return `${(lines * 1.25 + 0.75).toFixed(2)}rem`;
}

/** "Step greet, round 2 (attempt 1)": where in the run the call was made. */
export function whereOf(call: Pick<AgentCallView, 'stepId' | 'round' | 'attempt'>): string {
  return `Step ${call.stepId}, round ${call.round}${call.attempt > 1 ? ` (attempt ${call.attempt})` : ''}`;
}

/** A short line naming the call, for labels: "write_file hello.txt", "run_command: cat hello.txt". */
export function titleOf(call: Pick<AgentCallView, 'tool' | 'input'>): string {
  const edit = editOf(call);
  if (edit.tool !== 'run_command') return `${edit.tool} ${edit.path || '(no path)'}`;
  const firstLine = edit.text.split('\n', 1)[0] ?? '';
  const short = firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine;
  return `${edit.tool}: ${short}${edit.text.includes('\n') ? ' …' : ''}`;
}

/** Pending calls counted per plan, oldest request first, for the navigation's badge. */
export function pendingByPlan(calls: readonly AgentCallView[]): { planId: string; planName: string; count: number }[] {
  const byPlan = new Map<string, { planId: string; planName: string; count: number; since: string }>();
  for (const call of calls) {
    if (call.status !== 'pending') continue;
    const entry = byPlan.get(call.planId);
    if (entry) {
      entry.count += 1;
      if (call.requestedAt < entry.since) entry.since = call.requestedAt;
    } else byPlan.set(call.planId, { planId: call.planId, planName: call.planName, count: 1, since: call.requestedAt });
  }
  return [...byPlan.values()]
    .sort((a, b) => a.since.localeCompare(b.since))
    .map(({ planId, planName, count }) => ({ planId, planName, count }));
}

/** The value of a boolean setting from settingsList; absent or not a boolean counts as off. */
export function settingOn(settings: readonly { key: string; value: unknown }[], key: string): boolean {
  return settings.find((setting) => setting.key === key)?.value === true;
}
