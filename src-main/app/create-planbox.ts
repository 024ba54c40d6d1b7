import { ApprovalRepository, AuditRepository, PlanRepository, SettingsRepository, Store } from '../store';
import { AuditLog } from '../audit';
import { PlanResolver } from '../engine/plan-resolver';
import { PlanStateLoader } from '../engine/plan-state';
import { VersionWriter } from '../engine/version-writer';
import { PlanService } from '../engine/plan-service';
import { ApprovalService } from '../engine/approval-service';
import { createHandlers, type Handlers } from './handlers';
import { defaultDataDir } from './data-dir';
import { findMigrationsDir } from './migrations-dir';

export interface PlanboxConfig {
  dataDir?: string;
  migrationsDir?: string;
  clock?: () => Date;
}

export interface Planbox {
  readonly dataDir: string;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly plans: PlanService;
  readonly approvals: ApprovalService;
  readonly handlers: Handlers;
  close(): void;
}

/** The composition root: opens the store and wires every service by hand. Every surface uses it. */
export function createPlanbox(config: PlanboxConfig = {}): Planbox {
  const dataDir = config.dataDir ?? defaultDataDir();
  const clock = config.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const store = Store.open({ dataDir, migrationsDir: config.migrationsDir ?? findMigrationsDir() });
  const plansRepo = new PlanRepository(store.db);
  const approvalsRepo = new ApprovalRepository(store.db);
  const settings = new SettingsRepository(store.db);
  const audit = new AuditLog(new AuditRepository(store.sqlite), clock);
  const resolver = new PlanResolver(plansRepo, settings);
  const loader = new PlanStateLoader(plansRepo, approvalsRepo);
  const versions = new VersionWriter(plansRepo, audit, now);
  const plans = new PlanService(store, plansRepo, settings, resolver, loader, versions, audit, now);
  const approvals = new ApprovalService(
    store,
    plansRepo,
    approvalsRepo,
    resolver,
    loader,
    (state) => plans.validateDefinition(state.definition, state.row.workspacePath),
    audit,
    now,
    (planId) => plans.get(planId),
  );
  const handlers = createHandlers({ plans, approvals, audit });
  return { dataDir, store, audit, plans, approvals, handlers, close: () => store.close() };
}
