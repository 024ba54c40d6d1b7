import { describe, expect, it } from 'vitest';
import type { ModelUsageTotals, ModelUsageView, RunReportView } from '../../../src-preload/contract';
import { formatWait, printAgentOutcomes, printModelUsage } from './usage-output';

const totals = (calls: number, inputTokens: number, outputTokens: number, latencyMs: number, errors = 0) =>
  ({ calls, errors, inputTokens, outputTokens, latencyMs }) satisfies ModelUsageTotals;
const printed = (write: (print: (line: string) => void) => void) => {
  const lines: string[] = [];
  write((line) => lines.push(line));
  return lines;
};

describe('the CLI prints model use', () => {
  it('as a line in all, a table by role (roles with calls) and one per step', () => {
    const usage: ModelUsageView = {
      planId: 'pln_1',
      total: totals(6, 12_345, 678, 61_500, 1),
      byRole: {
        planner: totals(1, 10_000, 500, 1500),
        executor: totals(5, 2345, 178, 60_000, 1),
        gate: totals(0, 0, 0, 0),
      },
      steps: [{ stepId: 'build', ...totals(5, 2345, 178, 60_000, 1) }],
    };
    expect(printed((print) => printModelUsage(print, usage))).toEqual([
      '6 model calls (1 failed), 12,345 tokens in / 678 out, 1 min 2 s waiting for answers',
      '',
      'ROLE      CALLS  FAILED  TOKENS IN  TOKENS OUT  TIME',
      'planner   1      0       10,000     500         1.5 s',
      'executor  5      1       2,345      178         1 min 0 s',
      'total     6      1       12,345     678         1 min 2 s',
      '',
      'STEP   CALLS  FAILED  TOKENS IN  TOKENS OUT  TIME',
      'build  5      1       2,345      178         1 min 0 s',
    ]);
  });

  it('says so when the plan made no model calls', () => {
    const zero = totals(0, 0, 0, 0);
    const usage: ModelUsageView = {
      planId: 'pln_1',
      total: zero,
      byRole: { planner: zero, executor: zero, gate: zero },
      steps: [],
    };
    expect(printed((print) => printModelUsage(print, usage))).toEqual([
      'no model calls yet (they are made by plan new, refine and replan, and by agent steps)',
    ]);
  });

  it("after a run report, each agent step's rounds, tool calls, tokens and summary", () => {
    const step = {
      attempt: 1,
      ok: true,
      reason: null,
      durationMs: 10,
      snapshotId: null,
      changedPaths: [],
      undeclared: [],
    };
    const report: RunReportView = {
      planId: 'pln_1',
      stopped: 'one-step',
      message: 'step greet completed',
      steps: [
        { stepId: 'setup', ...step },
        {
          stepId: 'greet',
          ...step,
          agent: {
            rounds: 1,
            toolCalls: 3,
            inputTokens: 1200,
            outputTokens: 80,
            summary: 'Wrote hello.txt\n  and checked it.',
          },
        },
      ],
    };
    expect(printed((print) => printAgentOutcomes(print, report))).toEqual([
      'greet: agent used 1 round, 3 tool calls, 1,200 tokens in / 80 out',
      'greet: summary: Wrote hello.txt and checked it.',
    ]);
  });

  it('writes waits in ms, seconds or minutes', () => {
    expect([formatWait(0), formatWait(999), formatWait(1000), formatWait(59_949), formatWait(125_000)]).toEqual([
      '0 ms',
      '999 ms',
      '1.0 s',
      '59.9 s',
      '2 min 5 s',
    ]);
  });
});
