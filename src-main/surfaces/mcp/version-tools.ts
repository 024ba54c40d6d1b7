import { z } from 'zod';
import { field, planId, type ToolKit } from './tool-kit';

/** A plan's versions: history, comparing two, and restoring an old one as the newest. */
export function registerVersionTools(kit: ToolKit): void {
  kit.tool(
    'view_history',
    {
      title: 'View the version history',
      description:
        'The versions of a plan, oldest first: why each was written, by whom, through which surface, its risk.',
      input: {
        plan_id: planId(),
        limit: z.number().int().positive().max(1000).optional().describe('only the last N versions'),
      },
      readOnly: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id, limit }) => {
      const versions = await kit.call('planHistory', { plan: plan_id });
      return { data: { versions: limit ? versions.slice(-limit) : versions, total: versions.length } };
    },
  );

  kit.tool(
    'compare_plan_versions',
    {
      title: 'Compare two versions',
      description:
        'What changed between two versions of a plan: steps added, removed, changed and moved; risk and scope changes.',
      input: {
        plan_id: planId(),
        from_version: field('planCompare', 'from'),
        to_version: field('planCompare', 'to'),
      },
      readOnly: true,
      aliases: { plan: 'plan_id', from: 'from_version', to: 'to_version' },
    },
    async ({ plan_id, from_version, to_version }) => ({
      data: await kit.call('planCompare', { plan: plan_id, from: from_version, to: to_version }),
    }),
  );

  kit.tool(
    'rollback_plan',
    {
      title: 'Restore an earlier version',
      description:
        "Restore an earlier version of the plan's content as a new version (history is kept). It needs a new approval. " +
        'To undo what steps did in the sandbox, use rollback_workspace instead.',
      input: {
        plan_id: planId(),
        version: field('planRestoreVersion', 'version'),
        reason: field('planRestoreVersion', 'reason'),
      },
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id, ...rest }) => ({ data: await kit.call('planRestoreVersion', { plan: plan_id, ...rest }) }),
  );
}
