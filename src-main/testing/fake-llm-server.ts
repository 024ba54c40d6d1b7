import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the fake LLM servers share: a real HTTP server on loopback answering one route from a script
 * in order, recording every request. The fakes exist only because the LLM APIs cannot run here;
 * each one (fake-openai-server.ts, fake-anthropic-server.ts) turns a scripted answer into its
 * provider's wire format.
 */

/** A function call the assistant makes; `arguments` as an object is sent as its JSON text. */
export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/** Holds the answer back this long before it is sent (slow responses, timeouts). */
interface Delay {
  delayMs?: number;
}

interface Tokens {
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * One scripted answer: the assistant's text (with token counts), tool calls (optionally with text
 * beside them), a refusal (the provider's own way of declining), or an HTTP error: `body` is sent
 * as JSON, `rawBody` as it is (a body that is not JSON).
 */
export type ScriptedAnswer =
  | ({ content: string } & Tokens & Delay)
  | ({ toolCalls: ScriptedToolCall[]; content?: string } & Tokens & Delay)
  | ({ refusal: string } & Tokens & Delay)
  | ({ status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> } & Delay);

export interface RecordedRequestOf<Body> {
  path: string;
  headers: IncomingHttpHeaders;
  body: Body;
  /** When the request arrived (performance.now()), to check retry delays. */
  receivedAt: number;
}

/** What a fake sends for one request. */
export interface Reply {
  status: number;
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export interface ScriptedServer<Body> {
  /** The base URL to configure: http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: RecordedRequestOf<Body>[];
  /** Adds answers to the end of the script. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export interface ScriptedServerOptions<Body> {
  /** The one route answered, e.g. /v1/chat/completions; anything else gets a 404. */
  route: string;
  answers: ScriptedAnswer[];
  /** The provider's error body for a status and message. */
  errorReply(status: number, message: string): Reply;
  /** The provider's success body for an answer that is not an HTTP error. */
  answerReply(answer: Exclude<ScriptedAnswer, { status: number }>, body: Body, requestNumber: number): Reply;
}

/** Starts the server on 127.0.0.1 with a free port. A call beyond the script gets a 500. */
export async function startScriptedServer<Body>(options: ScriptedServerOptions<Body>): Promise<ScriptedServer<Body>> {
  const queue = [...options.answers];
  const requests: RecordedRequestOf<Body>[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const receivedAt = performance.now();
      const body = parseBody<Body>(Buffer.concat(chunks).toString('utf8'));
      requests.push({ path: req.url ?? '', headers: req.headers, body, receivedAt });
      const send = (reply: Reply) => {
        // The client may have given up (a timeout) while the answer was held back.
        if (res.destroyed) return;
        const type = reply.raw === undefined ? 'application/json' : 'text/plain';
        res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
        res.end(reply.raw ?? JSON.stringify(reply.json));
      };
      if (req.method !== 'POST' || req.url !== options.route)
        return send(options.errorReply(404, `no route ${req.method} ${req.url}`));
      const answer = queue.shift();
      if (!answer) return send(options.errorReply(500, 'the fake server has no scripted answer left'));
      const reply: Reply =
        'status' in answer
          ? answer.rawBody !== undefined
            ? { status: answer.status, raw: answer.rawBody, ...(answer.headers ? { headers: answer.headers } : {}) }
            : answer.body !== undefined
              ? { status: answer.status, json: answer.body, ...(answer.headers ? { headers: answer.headers } : {}) }
              : {
                  ...options.errorReply(answer.status, 'scripted error'),
                  ...(answer.headers ? { headers: answer.headers } : {}),
                }
          : options.answerReply(answer, body, requests.length);
      if (!answer.delayMs) return send(reply);
      const timer = setTimeout(() => {
        pending.delete(timer);
        send(reply);
      }, answer.delayMs);
      pending.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...more) => queue.push(...more),
    close: () =>
      new Promise((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody<Body>(text: string): Body {
  try {
    return (text ? JSON.parse(text) : {}) as Body;
  } catch {
    return {} as Body;
  }
}

/** Token counts of an answer, with the defaults both fakes use. */
export function tokensOf(answer: Tokens): { input: number; output: number } {
  return { input: answer.promptTokens ?? 100, output: answer.completionTokens ?? 50 };
}
