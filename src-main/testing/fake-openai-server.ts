import type { IncomingHttpHeaders } from 'node:http';
import { startScriptedServer, tokensOf, type ScriptedAnswer, type ScriptedServer } from './fake-llm-server';

export type { ScriptedAnswer, ScriptedToolCall } from './fake-llm-server';

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
  /** When the request arrived (performance.now()), to check retry delays. */
  receivedAt: number;
}

export type FakeOpenAiServer = ScriptedServer<RecordedRequest['body']>;

/**
 * A real HTTP server on loopback speaking the OpenAI chat-completions wire format
 * (`POST /v1/chat/completions`, non-streaming), answering from a script in order. The one fake
 * the tests allow: the LLM API, which cannot run here. Tool calls are answered with
 * `finish_reason: 'tool_calls'`, a refusal with the message's `refusal` field and
 * `finish_reason: 'content_filter'`. A call beyond the script gets a 500.
 */
export async function startFakeOpenAiServer(answers: ScriptedAnswer[] = []): Promise<FakeOpenAiServer> {
  return startScriptedServer<RecordedRequest['body']>({
    route: '/v1/chat/completions',
    answers,
    errorReply: (status, message) => ({
      status,
      json: { error: { message, type: status === 404 ? 'invalid_request_error' : 'server_error' } },
    }),
    answerReply: (answer, body, requestNumber) => {
      const tokens = tokensOf(answer);
      const toolCalls =
        'toolCalls' in answer
          ? answer.toolCalls.map((call, index) => ({
              id: `call_${requestNumber}_${index}`,
              type: 'function',
              function: {
                name: call.name,
                arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
              },
            }))
          : undefined;
      const message =
        'refusal' in answer
          ? { role: 'assistant', content: null, refusal: answer.refusal }
          : toolCalls
            ? { role: 'assistant', content: answer.content ?? null, tool_calls: toolCalls }
            : { role: 'assistant', content: answer.content };
      const finishReason = 'refusal' in answer ? 'content_filter' : toolCalls ? 'tool_calls' : 'stop';
      return {
        status: 200,
        json: {
          id: `chatcmpl-${requestNumber}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model ?? 'fake-model',
          choices: [{ index: 0, message, finish_reason: finishReason }],
          usage: {
            prompt_tokens: tokens.input,
            completion_tokens: tokens.output,
            total_tokens: tokens.input + tokens.output,
          },
        },
      };
    },
  });
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
      prompt: null,
      shell: null,
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
