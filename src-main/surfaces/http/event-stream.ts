import type { ServerResponse } from 'node:http';
import { PLANBOX_EVENT_NAMES } from '../../../src-preload/contract';
import type { EventBus } from '../../app/event-bus';

const KEEPALIVE_MS = 15_000;

/** Server-sent events: every event of the contract's event map, as `event: <name>` + JSON data. */
export function streamEvents(events: EventBus, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write(': connected\n\n');
  const unsubscribe = PLANBOX_EVENT_NAMES.map((name) =>
    events.on(name, (payload) => response.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
  );
  // A comment now and then keeps proxies and idle timeouts from closing a quiet stream.
  const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  response.on('close', () => {
    clearInterval(keepalive);
    for (const off of unsubscribe) off();
  });
}
