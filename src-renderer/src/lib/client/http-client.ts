import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  METHOD_NAMES,
  PLANBOX_EVENT_NAMES,
  type Envelope,
  type PlanboxClient,
  type PlanboxEventName,
  type PlanboxMethods,
} from '../../../../src-preload/contract';
import { CallError, unwrap } from './call-error';

type Listener = (payload: unknown) => void;

/**
 * The client for web mode (`planbox serve`): `POST /api/<method>` and one shared server-sent
 * event stream. The access token travels as the cookie the server set when the URL was opened.
 */
export function createHttpClient(base = ''): PlanboxClient {
  const listeners = new Map<PlanboxEventName, Set<Listener>>();
  let source: EventSource | undefined;

  async function call(name: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${HTTP_API_PREFIX}${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      throw new CallError(name, {
        kind: 'internal',
        message: 'cannot reach the Planbox server; is `planbox serve` still running?',
      });
    }
    let envelope: Envelope<unknown>;
    try {
      envelope = (await response.json()) as Envelope<unknown>;
    } catch {
      throw new CallError(name, {
        kind: 'internal',
        message: `the server answered ${response.status} without a result`,
      });
    }
    return unwrap(name, envelope);
  }

  function openStream(): void {
    source = new EventSource(`${base}${HTTP_EVENTS_PATH}`, { withCredentials: true });
    for (const name of PLANBOX_EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        const payload = JSON.parse((event as MessageEvent<string>).data) as unknown;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  }

  const methods = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  ) as unknown as PlanboxMethods;

  return {
    ...methods,
    on(name, listener) {
      if (!source) openStream();
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
  };
}
