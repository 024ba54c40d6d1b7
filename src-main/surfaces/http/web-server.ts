import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  TOKEN_COOKIE,
  isMethodName,
  type Envelope,
  type ErrorView,
} from '../../../src-preload/contract';
import type { ActorContext } from '../../audit';
import type { Planbox } from '../../app/create-planbox';
import { callEnvelope } from '../../app/call-envelope';
import { checkHostAndOrigin, presentedToken, tokenMatches } from './request-guard';
import { serveStatic } from './static-files';
import { streamEvents } from './event-stream';

/** Plan files with big content fields are accepted up to the validator's limits, then some. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface WebServerOptions {
  planbox: Planbox;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  actor: ActorContext;
  /** 0 picks a free port. */
  port?: number;
  /** A fixed token (tests); by default a fresh random one. */
  token?: string;
}

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included, like a notebook server prints. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Web mode: the renderer and the contract over HTTP on 127.0.0.1, guarded by a token and by Host
 * and Origin checks. Every API call goes through the same `invoke` as IPC, the CLI and MCP.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const stopWatching = options.planbox.watchChanges();
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendEnvelope(response, 500, { error: internal(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const verdict = checkHostAndOrigin(request, port);
    if (!verdict.ok) return sendError(response, verdict.status, 'unauthorized', verdict.message);
    const presented = presentedToken(request, url);
    if (!tokenMatches(presented, token)) {
      if (!url.pathname.startsWith(HTTP_API_PREFIX)) {
        response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Planbox: this address needs its token. Open the URL that `planbox serve` printed.\n');
        return;
      }
      return sendError(
        response,
        401,
        'unauthorized',
        'this Planbox server needs its token: open the URL `planbox serve` printed',
      );
    }
    if (request.method === 'GET' && url.searchParams.has('token') && !url.pathname.startsWith(HTTP_API_PREFIX)) {
      // Trade the token in the address bar for a cookie, so it does not linger in history.
      url.searchParams.delete('token');
      response.writeHead(302, {
        location: url.pathname + url.search + url.hash,
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      response.end();
      return;
    }
    if (url.pathname === HTTP_EVENTS_PATH) {
      if (request.method !== 'GET') return sendError(response, 405, 'usage', 'the event stream is read with GET');
      return streamEvents(options.planbox.events, response);
    }
    if (url.pathname.startsWith(HTTP_API_PREFIX)) return callApi(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendError(response, 405, 'usage', `${request.method} is not allowed here`);
    }
    serveStatic(options.rendererDir, url.pathname, response);
  }

  async function callApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const name = url.pathname.slice(HTTP_API_PREFIX.length);
    if (!isMethodName(name)) return sendError(response, 404, 'usage', `unknown method '${name}'`);
    if (request.method !== 'POST') return sendError(response, 405, 'usage', `call ${name} with POST`);
    // A JSON body cannot be sent cross-site without a preflight, which this server never grants.
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return sendError(response, 415, 'usage', 'send the input as application/json');
    }
    const body = await readBody(request);
    if (body === undefined) return sendError(response, 413, 'usage', `the request is over ${MAX_BODY_BYTES} bytes`);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch (error) {
      return sendError(response, 400, 'usage', `the request body is not JSON: ${(error as Error).message}`);
    }
    const envelope = await callEnvelope(options.planbox.handlers, name, input, options.actor);
    sendEnvelope(response, 'error' in envelope ? statusOf(envelope.error) : 200, envelope);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      stopWatching();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusOf(error: ErrorView): number {
  switch (error.kind) {
    case 'usage':
    case 'invalid':
      return 400;
    case 'not_found':
      return 404;
    case 'refused':
      return 409;
    case 'unauthorized':
      return 401;
    default:
      return 500;
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendError(response: ServerResponse, status: number, kind: ErrorView['kind'], message: string): void {
  sendEnvelope(response, status, { error: { kind, message } });
}

function sendEnvelope(response: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  const body = JSON.stringify(envelope);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

function internal(error: unknown): ErrorView {
  return { kind: 'internal', message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}
