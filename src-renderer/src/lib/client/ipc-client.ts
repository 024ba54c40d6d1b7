import {
  METHOD_NAMES,
  type Envelope,
  type PlanboxBridge,
  type PlanboxClient,
  type PlanboxMethods,
} from '../../../../src-preload/contract';
import { unwrap } from './call-error';

/** The client inside the desktop app: the preload bridge's functions, envelopes unwrapped. */
export function createIpcClient(bridge: PlanboxBridge): PlanboxClient {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      async (input: unknown) => unwrap(name, (await bridge.methods[name](input ?? {})) as Envelope<unknown>),
    ]),
  ) as unknown as PlanboxMethods;
  return {
    ...methods,
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
  };
}
