import type { SettingView } from '../../src-preload/contract';
import type { ActorContext } from '../audit';
import { InvalidInputError } from '../domain/errors';
import { AGENT_SETTINGS, SANDBOX_SETTINGS, SELF_APPROVE_LEVELS, type EngineDeps } from './engine-deps';
import { LLM_PROVIDERS, LLM_SETTINGS } from '../llm/llm-config';

/** The settings a person may change, how each is checked, and its default. */
const CHECKS: Record<string, { describe: string; parse: (raw: unknown) => unknown }> = {
  [SANDBOX_SETTINGS.diskBudgetMb.key]: { describe: 'a whole number of megabytes (0 or more)', parse: wholeNumber },
  [SANDBOX_SETTINGS.maxWorkspaceMb.key]: {
    describe: 'a whole number of megabytes (1 or more)',
    parse: (v) => positive(wholeNumber(v)),
  },
  [SANDBOX_SETTINGS.outputCapBytes.key]: {
    describe: 'a whole number of bytes (1024 or more)',
    parse: (v) => atLeast(wholeNumber(v), 1024),
  },
  [SANDBOX_SETTINGS.dockerHost.key]: {
    describe: 'a Docker address: unix:///path, tcp://host:port, ssh://user@host, or empty for the default',
    parse: (v) => {
      const text = String(v).trim();
      if (!/^(unix|tcp|ssh|npipe):\/\/.+/.test(text)) throw new Error('bad address');
      return text;
    },
  },
  [AGENT_SETTINGS.selfApproveMaxRisk.key]: {
    describe: 'off, or LOW: agents may then approve their own requests for LOW-risk plans and steps (never higher)',
    parse: (v) => {
      const text = String(v).trim();
      const level = SELF_APPROVE_LEVELS.find((l) => l.toLowerCase() === text.toLowerCase());
      if (!level) throw new Error('not a self-approval level');
      return level;
    },
  },
  [LLM_SETTINGS.provider.key]: {
    describe: `the LLM provider: ${LLM_PROVIDERS.join(' or ')} (PLANBOX_LLM_PROVIDER overrides it)`,
    parse: (v) => {
      const provider = LLM_PROVIDERS.find((p) => p === String(v).trim().toLowerCase());
      if (!provider) throw new Error('not a provider');
      return provider;
    },
  },
  [LLM_SETTINGS.baseUrl.key]: {
    describe:
      'the base URL of the LLM API, e.g. http://127.0.0.1:11434/v1 for Ollama (PLANBOX_LLM_BASE_URL overrides it); the API key is never a setting: set PLANBOX_LLM_API_KEY, or in the desktop app save it under API key (kept with the OS keychain)',
    parse: (v) => {
      const url = new URL(String(v).trim());
      if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) throw new Error('bad URL');
      return url.toString().replace(/\/$/, '');
    },
  },
  [LLM_SETTINGS.plannerModel.key]: {
    describe: 'the model that writes plans (PLANBOX_LLM_MODEL overrides it)',
    parse: modelId,
  },
  [LLM_SETTINGS.executorModel.key]: {
    describe: 'the model for agent steps (default: the planner model)',
    parse: modelId,
  },
  [LLM_SETTINGS.gateModel.key]: {
    describe: 'the model that scores tool rounds (default: the planner model)',
    parse: modelId,
  },
  [LLM_SETTINGS.gateThreshold.key]: {
    describe: 'the lowest gate score (0 to 1) that lets a gated agent step go on; below it the step fails',
    parse: (v) => {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error('not between 0 and 1');
      return n;
    },
  },
  [AGENT_SETTINGS.hitl.key]: {
    describe: 'true: runs ask a person before each file write or command of an agent step, unless run with --no-hitl',
    parse: yesNo,
  },
  [AGENT_SETTINGS.gate.key]: {
    describe: 'true: runs let the gate model score each round of an agent step, unless run with --no-gate',
    parse: yesNo,
  },
  [LLM_SETTINGS.timeoutSec.key]: {
    describe: 'seconds one model call may take (10 or more)',
    parse: (v) => atLeast(wholeNumber(v), 10),
  },
  [LLM_SETTINGS.contextTokenBudget.key]: {
    describe: 'tokens the workspace context may take in a planner prompt (500 or more)',
    parse: (v) => atLeast(wholeNumber(v), 500),
  },
  [LLM_SETTINGS.maxContextFiles.key]: {
    describe: 'how many key files of the workspace are quoted to the planner (0 or more)',
    parse: wholeNumber,
  },
};

const DECLARED = [...Object.values(SANDBOX_SETTINGS), ...Object.values(AGENT_SETTINGS), ...Object.values(LLM_SETTINGS)];

function yesNo(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  throw new Error('not true or false');
}

function modelId(raw: unknown): string {
  const text = String(raw).trim();
  if (!text || /\s/.test(text)) throw new Error('not a model id');
  return text;
}

function wholeNumber(raw: unknown): number {
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < 0) throw new Error('not a whole number');
  return n;
}
const positive = (n: number) => atLeast(n, 1);
function atLeast(n: number, min: number): number {
  if (n < min) throw new Error('too small');
  return n;
}

export class SettingsService {
  constructor(private readonly deps: EngineDeps) {}

  list(): SettingView[] {
    return DECLARED.map(({ key, default: fallback }) => ({
      key,
      value: this.deps.settings.get(key) ?? fallback,
      default: fallback,
      describe: CHECKS[key]!.describe,
    }));
  }

  set(key: string, raw: unknown, context: ActorContext): SettingView {
    const check = CHECKS[key];
    if (!check)
      throw new InvalidInputError(`there is no setting '${key}'; the settings are: ${Object.keys(CHECKS).join(', ')}`);
    let value: unknown = null; // empty: back to the default
    try {
      if (raw !== null && String(raw).trim() !== '') value = check.parse(raw);
    } catch {
      throw new InvalidInputError(`setting '${key}' must be ${check.describe}; got '${String(raw)}'`);
    }
    this.deps.store.transaction(() => {
      const previous = this.deps.settings.get(key) ?? null;
      if (value === null) this.deps.settings.delete(key);
      else this.deps.settings.set(key, value, this.deps.now());
      this.deps.audit.append(context, { type: 'settings.changed', payload: { key, value, previous } });
    });
    return this.list().find((s) => s.key === key)!;
  }
}
