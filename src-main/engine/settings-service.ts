import type { SettingView } from '../../src-preload/contract';
import type { ActorContext } from '../audit';
import { InvalidInputError } from '../domain/errors';
import { AGENT_SETTINGS, SANDBOX_SETTINGS, SELF_APPROVE_LEVELS, type EngineDeps } from './engine-deps';

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
};

const DECLARED = [...Object.values(SANDBOX_SETTINGS), ...Object.values(AGENT_SETTINGS)];

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
