import { methods, type MethodName, type PlanboxMethods } from './methods';
import { PLANBOX_EVENT_NAMES, type PlanboxEventName, type PlanboxEvents } from './events';

/**
 * How a call and its answer cross a process boundary. The same envelope travels over Electron IPC
 * and over web mode's HTTP, so the renderer's two clients unwrap it the same way.
 */

/** What went wrong, as one line a person can act on; `kind` lets a view react (e.g. "not found"). */
export interface ErrorView {
  kind: 'usage' | 'invalid' | 'not_found' | 'refused' | 'unauthorized' | 'internal';
  message: string;
}

export type Envelope<T> = { result: T } | { error: ErrorView };

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is PlanboxEventName {
  return (PLANBOX_EVENT_NAMES as readonly string[]).includes(name);
}

/** Electron IPC: one channel per method, so the main process can refuse anything not declared. */
export const ipcChannel = (name: MethodName) => `planbox:${name}`;
export const IPC_EVENT_CHANNEL = 'planbox:event';

/** Web mode: `POST /api/<method>`, server-sent events at /api/events. */
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';
export const TOKEN_HEADER = 'x-planbox-token';
export const TOKEN_COOKIE = 'planbox_token';

/**
 * What the renderer talks to: the methods plus the event map. There is one implementation over
 * Electron IPC and one over HTTP; a view cannot tell which it has.
 */
export interface PlanboxClient extends PlanboxMethods {
  on<E extends PlanboxEventName>(name: E, listener: (payload: PlanboxEvents[E]) => void): () => void;
}

/** What the preload script exposes as `window.planbox`: narrow functions, never ipcRenderer. */
export interface PlanboxBridge {
  methods: Record<MethodName, (input: unknown) => Promise<Envelope<unknown>>>;
  on(name: PlanboxEventName, listener: (payload: unknown) => void): () => void;
  platform: string;
}
