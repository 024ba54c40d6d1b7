import { getContext, setContext } from 'svelte';
import type { PlanboxClient } from '../../../src-preload/contract';

const KEY = Symbol('planbox-client');

/** Views get the client from context, so a test page or a story can hand them another one. */
export function provideClient(client: PlanboxClient): void {
  setContext(KEY, client);
}

export function useClient(): PlanboxClient {
  const client = getContext<PlanboxClient | undefined>(KEY);
  if (!client) throw new Error('no Planbox client in context; mount views inside App');
  return client;
}
