import { z } from 'zod';
import { PACKAGE_MANAGERS, planSchema, type PlanDefinition, type StepDefinition } from '../domain/plan-schema';
import { RISK_LEVELS, riskRank, type RiskLevel } from '../domain/risk-level';
import { assessPlan } from '../domain/risk';
import { describeSchemaIssues } from '../domain/planfile';

/**
 * What the planner model is asked to return. Flatter than a plan document, and every field is
 * required (null or [] when it does not apply), so it also works with providers whose structured
 * output is strict (OpenAI) and small local models that do better with a fixed shape.
 */
export const PLANNER_STEP_KINDS = [
  'command',
  'write_file',
  'patch_file',
  'delete_file',
  'install_package',
  'check',
  'manual',
  'agent',
] as const;

const plannerStepSchema = z.object({
  id: z.string().describe('short unique id: letters, digits, dash (e.g. add-validation)'),
  title: z.string(),
  description: z.string(),
  kind: z.enum(PLANNER_STEP_KINDS),
  command: z.string().nullable().describe('the shell command, for kind command'),
  path: z.string().nullable().describe('workspace-relative file, for write_file, patch_file, delete_file'),
  content: z.string().nullable().describe('the whole new file, for write_file'),
  patch: z.string().nullable().describe('a unified diff, for patch_file'),
  packageManager: z.enum(PACKAGE_MANAGERS).nullable().describe('for install_package'),
  packages: z.array(z.string()).describe('package names, for install_package'),
  prompt: z
    .string()
    .nullable()
    .describe('for kind agent: the instruction the executor model carries out with file tools in the container'),
  shell: z.boolean().nullable().describe('for kind agent: whether the executor may run shell commands'),
  dependsOn: z.array(z.string()).describe('ids of steps that must finish first'),
  acceptance: z
    .array(z.object({ description: z.string(), command: z.string().nullable() }))
    .describe('how to tell the step worked; a command that exits 0 when it did'),
  creates: z.array(z.string()),
  modifies: z.array(z.string()),
  deletes: z.array(z.string()),
  risk: z
    .object({ level: z.enum(RISK_LEVELS), reason: z.string() })
    .nullable()
    .describe('your own view of what could go wrong; the deterministic rules still decide the level'),
});

export const plannerOutputSchema = z.object({
  name: z.string().describe('a short plan name, lowercase words joined by dashes'),
  summary: z.string(),
  assumptions: z.array(z.string()),
  questions: z.array(z.string()).describe('what you would ask the person before going ahead'),
  risks: z.array(
    z.object({ issue: z.string(), mitigation: z.string(), likelihood: z.enum(['low', 'medium', 'high']) }),
  ),
  steps: z.array(plannerStepSchema).min(1),
});

export type PlannerOutput = z.infer<typeof plannerOutputSchema>;
export type PlannerStep = z.infer<typeof plannerStepSchema>;

/** A planner answer turned into a plan document, or the reasons it could not be. */
export type MappedPlan = { ok: true; definition: PlanDefinition; notes: string[] } | { ok: false; problems: string[] };

/**
 * Maps the model's answer onto a Planbox plan: each step's kind-specific fields, its effects and
 * acceptance checks, through the same schema an imported plan goes through. The model's risk
 * opinion becomes plan risk notes: it can add reasons, never lower what the rules decide.
 */
export function toPlanDefinition(
  output: PlannerOutput,
  base: { goal: string; name: string; workspacePath: string | null; keep?: Partial<PlanDefinition> },
): MappedPlan {
  const problems: string[] = [];
  const steps = output.steps.map((step, index) => mapStep(step, index, problems));
  if (problems.length) return { ok: false, problems };
  const riskNotes = output.risks.map((r) => ({ issue: r.issue, mitigation: r.mitigation, likelihood: r.likelihood }));
  const input = {
    ...base.keep,
    name: base.name,
    goal: base.goal,
    ...(base.workspacePath ? { workspace: { path: base.workspacePath, include: [], exclude: [] } } : {}),
    scope: {
      included: [],
      excluded: [],
      ...base.keep?.scope,
      assumptions: output.assumptions,
    },
    ...(output.questions.length ? { questions: output.questions } : {}),
    risks: riskNotes,
    steps,
  };
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: describeSchemaIssues(parsed.error, 'plan', input) };
  const notes: string[] = [];
  const definition = withModelRiskOpinions(parsed.data, output.steps, notes);
  return { ok: true, definition, notes };
}

function mapStep(step: PlannerStep, index: number, problems: string[]): Record<string, unknown> {
  const need = (field: 'command' | 'path' | 'content' | 'patch' | 'prompt', value: string | null): string => {
    if (value === null || (field !== 'content' && !value.trim()))
      problems.push(
        `steps[${index}] (${step.id}): ${/^[aeiou]/.test(step.kind) ? 'an' : 'a'} ${step.kind} step needs ${field}`,
      );
    return value ?? '';
  };
  const common = {
    id: step.id,
    title: step.title,
    ...(step.description.trim() ? { description: step.description } : {}),
    dependsOn: step.dependsOn,
    acceptance: step.acceptance.map((a) => ({
      description: a.description,
      ...(a.command?.trim() ? { command: a.command } : {}),
    })),
    effects: { create: step.creates, modify: step.modifies, delete: step.deletes },
  };
  switch (step.kind) {
    case 'command':
      return { ...common, kind: 'command', command: need('command', step.command) };
    case 'write_file':
      return { ...common, kind: 'write_file', path: need('path', step.path), content: need('content', step.content) };
    case 'patch_file':
      return { ...common, kind: 'patch_file', path: need('path', step.path), patch: need('patch', step.patch) };
    case 'delete_file':
      return { ...common, kind: 'delete_file', path: need('path', step.path) };
    case 'install_package':
      if (!step.packageManager || !step.packages.length)
        problems.push(`steps[${index}] (${step.id}): an install_package step needs packageManager and packages`);
      return { ...common, kind: 'install_package', packages: { manager: step.packageManager, names: step.packages } };
    case 'agent':
      return { ...common, kind: 'agent', prompt: need('prompt', step.prompt), ...(step.shell ? { shell: true } : {}) };
    default:
      return { ...common, kind: step.kind };
  }
}

/** A model that rates a step higher than the rules adds a risk note saying so; a lower rating is only noted. */
function withModelRiskOpinions(definition: PlanDefinition, steps: PlannerStep[], notes: string[]): PlanDefinition {
  const rules = assessPlan(definition);
  const added: NonNullable<PlanDefinition['risks']> = [];
  for (const step of steps) {
    if (!step.risk) continue;
    const ruled = rules.steps[step.id]?.level as RiskLevel | undefined;
    if (!ruled) continue;
    const { level, reason } = step.risk;
    if (riskRank(level) > riskRank(ruled)) {
      added.push({
        issue: `step ${step.id}: the planner rates it ${level} (the rules: ${ruled})${reason.trim() ? `: ${reason.trim()}` : ''}`,
        mitigation: 'review this step before approving it',
        likelihood: 'medium',
      });
    } else if (riskRank(level) < riskRank(ruled)) {
      notes.push(`step ${step.id}: the planner rated it ${level}; the rules keep it ${ruled}`);
    }
  }
  return added.length ? { ...definition, risks: [...(definition.risks ?? []), ...added] } : definition;
}

/** A stored plan shown to the planner in its own answer format, for refine and replan. */
export function toPlannerSteps(definition: PlanDefinition): PlannerStep[] {
  return definition.steps.map((step: StepDefinition) => ({
    id: step.id,
    title: step.title,
    description: step.description ?? '',
    kind: step.kind,
    command: step.kind === 'command' ? step.command : null,
    path: 'path' in step ? step.path : null,
    content: step.kind === 'write_file' ? step.content : null,
    patch: step.kind === 'patch_file' ? step.patch : null,
    packageManager: step.kind === 'install_package' ? step.packages.manager : null,
    packages: step.kind === 'install_package' ? step.packages.names : [],
    prompt: step.kind === 'agent' ? step.prompt : null,
    shell: step.kind === 'agent' ? (step.shell ?? false) : null,
    dependsOn: step.dependsOn,
    acceptance: step.acceptance.map((a) => ({ description: a.description, command: a.command ?? null })),
    creates: step.effects.create,
    modifies: step.effects.modify,
    deletes: step.effects.delete,
    risk: null,
  }));
}
