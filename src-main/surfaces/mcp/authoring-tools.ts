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
        'a person approves it before anything runs (request_approval). A goal alone needs the LLM planner, which is not configured yet.',
      input: {
        goal: field('planCreate', 'goal'),
        plan: field('planCreate', 'plan'),
        workspace: field('planCreate', 'workspace'),
        draft: field('planCreate', 'draft'),
      },
    },
    async (args) => ({ data: await kit.call('planCreate', args) }),
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
        'A new version needs a new approval. Refining from feedback alone needs the LLM planner, which is not configured yet.',
      input: {
        plan_id: planId(),
        plan: field('planRefine', 'definition'),
        steps: field('planRefine', 'steps'),
        feedback: field('planRefine', 'feedback'),
      },
      aliases: { plan: 'plan_id', definition: 'plan' },
    },
    async ({ plan_id, plan, ...rest }) => ({
      data: await kit.call('planRefine', {
        plan: plan_id,
        ...(plan !== undefined ? { definition: plan } : {}),
        ...rest,
      }),
    }),
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
