/**
 * ExecPlans: markdown execution plans with YAML front matter and twelve living sections. This
 * module reads, checks and creates them; it works on text only (no files, database or processes).
 */
export type {
  CodeBlock,
  DecisionEntry,
  ExecPlanDocument,
  FrontMatter,
  Heading,
  ProgressItem,
  Section,
  SurpriseEntry,
} from './types';
export { parseExecPlan } from './parse-execplan';
export { canonicalSectionName, findSection, findSections, REQUIRED_SECTIONS, sectionKey } from './sections';
export { validateExecPlan, type ValidateExecPlanOptions } from './validate-execplan';
export { EXECPLAN_RULES, type ExecPlanFinding, type ExecPlanRuleId } from './rules';
export { renderSkeleton, type NewExecPlanInput } from './skeleton';
export {
  execPlanFileName,
  isExecPlanId,
  isIsoDate,
  nextSequenceId,
  parseMilestoneFileName,
  parsePlanFileName,
  slugify,
} from './naming';
export { execPlanProgress, type ExecPlanProgress } from './progress-summary';
export {
  EXECPLAN_DOMAINS,
  EXECPLAN_KINDS,
  EXECPLAN_RISKS,
  EXECPLAN_STATUSES,
  EXECPLAN_TOUCHES,
  OPTIONAL_FRONT_MATTER_KEYS,
  REQUIRED_FRONT_MATTER_KEYS,
} from './front-matter-schema';
