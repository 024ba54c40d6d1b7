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
    app = createPlanbox({ dataDir: dir.path });
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
    });
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
