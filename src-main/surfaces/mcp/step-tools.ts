import { field, planId, stepRef, type ToolKit } from './tool-kit';

/**
 * Steps the agent carries out itself (manual and agent steps): start, complete, fail. They are
 * refused until the plan is approved and the step is approved (or covered by the plan's approval).
 */
export function registerStepTools(kit: ToolKit): void {
  kit.tool(
    'start_step',
    {
      title: 'Start a step',
      description:
        'Mark a manual or agent step as being carried out by you, once the plan and the step are approved and its dependencies are done. ' +
        'Steps of other kinds run in the sandbox: use execute_step.',
      input: { plan_id: planId(), ...stepRef('planStartStep'), notes: field('planStartStep', 'note') },
      aliases: { plan: 'plan_id', step: 'step_id', note: 'notes' },
    },
    async ({ plan_id, notes, ...ref }) => {
      const step = (await kit.stepId(plan_id, ref))!;
      return {
        data: await kit.call('planStartStep', { plan: plan_id, step, ...(notes !== undefined ? { note: notes } : {}) }),
      };
    },
  );

  kit.tool(
    'complete_step',
    {
      title: 'Complete a step',
      description:
        'Report a manual or agent step as done, with notes on what was done and the files modified. The plan completes with its last step.',
      input: {
        plan_id: planId(),
        ...stepRef('planCompleteStep'),
        notes: field('planCompleteStep', 'note'),
        files_modified: field('planCompleteStep', 'filesModified'),
      },
      aliases: { plan: 'plan_id', step: 'step_id', note: 'notes', filesModified: 'files_modified' },
    },
    async ({ plan_id, notes, files_modified, ...ref }) => {
      const step = (await kit.stepId(plan_id, ref))!;
      return {
        data: await kit.call('planCompleteStep', {
          plan: plan_id,
          step,
          ...(notes !== undefined ? { note: notes } : {}),
          ...(files_modified !== undefined ? { filesModified: files_modified } : {}),
        }),
      };
    },
  );

  kit.tool(
    'fail_step',
    {
      title: 'Fail a step',
      description:
        'Report a manual or agent step as failed, with the error. retry: make it ready to start again (up to the policy maxRetries); ' +
        'skip: pass over it so later steps may go ahead; skip_dependents: skip every step that depends on it.',
      input: {
        plan_id: planId(),
        ...stepRef('planFailStep'),
        error: field('planFailStep', 'error'),
        retry: field('planFailStep', 'retry'),
        skip: field('planFailStep', 'skip'),
        skip_dependents: field('planFailStep', 'skipDependents'),
      },
      aliases: { plan: 'plan_id', step: 'step_id', skipDependents: 'skip_dependents' },
    },
    async ({ plan_id, error, retry, skip, skip_dependents, ...ref }) => {
      const step = (await kit.stepId(plan_id, ref))!;
      return {
        data: await kit.call('planFailStep', {
          plan: plan_id,
          step,
          error,
          ...(retry !== undefined ? { retry } : {}),
          ...(skip !== undefined ? { skip } : {}),
          ...(skip_dependents !== undefined ? { skipDependents: skip_dependents } : {}),
        }),
      };
    },
  );
}
