/** Deterministic risk rules: each step gets a level and the reasons for it; a plan gets its highest step's level. */
export type { RiskReason, StepRisk, PlanRisk, LocatedReason, CommandRule, PathRule } from './types';
export { assessStep, assessPlan, locateStepReasons } from './assess';
export { COMMAND_RULES, scanCommand, networkNeedsOf } from './command-rules';
export { PATH_RULES, DELETE_PATH_RULE } from './path-rules';
export { KIND_RULES } from './kind-rules';
export {
  SANDBOX_WORKSPACE,
  normalizeSlashes,
  pathSegments,
  hasParentSegment,
  isAbsoluteLike,
  isInsideSandboxWorkspace,
  toWorkspaceRelative,
  leavesWorkspace,
  pathKey,
} from './workspace-path';
