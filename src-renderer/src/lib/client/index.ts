import type { PlanboxBridge, PlanboxClient } from '../../../../src-preload/contract';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';

export { CallError, messageOf } from './call-error';

/** The desktop app's preload puts a bridge on window; a browser in web mode has none. */
export function connect(): PlanboxClient {
  const bridge = (window as unknown as { planbox?: PlanboxBridge }).planbox;
  return bridge ? createIpcClient(bridge) : createHttpClient();
}
