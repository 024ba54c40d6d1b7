import { describe, expect, it } from 'vitest';
import { resolveLlmConfig, describeEndpoint } from './llm-config';

const settingsOf = (values: Record<string, unknown>) => (key: string) => values[key];

describe('resolveLlmConfig', () => {
  it('is undefined until a base URL and a model are set', () => {
    expect(resolveLlmConfig('planner', settingsOf({}), {})).toBeUndefined();
    expect(resolveLlmConfig('planner', settingsOf({ 'llm.plannerModel': 'm' }), {})).toBeUndefined();
  });

  it('takes the stored settings, and the environment over them; the key only from the environment', () => {
    const stored = settingsOf({
      'llm.baseUrl': 'http://127.0.0.1:1234/v1',
      'llm.plannerModel': 'stored',
      'llm.gateModel': 'small',
    });
    expect(resolveLlmConfig('planner', stored, {})).toMatchObject({
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:1234/v1',
      model: 'stored',
      apiKey: undefined,
    });
    expect(resolveLlmConfig('gate', stored, {})?.model).toBe('small');
    expect(resolveLlmConfig('executor', stored, {})?.model).toBe('stored');
    const env = {
      PLANBOX_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      PLANBOX_LLM_MODEL: 'qwen',
      PLANBOX_LLM_API_KEY: 'k',
    };
    expect(resolveLlmConfig('planner', stored, env)).toMatchObject({
      baseUrl: env.PLANBOX_LLM_BASE_URL,
      model: 'qwen',
      apiKey: 'k',
    });
  });

  it('needs a key for Anthropic and refuses an unknown provider', () => {
    const env = { PLANBOX_LLM_PROVIDER: 'anthropic', PLANBOX_LLM_MODEL: 'claude-sonnet-4-5' };
    expect(() => resolveLlmConfig('planner', settingsOf({}), env)).toThrow(/needs an API key in PLANBOX_LLM_API_KEY/);
    const config = resolveLlmConfig('planner', settingsOf({}), { ...env, PLANBOX_LLM_API_KEY: 'sk-ant-x' });
    expect(config).toMatchObject({ provider: 'anthropic', baseUrl: null });
    expect(describeEndpoint(config!)).toBe('https://api.anthropic.com');
    expect(() => resolveLlmConfig('planner', settingsOf({}), { PLANBOX_LLM_PROVIDER: 'gpt' })).toThrow(
      /the LLM provider 'gpt' is not known; use openai-compatible or anthropic/,
    );
  });

  it('never shows credentials written into a base URL', () => {
    const config = resolveLlmConfig('planner', settingsOf({}), {
      PLANBOX_LLM_BASE_URL: 'https://user:secret@example.com/v1/',
      PLANBOX_LLM_MODEL: 'm',
    });
    expect(describeEndpoint(config!)).toBe('https://example.com/v1');
  });
});
