import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_HEADER } from '../../../src-preload/contract';

/**
 * Who may talk to web mode. The server listens on 127.0.0.1 only, but any web page the person
 * visits can still aim requests at it: the Host check stops DNS rebinding (a foreign name that
 * resolves to 127.0.0.1), the Origin check stops cross-site requests, and the token stops other
 * local users and programs.
 */
export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function checkHostAndOrigin(request: IncomingMessage, port: number): GuardVerdict {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host;
  if (!host || !hosts.includes(host.toLowerCase())) {
    return { ok: false, status: 403, message: `refused: Host '${host ?? ''}' is not this server; open ${hosts[0]}` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) {
    return { ok: false, status: 403, message: `refused: requests from ${origin} are not allowed` };
  }
  return { ok: true };
}

/** The token from the header, the cookie set when the URL was opened, or the query (event streams). */
export function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  const cookie = readCookie(request.headers.cookie, TOKEN_COOKIE);
  if (cookie) return cookie;
  return url.searchParams.get('token') ?? undefined;
}

export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
