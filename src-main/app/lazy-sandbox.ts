import type { SandboxPort } from '../engine/sandbox-port';

/**
 * A SandboxPort that loads the Docker client on first use. dockerode and its dependencies take
 * about a third of a second to load; most commands (show, approve, audit) never need them.
 */
export function lazySandbox(load: () => Promise<SandboxPort>): SandboxPort {
  let real: Promise<SandboxPort> | undefined;
  return new Proxy({} as SandboxPort, {
    get:
      (_target, method: keyof SandboxPort) =>
      (...args: unknown[]) =>
        (real ??= load()).then((sandbox) => (sandbox[method] as (...a: unknown[]) => unknown)(...args)),
  });
}
