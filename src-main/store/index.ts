export { Store, StoreOpenError, type OpenOptions, type Db } from './database';
export {
  PlanRepository,
  type PlanRow,
  type PlanVersionRow,
  type PlanVersionSummaryRow,
  type StepStateRow,
} from './plan-repository';
export { ApprovalRepository, type ApprovalRow } from './approval-repository';
export { AuditRepository, type AuditRow, type AuditQuery, type AuditPageQuery } from './audit-repository';
export { SettingsRepository } from './settings-repository';
export {
  RunRepository,
  type StepAttemptRow,
  type NewStepAttemptRow,
  type SnapshotRow,
  type ActiveRunRow,
} from './run-repository';
export { PlanContextRepository, type PlanContextRow } from './plan-context-repository';
export { AgentCallRepository, type AgentCallRow } from './agent-call-repository';
