import { z } from 'zod';
import { field, planId, type ToolKit } from './tool-kit';

/** Reading plans: they change nothing and always read the database, so they see other processes' writes. */
export function registerReadingTools(kit: ToolKit): void {
  kit.tool(
    'list_plans',
    {
      title: 'List plans',
      description: 'Plans, most recently changed first, filtered by status, tags (all of them) or a search text.',
      input: {
        status: field('planList', 'status'),
        tags: field('planList', 'tags'),
        search: field('planList', 'search'),
        limit: field('planList', 'limit'),
      },
      readOnly: true,
    },
    async (args) => ({ data: { plans: await kit.call('planList', args) } }),
  );

  kit.tool(
    'load_plan',
    {
      title: 'Load a plan',
      description:
        'A plan with its steps (number, id, kind, status, risk level and reasons, approval), its approval, validation, progress, ' +
        'critical path and the plan document itself.',
      input: { plan_id: planId() },
      readOnly: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id }) => ({ data: await kit.call('planGet', { plan: plan_id }) }),
  );

  kit.tool(
    'view_progress',
    {
      title: 'View progress',
      description:
        "Where a plan stands: percentage done, step counts by status, the steps ready to start and the blocked ones with what they wait on, the next step, and each step's status and approval.",
      input: { plan_id: planId() },
      readOnly: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id }) => {
      const plan = await kit.call('planGet', { plan: plan_id });
      return {
        data: {
          planId: plan.id,
          name: plan.name,
          status: plan.status,
          version: plan.version,
          approval: plan.approval.state,
          ...plan.progress,
          steps: plan.steps.map((s) => ({
            number: s.number,
            id: s.id,
            title: s.title,
            kind: s.kind,
            status: s.status,
            risk: s.risk.level,
            approval: s.approval,
            lastError: s.lastError,
          })),
        },
      };
    },
  );

  kit.tool(
    'visualize_plan',
    {
      title: 'Visualize a plan',
      description:
        'A Mermaid diagram of the plan: its dependency graph with step status and the critical path (dependencies), or a Gantt chart by milestones (gantt).',
      input: {
        plan_id: planId(),
        diagram_type: z.enum(['dependencies', 'gantt']).default('dependencies').describe('dependencies or gantt'),
        version: field('planExport', 'version'),
      },
      readOnly: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id, diagram_type, version }) => {
      const format = diagram_type === 'gantt' ? 'mermaid-gantt' : 'mermaid';
      const { text } = await kit.call('planExport', { plan: plan_id, format, ...(version ? { version } : {}) });
      return { data: { diagramType: diagram_type, mermaid: text } };
    },
  );

  kit.tool(
    'export_execplan',
    {
      title: 'Export as an ExecPlan',
      description:
        'The plan as an ExecPlan (markdown with front matter), with Progress, decisions and outcomes written from its real execution.',
      input: { plan_id: planId(), version: field('planExport', 'version') },
      readOnly: true,
      aliases: { plan: 'plan_id' },
    },
    async ({ plan_id, version }) => {
      const exported = await kit.call('planExport', {
        plan: plan_id,
        format: 'execplan',
        ...(version ? { version } : {}),
      });
      return { data: exported, text: exported.text };
    },
  );
}
