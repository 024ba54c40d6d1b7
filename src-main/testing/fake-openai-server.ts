import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A function call the assistant makes; `arguments` as an object is sent as its JSON text. */
export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/**
 * One scripted answer: the assistant's text (with token counts), tool calls (answered with
 * `finish_reason: 'tool_calls'`, optionally with text beside them), or an HTTP error.
 */
export type ScriptedAnswer =
  | { content: string; promptTokens?: number; completionTokens?: number }
  | { toolCalls: ScriptedToolCall[]; content?: string; promptTokens?: number; completionTokens?: number }
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: unknown; tool_call_id?: string; tool_calls?: unknown[] }[];
    tools?: { type: string; function: { name: string } }[];
    response_format?: unknown;
    [key: string]: unknown;
  };
}

export interface FakeOpenAiServer {
  /** The base URL to configure: http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Adds answers to the end of the script. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback speaking the OpenAI chat-completions wire format
 * (`POST /v1/chat/completions`, non-streaming), answering from a script in order. The one fake
 * the tests allow: the LLM API, which cannot run here. A call beyond the script gets a 500.
 */
export async function startFakeOpenAiServer(answers: ScriptedAnswer[] = []): Promise<FakeOpenAiServer> {
  const queue = [...answers];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = parseBody(text);
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
        return send(404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      const answer = queue.shift();
      if (!answer)
        return send(500, { error: { message: 'the fake server has no scripted answer left', type: 'server_error' } });
      if ('status' in answer)
        return send(
          answer.status,
          answer.body ?? { error: { message: 'scripted error', type: 'server_error' } },
          answer.headers,
        );
      const promptTokens = answer.promptTokens ?? 100;
      const completionTokens = answer.completionTokens ?? 50;
      const toolCalls =
        'toolCalls' in answer
          ? answer.toolCalls.map((call, index) => ({
              id: `call_${requests.length}_${index}`,
              type: 'function',
              function: {
                name: call.name,
                arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
              },
            }))
          : undefined;
      const message = toolCalls
        ? { role: 'assistant', content: answer.content ?? null, tool_calls: toolCalls }
        : { role: 'assistant', content: answer.content };
      send(200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? 'fake-model',
        choices: [{ index: 0, message, finish_reason: toolCalls ? 'tool_calls' : 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      });
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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(text: string): RecordedRequest['body'] {
  try {
    return text ? (JSON.parse(text) as RecordedRequest['body']) : {};
  } catch {
    return {};
  }
}

/** A planner answer with the given steps (each filled out with the fields the planner schema requires). */
export function plannerAnswer(
  steps: {
    id: string;
    title?: string;
    kind?: string;
    command?: string | null;
    dependsOn?: string[];
    [k: string]: unknown;
  }[],
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    name: 'planned-by-model',
    summary: 'a plan',
    assumptions: [],
    questions: [],
    risks: [],
    ...extra,
    steps: steps.map((s) => ({
      title: s.id,
      description: '',
      kind: 'command',
      command: 'true',
      path: null,
      content: null,
      patch: null,
      packageManager: null,
      packages: [],
      dependsOn: [],
      acceptance: [],
      creates: [],
      modifies: [],
      deletes: [],
      risk: null,
      ...s,
    })),
  });
}
