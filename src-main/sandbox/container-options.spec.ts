import { describe, expect, it } from 'vitest';
import { execEnv, stepContainerOptions } from './container-options';
import type { RunStepRequest } from './types';

const request: RunStepRequest = {
  planId: 'plan-1',
  stepId: 'step-2',
  attempt: 3,
  from: { imageId: 'sha256:abc', depth: 4 },
  limits: { cpus: 1.5, memoryMb: 256, pidsLimit: 128, env: { CI: 'true', GREETING: 'a=b c' } },
  network: false,
  action: { type: 'none' },
  acceptance: [],
  timeoutMs: 1000,
  outputCapBytes: 1000,
};

describe('stepContainerOptions', () => {
  it('locks the container down: no network, no capabilities, no new privileges, limits, init', () => {
    const options = stepContainerOptions(request);
    expect(options).toMatchObject({
      Image: 'sha256:abc',
      WorkingDir: '/workspace',
      Tty: false,
      Cmd: ['sleep', '2147483647'],
      Entrypoint: [],
      HostConfig: {
        Init: true,
        NetworkMode: 'none',
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        PidsLimit: 128,
        Memory: 256 * 1024 * 1024,
        MemorySwap: 256 * 1024 * 1024,
        NanoCpus: 1_500_000_000,
        Binds: [],
        Mounts: [],
      },
      Labels: {
        'planbox.managed': 'true',
        'planbox.plan': 'plan-1',
        'planbox.step': 'step-2',
        'planbox.attempt': '3',
        'planbox.kind': 'step',
      },
    });
    expect(options.User).toBeUndefined();
    expect(options.HostConfig?.CapAdd).toBeUndefined();
    expect(options.HostConfig?.Privileged).toBeUndefined();
  });

  it('joins a network only when allowed, and runs as the configured user', () => {
    const options = stepContainerOptions({ ...request, network: true, limits: { ...request.limits, user: '1000' } });
    expect(options.HostConfig?.NetworkMode).toBe('bridge');
    expect(options.User).toBe('1000');
  });

  it('gives limits.env to the execs, not to the container (commit would copy it into the snapshot)', () => {
    expect(stepContainerOptions(request).Env).toBeUndefined();
    expect(execEnv(request)).toEqual(['CI=true', 'GREETING=a=b c']);
  });
});
