import { AGENT_CALL_TEXT_FIELD, type AgentCallView } from '../../../src-preload/contract';

/** The part of a held call a person reads and may edit: a file's content, a patch, or a command. */
export function editableText(call: Pick<AgentCallView, 'tool' | 'input'>): string {
  const value = call.input[AGENT_CALL_TEXT_FIELD[call.tool]];
  return typeof value === 'string' ? value : '';
}

/** The call's arguments with the editable part replaced by `text`. */
export function withEditedText(call: Pick<AgentCallView, 'tool' | 'input'>, text: string): Record<string, unknown> {
  if (call.tool === 'run_command') return { command: text.trim() };
  return { path: call.input.path, [AGENT_CALL_TEXT_FIELD[call.tool]]: text };
}

/** One line naming the call: what it would do, where. */
export function callHeadline(call: AgentCallView): string {
  const target =
    call.tool === 'run_command'
      ? `$ ${oneLine(String(call.input.command ?? ''))}`
      : `${String(call.input.path ?? '?')} (${Buffer.byteLength(editableText(call))} bytes)`;
  return `${call.id}  ${call.planName}/${call.stepId} round ${call.round}  ${call.tool}  ${target}`;
}

/** The whole call for a terminal: the headline, then the text, indented. */
export function describeCall(call: AgentCallView, maxLines = 60): string[] {
  const lines = editableText(call).split('\n');
  const shown = lines.slice(0, maxLines).map((line) => `    ${line}`);
  if (lines.length > maxLines) shown.push(`    … ${lines.length - maxLines} more lines (planbox agent calls --json)`);
  return [callHeadline(call), ...shown];
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
