import { InvalidInputError } from '../domain/errors';

export const LLM_PROVIDERS = ['openai-compatible', 'anthropic'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];
export type LlmRole = 'planner' | 'executor' | 'gate';

/**
 * Settings of the LLM provider, kept in the store. The API key is deliberately not among them: it
 * comes from PLANBOX_LLM_API_KEY, or from the desktop app's OS keychain (app/api-key-store.ts, which
 * fills it into the env this module reads), so it never lands in the database, a backup or the audit log.
 */
export const LLM_SETTINGS = {
  provider: { key: 'llm.provider', default: 'openai-compatible' as LlmProvider },
  baseUrl: { key: 'llm.baseUrl', default: null as string | null },
  plannerModel: { key: 'llm.plannerModel', default: null as string | null },
  executorModel: { key: 'llm.executorModel', default: null as string | null },
  gateModel: { key: 'llm.gateModel', default: null as string | null },
  /** The lowest gate score (0–1) that lets a gated agent step go on. */
  gateThreshold: { key: 'llm.gateThreshold', default: 0.5 },
  timeoutSec: { key: 'llm.timeoutSec', default: 300 },
  contextTokenBudget: { key: 'llm.contextTokenBudget', default: 12_000 },
  maxContextFiles: { key: 'llm.maxContextFiles', default: 8 },
} as const;

export const LLM_ENV = {
  provider: 'PLANBOX_LLM_PROVIDER',
  baseUrl: 'PLANBOX_LLM_BASE_URL',
  model: 'PLANBOX_LLM_MODEL',
  apiKey: 'PLANBOX_LLM_API_KEY',
} as const;

/** What is needed to call one model. `apiKey` stays in memory only. */
export interface LlmConfig {
  provider: LlmProvider;
  baseUrl: string | null;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
}

export type ReadSetting = (key: string) => unknown;

/** The message when no provider is set up: which settings and variables make one. */
export function noProviderMessage(role: LlmRole): string {
  return (
    `no LLM ${role} is configured: set ${LLM_ENV.baseUrl} and ${LLM_ENV.model} ` +
    `(an OpenAI-compatible server such as Ollama at http://127.0.0.1:11434/v1), or the settings ` +
    `${LLM_SETTINGS.baseUrl.key} and ${LLM_SETTINGS.plannerModel.key} (planbox settings set ...); ` +
    `for Anthropic set ${LLM_ENV.provider}=anthropic, ${LLM_ENV.model} and ${LLM_ENV.apiKey} ` +
    `(or save the key in the desktop app's Settings)`
  );
}

/**
 * The provider for a role: environment variables first, then the stored settings. Returns
 * undefined when nothing is configured; throws when what is configured cannot work.
 */
export function resolveLlmConfig(
  role: LlmRole,
  read: ReadSetting,
  env: NodeJS.ProcessEnv = process.env,
): LlmConfig | undefined {
  const stored = (name: keyof typeof LLM_SETTINGS) => {
    const value = read(LLM_SETTINGS[name].key);
    return value === undefined || value === null || value === '' ? undefined : value;
  };
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const providerText = text(env[LLM_ENV.provider]) ?? text(stored('provider')) ?? LLM_SETTINGS.provider.default;
  const provider = LLM_PROVIDERS.find((p) => p === providerText.toLowerCase());
  if (!provider)
    throw new InvalidInputError(
      `the LLM provider '${providerText}' is not known; use ${LLM_PROVIDERS.join(' or ')} (${LLM_ENV.provider} or ${LLM_SETTINGS.provider.key})`,
    );
  const plannerModel = text(env[LLM_ENV.model]) ?? text(stored('plannerModel'));
  const roleModel = role === 'planner' ? plannerModel : (text(stored(`${role}Model`)) ?? plannerModel);
  const baseUrl = text(env[LLM_ENV.baseUrl]) ?? text(stored('baseUrl')) ?? null;
  const apiKey = text(env[LLM_ENV.apiKey]);
  if (!roleModel) return undefined;
  if (provider === 'openai-compatible' && !baseUrl) return undefined;
  if (provider === 'anthropic' && !apiKey)
    throw new InvalidInputError(
      `the Anthropic provider needs an API key in ${LLM_ENV.apiKey}, or saved in the desktop app's Settings (kept with the OS keychain)`,
    );
  const timeoutSec = Number(stored('timeoutSec') ?? LLM_SETTINGS.timeoutSec.default);
  return { provider, baseUrl, model: roleModel, apiKey, timeoutMs: timeoutSec * 1000 };
}

/** A base URL as it may appear in messages and audit payloads: scheme, host, port and path, never credentials. */
export function describeEndpoint(config: LlmConfig): string {
  if (!config.baseUrl) return config.provider === 'anthropic' ? 'https://api.anthropic.com' : '(none)';
  try {
    const url = new URL(config.baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return '(not a URL)';
  }
}
