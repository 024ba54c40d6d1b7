import { field, planId, type ToolKit } from './tool-kit';

/** Writing plans: create, save, refine, delete. Each write is audited as the agent. */
export function registerAuthoringTools(kit: ToolKit): void {
  kit.tool(
    'create_plan',
    {
      title: 'Create a plan',
      description:
        'Create a new plan from the steps you write (field plan: name, goal, steps with id, title, kind and its fields, dependsOn). ' +
        'Step kinds: command, write_file, patch_file, delete_file, install_package and check run in a Docker sandbox with execute_step; ' +
        'manual and agent steps are carried out by you (start_step, complete_step). The plan shows up in the Planbox app, rated for risk; ' +
        'a person approves it before anything runs (request_approval). A goal alone (no plan) asks the LLM planner configured in Planbox ' +
        'for the steps; with explore it first looks at the workspace (languages, build and test commands, key files).',
      input: {
        goal: field('planCreate', 'goal'),
        plan: field('planCreate', 'plan'),
        workspace: field('planCreate', 'workspace'),
        draft: field('planCreate', 'draft'),
        explore: field('planCreate', 'explore'),
        max_context_files: field('planCreate', 'maxContextFiles'),
        context_token_budget: field('planCreate', 'contextTokenBudget'),
        mvp_only: field('planCreate', 'mvpOnly'),
      },
    },
    async ({ max_context_files, context_token_budget, mvp_only, ...rest }) => ({
      data: await kit.call('planCreate', {
        ...rest,
        ...(max_context_files !== undefined ? { maxContextFiles: max_context_files } : {}),
        ...(context_token_budget !== undefined ? { contextTokenBudget: context_token_budget } : {}),
        ...(mvp_only !== undefined ? { mvpOnly: mvp_only } : {}),
      }),
    }),
  );

  kit.tool(
    'save_plan',
    {
      title: 'Save a plan',
      description:
        'Store a plan document under a name and tags (plan), or save a stored plan (plan_id) under a new name or tags. ' +
        'A name that is taken needs overwrite: true, which writes a new version of that plan.',
      input: {
        plan_id: field('planSave', 'plan'),
        plan: field('planSave', 'definition'),
        name: field('planSave', 'name'),
        tags: field('planSave', 'tags'),
        overwrite: field('planSave', 'overwrite'),
        workspace: field('planSave', 'workspace'),
      },
      aliases: { plan: 'plan_id', definition: 'plan' },
    },
    async ({ plan_id, plan, ...rest }) => ({
      data: await kit.call('planSave', {
        ...(plan_id !== undefined ? { plan: plan_id } : {}),
        ...(plan !== undefined ? { definition: plan } : {}),
        ...rest,
      }),
    }),
  );

  kit.tool(
    'refine_plan',
    {
      title: 'Refine a plan',
      description:
        'Write a revised plan as a new version: the whole plan (plan, same name) or only its steps (steps), with feedback saying what changed. ' +
        'A new version needs a new approval. Feedback alone (with clarifications and focus_steps) asks the LLM planner to revise the plan; ' +
        'the result lists completed steps whose result no longer stands (invalidatedSteps).',
      input: {
        plan_id: planId(),
        plan: field('planRefine', 'definition'),
        steps: field('planRefine', 'steps'),
        feedback: field('planRefine', 'feedback'),
        clarifications: field('planRefine', 'clarifications'),
        focus_steps: field('planRefine', 'focus'),
      },
      aliases: { plan: 'plan_id', definition: 'plan' },
    },
    async ({ plan_id, plan, focus_steps, ...rest }) => ({
      data: await kit.call('planRefine', {
        plan: plan_id,
        ...(plan !== undefined ? { definition: plan } : {}),
        ...(focus_steps !== undefined ? { focus: focus_steps } : {}),
        ...rest,
      }),
    }),
  );

  kit.tool(
    'replan_plan',
    {
      title: 'Replan after a failure',
      description:
        'Ask the LLM planner to revise the remaining steps of a plan after a step failed; completed and skipped steps stay as they are, ' +
        "and the failed step's error and output are given to the planner. Writes a new version, which needs a new approval.",
      input: { plan_id: planId(), feedback: field('planReplan', 'feedback') },
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id, ...rest }) => ({ data: await kit.call('planReplan', { plan: plan_id, ...rest }) }),
  );

  kit.tool(
    'delete_plan',
    {
      title: 'Delete a plan',
      description: 'Delete a plan, its versions and its sandbox snapshots. A running plan must be cancelled first.',
      input: { plan_id: planId() },
      destructive: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id }) => ({ data: await kit.call('planDelete', { plan: plan_id }) }),
  );
}
