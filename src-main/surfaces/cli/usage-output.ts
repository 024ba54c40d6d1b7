import type { ModelUsageTotals, ModelUsageView, RunReportView } from '../../../src-preload/contract';
import { table, type Print } from './output';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** Milliseconds as the CLI writes a wait: "850 ms", "12.3 s", "4 min 5 s". */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function row(name: string, t: ModelUsageTotals): string[] {
  return [name, count(t.calls), count(t.errors), count(t.inputTokens), count(t.outputTokens), formatWait(t.latencyMs)];
}

/** `plan usage`: the plan's model calls in all, by role, and per agent step. */
export function printModelUsage(print: Print, usage: ModelUsageView): void {
  const t = usage.total;
  if (t.calls === 0)
    return print('no model calls yet (they are made by plan new, refine and replan, and by agent steps)');
  print(
    `${plural(t.calls, 'model call')}${t.errors ? ` (${count(t.errors)} failed)` : ''}, ${count(t.inputTokens)} tokens in / ${count(t.outputTokens)} out, ${formatWait(t.latencyMs)} waiting for answers`,
  );
  print('');
  const head = ['CALLS', 'FAILED', 'TOKENS IN', 'TOKENS OUT', 'TIME'];
  const roles = Object.entries(usage.byRole).filter(([, totals]) => totals.calls > 0);
  table([['ROLE', ...head], ...roles.map(([role, totals]) => row(role, totals)), row('total', t)]).forEach(print);
  if (usage.steps.length === 0) return;
  print('');
  table([['STEP', ...head], ...usage.steps.map((step) => row(step.stepId, step))]).forEach(print);
}

/** After a run's message: what each agent step's executor used, and what it says it did. */
export function printAgentOutcomes(print: Print, report: RunReportView): void {
  for (const { stepId, agent } of report.steps) {
    if (!agent) continue;
    print(
      `${stepId}: agent used ${plural(agent.rounds, 'round')}, ${plural(agent.toolCalls, 'tool call')}, ${count(agent.inputTokens)} tokens in / ${count(agent.outputTokens)} out`,
    );
    if (agent.reviewed) {
      const { approved, rejected, edited } = agent.reviewed;
      print(`${stepId}: a person approved ${approved}, rejected ${rejected} and edited ${edited} of its calls`);
    }
    if (agent.gateScore !== undefined && agent.gateScore !== null)
      print(`${stepId}: the gate's last score: ${agent.gateScore.toFixed(2)}`);
    if (agent.summary) print(`${stepId}: summary: ${agent.summary.replace(/\s+/g, ' ').trim()}`);
  }
}
