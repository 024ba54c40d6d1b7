import type { IncomingHttpHeaders } from 'node:http';
import { startScriptedServer, tokensOf, type ScriptedAnswer, type ScriptedServer } from './fake-llm-server';

export type { ScriptedAnswer, ScriptedToolCall } from './fake-llm-server';

export interface RecordedAnthropicRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    system?: unknown;
    messages?: { role: string; content: unknown }[];
    tools?: { name: string; input_schema?: unknown }[];
    tool_choice?: { type: string; name?: string };
    output_config?: { format?: { type: string; schema?: unknown } };
    [key: string]: unknown;
  };
  receivedAt: number;
}

export type FakeAnthropicServer = ScriptedServer<RecordedAnthropicRequest['body']>;

/** Anthropic's error type for an HTTP status, as its API names them. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/**
 * A real HTTP server on loopback speaking the Anthropic Messages API (`POST /v1/messages`,
 * non-streaming), answering from a script in order. The one fake the tests allow: the LLM API,
 * which cannot run here. Text comes back as a `text` block (`stop_reason: 'end_turn'`), tool calls
 * as `tool_use` blocks (`stop_reason: 'tool_use'`), a refusal with `stop_reason: 'refusal'`, errors
 * as `{type: 'error', error: {type, message}}`. A call beyond the script gets a 500.
 *
 * When the SDK asks for structured output through a tool named `json` that the model must call
 * (`tool_choice` any or that tool: its fallback for models or schemas without native
 * `output_config.format`), a scripted text answer is given as that tool's input, as a model
 * obeying `tool_choice` would.
 */
export async function startFakeAnthropicServer(answers: ScriptedAnswer[] = []): Promise<FakeAnthropicServer> {
  return startScriptedServer<RecordedAnthropicRequest['body']>({
    route: '/v1/messages',
    answers,
    errorReply: (status, message) => ({
      status,
      json: { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } },
    }),
    answerReply: (answer, body, requestNumber) => {
      const tokens = tokensOf(answer);
      const toolUse = (name: string, input: unknown, index: number) => ({
        type: 'tool_use',
        id: `toolu_${requestNumber}_${index}`,
        name,
        input,
      });
      const choice = body.tool_choice;
      const forcedJsonTool =
        body.tools?.some((t) => t.name === 'json') === true &&
        (choice?.type === 'any' || (choice?.type === 'tool' && choice.name === 'json'));
      let content: unknown[];
      let stopReason: string;
      if ('refusal' in answer) {
        content = answer.refusal ? [{ type: 'text', text: answer.refusal }] : [];
        stopReason = 'refusal';
      } else if ('toolCalls' in answer) {
        content = [
          ...(answer.content ? [{ type: 'text', text: answer.content }] : []),
          ...answer.toolCalls.map((call, index) => toolUse(call.name, toolInput(call.arguments), index)),
        ];
        stopReason = 'tool_use';
      } else if (forcedJsonTool) {
        content = [toolUse('json', toolInput(answer.content), 0)];
        stopReason = 'tool_use';
      } else {
        content = [{ type: 'text', text: answer.content }];
        stopReason = 'end_turn';
      }
      return {
        status: 200,
        json: {
          id: `msg_${requestNumber}`,
          type: 'message',
          role: 'assistant',
          model: body.model ?? 'fake-model',
          content,
          stop_reason: stopReason,
          stop_sequence: null,
          usage: { input_tokens: tokens.input, output_tokens: tokens.output },
        },
      };
    },
  });
}

/** A tool_use input is a JSON object on the wire; text that does not parse is passed on as it is. */
function toolInput(args: Record<string, unknown> | string): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}
