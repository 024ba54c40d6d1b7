import {
  AgentCallRepository,
  ApprovalRepository,
  AuditRepository,
  PlanContextRepository,
  PlanRepository,
  RunRepository,
  SettingsRepository,
  Store,
} from '../store';
import { AuditLog } from '../audit';
import { PlanResolver } from '../engine/plan-resolver';
import { PlanStateLoader } from '../engine/plan-state';
import { VersionWriter } from '../engine/version-writer';
import { PlanService } from '../engine/plan-service';
import { ApprovalService } from '../engine/approval-service';
import { PlanRunner } from '../engine/plan-runner';
import { AgentExecution } from '../engine/agent-execution';
import { AgentCalls } from '../engine/agent-calls';
import { StepControls } from '../engine/step-controls';
import { ApplyService } from '../engine/apply-service';
import { RunQueries } from '../engine/run-queries';
import { PlanAuthoring } from '../engine/plan-authoring';
import { StepEditor } from '../engine/step-editor';
import { ApprovalRequests } from '../engine/approval-requests';
import { AgentSteps } from '../engine/agent-steps';
import { SettingsService } from '../engine/settings-service';
import { LlmPlanning } from '../engine/llm-planning';
import { ModelUsage } from '../engine/model-usage';
import { removePlanSnapshots } from '../engine/snapshot-gc';
import { recover } from '../engine/recovery';
import { setting, type EngineDeps } from '../engine/engine-deps';
import type { SandboxPort } from '../engine/sandbox-port';
import { EventBus } from './event-bus';
import { ChangeFeed } from './change-feed';
import { lazySandbox } from './lazy-sandbox';
import { createHandlers, type Handlers } from './handlers';
import { defaultDataDir } from './data-dir';
import { appInfo } from './app-info';
import { findMigrationsDir } from './migrations-dir';
import { ApiKeyStore, type SecretCipher } from './api-key-store';

export interface PlanboxConfig {
  dataDir?: string;
  migrationsDir?: string;
  clock?: () => Date;
  /** The sandbox to run steps in; by default Docker (DOCKER_HOST or the docker.host setting). */
  sandbox?: SandboxPort;
  /** Where the LLM provider's variables (PLANBOX_LLM_*) are read from; by default the process environment. */
  env?: NodeJS.ProcessEnv;
  /** The OS keychain to keep the LLM API key with; only the desktop app has one (Electron's safeStorage). */
  secretCipher?: SecretCipher;
}

export interface Planbox {
  readonly dataDir: string;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly plans: PlanService;
  readonly approvals: ApprovalService;
  readonly runner: PlanRunner;
  readonly controls: StepControls;
  readonly applier: ApplyService;
  readonly events: EventBus;
  readonly handlers: Handlers;
  /** Starts re-emitting changes made by any process sharing the data folder; returns a stop function. */
  watchChanges(intervalMs?: number): () => void;
  /** Checks for changes now (what the watcher does on each tick); returns how many audit events were new. */
  pollChanges(): number;
  /** Waits for background work (image clean-up) to finish; call before close. */
  settle(): Promise<void>;
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
  const runs = new RunRepository(store.db);
  const auditRepository = new AuditRepository(store.sqlite);
  const audit = new AuditLog(auditRepository, clock);
  let changeFeed: ChangeFeed | undefined;
  const events = new EventBus();
  const pending = new Set<Promise<unknown>>();
  const resolver = new PlanResolver(plansRepo, settings);
  const loader = new PlanStateLoader(plansRepo, approvalsRepo);
  let sandbox: SandboxPort | undefined;
  let sandboxHost: string | null = null;
  const deps: EngineDeps = {
    store,
    plans: plansRepo,
    runs,
    approvals: approvalsRepo,
    settings,
    resolver,
    loader,
    audit,
    events,
    now,
    background: (task) => {
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
    sandbox: () => {
      if (config.sandbox) return config.sandbox;
      // A changed docker.host setting (from the settings view, or another process) takes effect
      // on the next use, without a restart; work under way keeps the connection it started with.
      const host = setting({ settings }, 'dockerHost');
      if (!sandbox || host !== sandboxHost) {
        sandboxHost = host;
        sandbox = lazySandbox(async () => {
          const { DockerSandbox } = await import('../sandbox/docker-sandbox');
          return new DockerSandbox({ host });
        });
      }
      return sandbox;
    },
  };
  const versions = new VersionWriter(plansRepo, audit, now);
  const plans = new PlanService(store, plansRepo, settings, resolver, loader, versions, audit, now, async (planId) => {
    // Images are freed when the engine answers; when it does not, they stay behind (labelled
    // planbox.plan, so `docker image ls --filter label=planbox.plan` finds them).
    await removePlanSnapshots(deps, planId).catch(() => undefined);
  });
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
  const requests = new ApprovalRequests(deps, approvals, (state) =>
    plans.validateDefinition(state.definition, state.row.workspacePath),
  );
  const authoring = new PlanAuthoring(
    deps,
    versions,
    (definition, workspace) => plans.validateDefinition(definition, workspace),
    (planId) => plans.get(planId),
  );
  const stepEditor = new StepEditor(
    deps,
    versions,
    (definition, workspace) => plans.validateDefinition(definition, workspace),
    (planId) => plans.get(planId),
  );
  const contexts = new PlanContextRepository(store.db);
  // The LLM code reads PLANBOX_LLM_* through this view: the environment, and the key the desktop app keeps.
  const apiKey = new ApiKeyStore({
    dataDir,
    store,
    audit,
    env: config.env ?? process.env,
    cipher: config.secretCipher,
  });
  const llm = new LlmPlanning(
    deps,
    contexts,
    versions,
    (definition, workspace) => plans.validateDefinition(definition, workspace),
    (planId) => plans.get(planId),
    dataDir,
    apiKey.env,
  );
  const agentCalls = new AgentCalls(deps, new AgentCallRepository(store.db));
  const runner = new PlanRunner(deps, new AgentExecution(deps, contexts, agentCalls, apiKey.env));
  const controls = new StepControls(deps);
  const applier = new ApplyService(deps);
  const queries = new RunQueries(deps);
  const handlers = createHandlers({
    plans,
    approvals,
    requests,
    authoring,
    llm,
    stepEditor,
    agentSteps: new AgentSteps(deps),
    audit,
    runner,
    controls,
    applier,
    queries,
    settings: new SettingsService(deps),
    agentCalls,
    apiKey,
    usage: new ModelUsage(deps, auditRepository),
    recover: async (surface) => {
      const report = await recover(deps, surface);
      // Calls an interrupted step held for a person can no longer run: nobody waits for them.
      for (const planId of new Set(report.interruptedSteps.map((s) => s.planId)))
        agentCalls.expire(planId, { actor: 'engine', surface });
      return report;
    },
    info: () => appInfo(dataDir, (key) => settings.get(key), apiKey.env, apiKey.status()),
  });
  return {
    dataDir,
    store,
    audit,
    plans,
    approvals,
    runner,
    controls,
    applier,
    events,
    handlers,
    watchChanges: (intervalMs) => (changeFeed ??= new ChangeFeed(auditRepository, events)).start(intervalMs),
    pollChanges: () => (changeFeed ??= new ChangeFeed(auditRepository, events)).poll(),
    settle: async () => {
      await Promise.allSettled([...pending]);
    },
    close: () => {
      changeFeed?.stop();
      store.close();
    },
  };
}
