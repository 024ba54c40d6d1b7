import { planId, required, stepRef, field, type ToolKit } from './tool-kit';
import { renderDiff } from '../cli/render-diff';

/** Output and diffs can be megabytes; an agent gets the end of the output and the start of the diff. */
const OUTPUT_CHARS = 16_000;
const DIFF_CHARS = 100_000;

/** Running approved steps in the Docker sandbox, and undoing what they did. */
export function registerSandboxTools(kit: ToolKit): void {
  kit.tool(
    'execute_step',
    {
      title: 'Execute a step in the sandbox',
      description:
        'Run an approved step (by step_number or step_id; the next ready one when neither is given) in a fresh Docker container made ' +
        'from the snapshot after the previous step. Returns whether it passed, its output, acceptance checks and the diff of what it changed. ' +
        "A failed step is discarded: the sandbox stays as it was. The user's folder is not touched until a person applies the result.",
      input: { plan_id: planId(), ...stepRef('planRun') },
      aliases: { plan: 'plan_id', step: 'step_id' },
    },
    async ({ plan_id, ...ref }, extra) => {
      const step = await kit.stepId(plan_id, ref, { optional: true });
      const { id } = await kit.call('planGet', { plan: plan_id });
      const stopForwarding = kit.forwardStepOutput(id, extra);
      const report = await kit.call('planRun', { plan: plan_id, ...(step ? { step } : {}) }).finally(stopForwarding);
      const outcome = report.steps[0];
      if (!outcome) return { data: { ok: false, stopped: report.stopped, message: report.message, step: null } };
      const attempt = (await kit.call('planAttempts', { plan: plan_id, step: outcome.stepId })).at(-1);
      const diff = outcome.ok ? await kit.call('planDiff', { plan: plan_id, step: outcome.stepId }) : null;
      const output = attempt?.output ?? '';
      const unified = diff ? renderDiff(diff.changes) : '';
      return {
        isError: !outcome.ok,
        data: {
          ok: outcome.ok,
          stopped: report.stopped,
          message: report.message,
          step: outcome,
          exitCode: attempt?.exitCode ?? null,
          acceptance: attempt?.acceptance ?? [],
          output: output.slice(-OUTPUT_CHARS),
          outputTruncated: output.length > OUTPUT_CHARS || (attempt?.outputDroppedBytes ?? 0) > 0,
          diff: diff && {
            from: diff.from,
            to: diff.to,
            files: diff.changes.map((c) => ({ path: c.path, kind: c.kind, binary: c.binary })),
            unified: unified.slice(0, DIFF_CHARS),
            truncated: unified.length > DIFF_CHARS,
          },
        },
      };
    },
  );

  kit.tool(
    'rollback_workspace',
    {
      title: 'Roll the sandbox back to before a step',
      description:
        "Move the plan's sandbox back to the snapshot taken before a step ran: that step and the ones after it become rolled_back and can " +
        "run again. This undoes files and anything else the steps did in the sandbox; the plan's content is unchanged (see rollback_plan).",
      input: {
        plan_id: planId(),
        step_id: required(field('planRollback', 'to')).optional().describe('the step id'),
        step_number: stepRef('planRun').step_number,
      },
      destructive: true,
      aliases: { plan: 'plan_id', to: 'step_id' },
    },
    async ({ plan_id, ...ref }) => {
      const to = (await kit.stepId(plan_id, ref))!;
      return { data: await kit.call('planRollback', { plan: plan_id, to }) };
    },
  );
}
