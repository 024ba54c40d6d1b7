/** The front matter keys of an ExecPlan and the values each may take. The registry is built from these keys. */

export const EXECPLAN_STATUSES = ['planned', 'active', 'paused', 'done', 'archived'] as const;
export const EXECPLAN_KINDS = [
  'feature',
  'refactor',
  'bugfix',
  'migration',
  'infra',
  'spike',
  'perf',
  'docs',
  'tests',
] as const;
export const EXECPLAN_DOMAINS = ['backend', 'frontend', 'console', 'infra', 'cross-cutting'] as const;
export const EXECPLAN_TOUCHES = ['api', 'db', 'ui', 'cli', 'agents', 'ops', 'security', 'tests', 'docs'] as const;
export const EXECPLAN_RISKS = ['low', 'med', 'high'] as const;

export type ExecPlanStatus = (typeof EXECPLAN_STATUSES)[number];
export type ExecPlanKind = (typeof EXECPLAN_KINDS)[number];
export type ExecPlanDomain = (typeof EXECPLAN_DOMAINS)[number];

export const REQUIRED_FRONT_MATTER_KEYS = [
  'id',
  'title',
  'status',
  'kind',
  'domain',
  'owner',
  'created',
  'updated',
] as const;
export const OPTIONAL_FRONT_MATTER_KEYS = [
  'tags',
  'touches',
  'risk',
  'breaking',
  'migration',
  'links',
  'depends_on',
  'supersedes',
] as const;

/** "@trevor", "@platform-team", "@org/team". */
export const OWNER_HANDLE =
  /^@[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?(?:\/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)?$/;
