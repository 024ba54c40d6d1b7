import { z } from 'zod';
import { field, planId, type ToolKit } from './tool-kit';

/**
 * Asking for approval and watching for the answer. No tool approves: the person decides in the
 * Planbox app (or with `planbox plan approve`). The one exception is the mcp.selfApproveMaxRisk
 * setting, which a person may turn on to let LOW-risk requests be approved at once.
 */
export function registerApprovalTools(kit: ToolKit): void {
  kit.tool(
    'request_approval',
    {
      title: 'Request approval',
      description:
        'Ask a person to approve the whole plan, or single steps (step_numbers or step_ids) whose risk needs their own approval. ' +
        'Returns a request id; poll get_approval_status until the person has decided. Nothing runs before the plan is approved.',
      input: {
        plan_id: planId(),
        step_numbers: z.array(z.number().int().positive()).min(1).optional().describe('steps by number; or step_ids'),
        step_ids: field('planRequestApproval', 'steps'),
        note: field('planRequestApproval', 'note'),
      },
      aliases: { plan: 'plan_id', steps: 'step_ids' },
    },
    async ({ plan_id, step_numbers, step_ids, note }) => {
      const steps = await kit.stepIds(plan_id, step_ids, step_numbers);
      return {
        data: await kit.call('planRequestApproval', {
          plan: plan_id,
          ...(steps ? { steps } : {}),
          ...(note !== undefined ? { note } : {}),
        }),
      };
    },
  );

  kit.tool(
    'get_approval_status',
    {
      title: 'Get the approval status',
      description:
        "Where an approval request (request_id) or a plan's approval (plan_id) stands: pending, approved, rejected or changes requested, " +
        "by whom and with which comment, and each step's approval. approved: true means the plan may run.",
      input: {
        request_id: field('planApprovalStatus', 'request'),
        plan_id: field('planApprovalStatus', 'plan'),
      },
      readOnly: true,
      aliases: { request: 'request_id', plan: 'plan_id' },
    },
    async ({ request_id, plan_id }) => ({
      data: await kit.call('planApprovalStatus', {
        ...(request_id !== undefined ? { request: request_id } : {}),
        ...(plan_id !== undefined ? { plan: plan_id } : {}),
      }),
    }),
  );
}
