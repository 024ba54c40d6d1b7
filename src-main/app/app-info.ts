import type { ApiKeyStatusView, AppInfoView } from '../../src-preload/contract';
import { sandboxSchema } from '../domain/plan-schema';
import { LLM_ENV, resolveLlmConfig, type LlmRole, type ReadSetting } from '../llm/llm-config';

/** Planbox's version, as package.json has it (the CLI's --version says the same). */
export const PLANBOX_VERSION = '0.1.0';

/** Whether a model is configured for a role (settings and environment), without calling it. */
function configured(role: LlmRole, read: ReadSetting, env: NodeJS.ProcessEnv): boolean {
  try {
    return resolveLlmConfig(role, read, env) !== undefined;
  } catch {
    // Configured in a way that cannot work (an unknown provider, Anthropic without a key): not usable.
    return false;
  }
}

/**
 * What the settings view shows about this installation, and which models the app may offer. `env`
 * is what the LLM code reads (with the desktop app's stored key); `apiKey` says where the key comes from.
 */
export function appInfo(
  dataDir: string,
  read: ReadSetting = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
  apiKey: ApiKeyStatusView = { source: env[LLM_ENV.apiKey]?.trim() ? 'environment' : 'none', canStore: false },
): AppInfoView {
  const { image, network, cpus, memoryMb, pidsLimit } = sandboxSchema.parse({});
  return {
    version: PLANBOX_VERSION,
    dataDir,
    sandboxDefaults: { image, network, cpus, memoryMb, pidsLimit },
    llm: {
      planner: configured('planner', read, env),
      executor: configured('executor', read, env),
      gate: configured('gate', read, env),
      apiKey,
    },
  };
}
