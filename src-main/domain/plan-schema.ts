import { z } from 'zod';
import { RISK_LEVELS } from './risk-level';

/**
 * The plan document as a person or agent writes it (YAML or JSON). This is what a plan version
 * holds; runtime state (step status, attempts, approvals) lives beside it, never inside it.
 * Unknown keys are errors, so a typo never silently drops an instruction.
 */

export const STEP_KINDS = [
  'command',
  'write_file',
  'patch_file',
  'delete_file',
  'install_package',
  'agent',
  'check',
  'manual',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'pip', 'apt', 'cargo', 'go', 'gem', 'composer'] as const;

const riskLevel = z.enum(RISK_LEVELS);
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const stepId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit',
  );
const relPathList = z.array(nonEmpty).default([]);

export const acceptanceCheckSchema = z.strictObject({
  description: nonEmpty,
  command: nonEmpty.optional(),
});

export const effectsSchema = z.strictObject({
  create: relPathList,
  modify: relPathList,
  delete: relPathList,
});

const stepBase = {
  id: stepId,
  title: nonEmpty,
  description: z.string().optional(),
  dependsOn: z.array(stepId).default([]),
  acceptance: z.array(acceptanceCheckSchema).default([]),
  timeoutSec: z.number().int().positive().max(86_400).optional(),
  checkpoint: z.boolean().default(false),
  effects: effectsSchema.default({ create: [], modify: [], delete: [] }),
  priority: z.enum(['low', 'medium', 'high']).optional(),
  effort: z.string().optional(),
  /** Lets this one step reach the network even when the plan's sandbox has none. */
  network: z.boolean().optional(),
};

export const stepSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...stepBase, kind: z.literal('command'), command: nonEmpty }),
  z.strictObject({ ...stepBase, kind: z.literal('write_file'), path: nonEmpty, content: z.string() }),
  z.strictObject({ ...stepBase, kind: z.literal('patch_file'), path: nonEmpty, patch: nonEmpty }),
  z.strictObject({ ...stepBase, kind: z.literal('delete_file'), path: nonEmpty }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('install_package'),
    packages: z.strictObject({ manager: z.enum(PACKAGE_MANAGERS), names: z.array(nonEmpty).min(1) }),
  }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('agent'),
    prompt: nonEmpty,
    /** Lets the executor model run shell commands in the step's container (off: files only). */
    shell: z.boolean().optional(),
    /** Model calls the executor may make before the step fails (default 20). */
    maxRounds: z.number().int().min(1).max(200).optional(),
    /** Tokens (prompt and answer, all calls together) the executor may use before the step fails (default 200,000). */
    maxTokens: z.number().int().min(1000).max(10_000_000).optional(),
  }),
  z.strictObject({ ...stepBase, kind: z.literal('check') }),
  z.strictObject({ ...stepBase, kind: z.literal('manual') }),
]);

export const sandboxSchema = z.strictObject({
  image: nonEmpty.default('planbox/sandbox:latest'),
  network: z.enum(['none', 'bridge']).default('none'),
  cpus: z.number().positive().max(256).default(1),
  memoryMb: z.number().int().min(16).max(1_048_576).default(1024),
  pidsLimit: z.number().int().min(8).max(1_000_000).default(256),
  env: z.record(z.string(), z.string()).default({}),
  user: z.string().optional(),
});

export const policySchema = z.strictObject({
  /** Steps at or below this level are approved by approving the plan; higher ones need their own approval. */
  autoApprove: riskLevel.default('LOW'),
  /** Pause for a person after every N completed steps (0: never). */
  checkpointEvery: z.number().int().min(0).default(0),
  stepTimeoutSec: z.number().int().positive().max(86_400).default(300),
  maxRetries: z.number().int().min(0).max(100).default(2),
  /** Fail a step whose changes go beyond its declared effects. */
  failOnUndeclaredChanges: z.boolean().default(false),
});

export const workspaceSchema = z.strictObject({
  path: z.string().optional(),
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
});

export const scopeSchema = z.strictObject({
  included: z.array(z.string()).default([]),
  excluded: z.array(z.string()).default([]),
  assumptions: z.array(z.string()).default([]),
  constraints: z.array(z.string()).default([]),
});

export const planRiskNoteSchema = z.strictObject({
  issue: nonEmpty,
  mitigation: z.string().default(''),
  likelihood: z.enum(['low', 'medium', 'high']).optional(),
});

export const milestoneSchema = z.strictObject({
  name: nonEmpty,
  steps: z.array(stepId).default([]),
  estimatedTime: z.string().optional(),
});

export const planSchema = z.strictObject({
  name: nonEmpty.max(200),
  goal: z.string().default(''),
  tags: z.array(nonEmpty).default([]),
  workspace: workspaceSchema.optional(),
  sandbox: sandboxSchema.default(sandboxSchema.parse({})),
  policy: policySchema.default(policySchema.parse({})),
  scope: scopeSchema.optional(),
  risks: z.array(planRiskNoteSchema).optional(),
  milestones: z.array(milestoneSchema).optional(),
  testingStrategy: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  questions: z.array(z.string()).optional(),
  /**
   * Where the plan came from: the file, its format, and for documents Planbox writes back (an
   * ExecPlan) the original text, so an export keeps the prose a person wrote.
   */
  source: z.strictObject({ format: z.string(), file: z.string().optional(), text: z.string().optional() }).optional(),
  steps: z.array(stepSchema),
});

export type PlanDefinition = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type StepDefinition = z.infer<typeof stepSchema>;
export type AcceptanceCheck = z.infer<typeof acceptanceCheckSchema>;
export type SandboxSettings = z.infer<typeof sandboxSchema>;
export type PlanPolicy = z.infer<typeof policySchema>;

/** Paths a step touches, whatever its kind: its own `path` and its declared effects. */
export function stepPaths(step: StepDefinition): string[] {
  const paths = 'path' in step ? [step.path] : [];
  return [...paths, ...step.effects.create, ...step.effects.modify, ...step.effects.delete];
}
