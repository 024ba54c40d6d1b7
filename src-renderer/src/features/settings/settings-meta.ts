import type { SettingView } from '../../../../src-preload/contract';

/** How the settings view presents a setting: a label, the kind of field, and a unit. */
export interface SettingMeta {
  label: string;
  kind: 'number' | 'text' | 'secret' | 'choice';
  unit?: string;
  placeholder?: string;
  choices?: string[];
}

const META: Record<string, SettingMeta> = {
  'docker.host': {
    label: 'Docker address',
    kind: 'text',
    placeholder: 'default: DOCKER_HOST, else the local socket',
  },
  'sandbox.diskBudgetMb': { label: 'Disk budget for snapshots', kind: 'number', unit: 'MiB' },
  'sandbox.maxWorkspaceMb': { label: 'Largest workspace copied in', kind: 'number', unit: 'MiB' },
  'sandbox.outputCapBytes': { label: 'Output kept per step attempt', kind: 'number', unit: 'bytes' },
  'mcp.selfApproveMaxRisk': { label: 'Agents may approve their own requests', kind: 'choice', choices: ['off', 'LOW'] },
  'llm.provider': { label: 'Provider', kind: 'choice', choices: ['openai-compatible', 'anthropic'] },
  'llm.baseUrl': { label: 'Base URL', kind: 'text', placeholder: 'http://127.0.0.1:11434/v1 (Ollama)' },
  'llm.plannerModel': { label: 'Planner model', kind: 'text', placeholder: 'model id, e.g. qwen2.5-coder' },
  'llm.executorModel': { label: 'Executor model', kind: 'text', placeholder: 'default: the planner model' },
  'llm.gateModel': { label: 'Gate model', kind: 'text', placeholder: 'default: the planner model' },
  'llm.timeoutSec': { label: 'Time per model call', kind: 'number', unit: 's' },
  'llm.contextTokenBudget': { label: 'Workspace context in a prompt', kind: 'number', unit: 'tokens' },
  'llm.maxContextFiles': { label: 'Files quoted to the planner', kind: 'number', unit: 'files' },
};

/** Keys of the LLM provider, when the backend declares them (they arrive with the LLM features). */
export const isLlmSetting = (key: string) => key.startsWith('llm.');

/** A setting whose value must never be shown, only replaced (an API key). */
export const isSecret = (key: string) => /(apikey|api_key|token|secret|password)$/i.test(key);

export function metaOf(setting: SettingView): SettingMeta {
  const known = META[setting.key];
  if (known) return known;
  if (isSecret(setting.key)) return { label: setting.key, kind: 'secret' };
  return { label: setting.key, kind: typeof setting.default === 'number' ? 'number' : 'text' };
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
