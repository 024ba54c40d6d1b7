import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { createPlanbox, type Planbox } from './create-planbox';
import { invoke } from './handlers';
import { PLANBOX_VERSION } from './app-info';

const person = { actor: 'user', surface: 'ui', actorName: 'ada' } as const;

describe('what the settings view reads', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let app: Planbox;

  beforeEach(() => {
    dir = makeTempDir();
    app = createPlanbox({ dataDir: dir.path, env: {} });
  });
  afterEach(async () => {
    await app.settle();
    app.close();
    dir.cleanup();
  });

  it('appInfo names the version, the data folder and the sandbox defaults', async () => {
    const info = await invoke(app.handlers, 'appInfo', {}, person);
    expect(info).toEqual({
      version: PLANBOX_VERSION,
      dataDir: dir.path,
      sandboxDefaults: { image: 'planbox/sandbox:latest', network: 'none', cpus: 1, memoryMb: 1024, pidsLimit: 256 },
      llm: { planner: false, executor: false, gate: false, apiKey: { source: 'none', canStore: false } },
    });
  });

  it('appInfo says whether a planner is configured, from the settings or the environment, without a restart', async () => {
    await invoke(app.handlers, 'settingsSet', { key: 'llm.baseUrl', value: 'http://127.0.0.1:11434/v1' }, person);
    expect((await invoke(app.handlers, 'appInfo', {}, person)).llm).toMatchObject({
      planner: false,
      executor: false,
      gate: false,
    });
    await invoke(app.handlers, 'settingsSet', { key: 'llm.plannerModel', value: 'qwen2.5-coder' }, person);
    expect((await invoke(app.handlers, 'appInfo', {}, person)).llm).toMatchObject({
      planner: true,
      executor: true,
      gate: true,
    });

    const fromEnv = createPlanbox({
      dataDir: dir.path,
      env: { PLANBOX_LLM_BASE_URL: 'http://127.0.0.1:1/v1', PLANBOX_LLM_MODEL: 'm' },
    });
    try {
      expect((await invoke(fromEnv.handlers, 'appInfo', {}, person)).llm).toEqual({
        planner: true,
        executor: true,
        gate: true,
        apiKey: { source: 'none', canStore: false },
      });
    } finally {
      fromEnv.close();
    }
  });

  it('an Anthropic provider without its key counts as not configured (no error)', async () => {
    const anthropic = createPlanbox({
      dataDir: dir.path,
      env: { PLANBOX_LLM_PROVIDER: 'anthropic', PLANBOX_LLM_MODEL: 'claude' },
    });
    try {
      expect((await invoke(anthropic.handlers, 'appInfo', {}, person)).llm).toEqual({
        planner: false,
        executor: false,
        gate: false,
        apiKey: { source: 'none', canStore: false },
      });
    } finally {
      anthropic.close();
    }
  });

  it('a changed docker.host setting is used by the next sandbox call, without a restart', async () => {
    await invoke(app.handlers, 'settingsSet', { key: 'docker.host', value: 'tcp://127.0.0.1:1' }, person);
    const unreachable = await invoke(app.handlers, 'sandboxStatus', {}, person);
    expect(unreachable.engine).toMatchObject({ ok: false, error: expect.stringContaining('tcp://127.0.0.1:1') });

    await invoke(app.handlers, 'settingsSet', { key: 'docker.host', value: 'tcp://127.0.0.1:2' }, person);
    const other = await invoke(app.handlers, 'sandboxStatus', {}, person);
    expect(other.engine).toMatchObject({ ok: false, error: expect.stringContaining('tcp://127.0.0.1:2') });
  });
});
