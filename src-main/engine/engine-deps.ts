import type { ApprovalRepository, PlanRepository, RunRepository, SettingsRepository, Store } from '../store';
import type { AuditLog } from '../audit';
import type { EventBus } from '../app/event-bus';
import type { PlanResolver } from './plan-resolver';
import type { PlanStateLoader } from './plan-state';
import type { SandboxPort } from './sandbox-port';

/** What the engine's services share; wired once in src-main/app/create-planbox.ts. */
export interface EngineDeps {
  store: Store;
  plans: PlanRepository;
  runs: RunRepository;
  approvals: ApprovalRepository;
  settings: SettingsRepository;
  resolver: PlanResolver;
  loader: PlanStateLoader;
  audit: AuditLog;
  events: EventBus;
  /** The sandbox, connected on first use (a Docker engine is needed only to run steps). */
  sandbox: () => SandboxPort;
  now: () => string;
  /** Work that may finish after the call that started it (freeing images); awaited before the store closes. */
  background: (task: Promise<unknown>) => void;
}

/** Settings the sandbox honours, with their defaults. */
export const SANDBOX_SETTINGS = {
  outputCapBytes: { key: 'sandbox.outputCapBytes', default: 4 * 1024 * 1024 },
  maxWorkspaceMb: { key: 'sandbox.maxWorkspaceMb', default: 1024 },
  diskBudgetMb: { key: 'sandbox.diskBudgetMb', default: 20 * 1024 },
  dockerHost: { key: 'docker.host', default: null as string | null },
} as const;

export function setting<K extends keyof typeof SANDBOX_SETTINGS>(
  deps: Pick<EngineDeps, 'settings'>,
  name: K,
): (typeof SANDBOX_SETTINGS)[K]['default'] {
  const { key, default: fallback } = SANDBOX_SETTINGS[name];
  return deps.settings.get<(typeof SANDBOX_SETTINGS)[K]['default']>(key) ?? fallback;
}

/** How far agents may approve their own requests: never, or for LOW-risk plans and steps only. */
export const SELF_APPROVE_LEVELS = ['off', 'LOW'] as const;
export type SelfApproveLevel = (typeof SELF_APPROVE_LEVELS)[number];

/** Settings that bound what agents (through the MCP server) may do on their own. Off by default. */
export const AGENT_SETTINGS = {
  selfApproveMaxRisk: { key: 'mcp.selfApproveMaxRisk', default: 'off' as SelfApproveLevel },
  /** Runs ask a person before each write or command of an agent step unless told otherwise (--hitl). */
  hitl: { key: 'agent.hitl', default: false },
  /** Runs let the gate model score each round of an agent step unless told otherwise (--gate). */
  gate: { key: 'agent.gate', default: false },
} as const;

export function agentSetting<K extends keyof typeof AGENT_SETTINGS>(
  deps: Pick<EngineDeps, 'settings'>,
  name: K,
): (typeof AGENT_SETTINGS)[K]['default'] {
  const { key, default: fallback } = AGENT_SETTINGS[name];
  return deps.settings.get<(typeof AGENT_SETTINGS)[K]['default']>(key) ?? fallback;
}
