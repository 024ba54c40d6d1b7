import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../testing/fake-anthropic-server';
import { plannerAnswer } from '../testing/fake-openai-server';
import { MemoryContainerTools } from '../testing/memory-container-tools';
import { Executor, type ExecutorCallRecord, type ExecutorTask } from './executor';
import type { LlmConfig } from './llm-config';
import { Planner, type LlmCallRecord } from './planner';

const API_KEY = 'sk-ant-test-key-never-shown';

/** A model the SDK knows to support native structured output (`output_config.format`). */
const KNOWN_MODEL = 'claude-sonnet-4-5';
/** A model id the SDK does not know: structured output falls back to a forced `json` tool. */
const UNKNOWN_MODEL = 'house-model-behind-a-proxy';

const acceptAny = (output: unknown) => ({ ok: true as const, value: output });

function task(overrides: Partial<ExecutorTask> = {}): ExecutorTask {
  return {
    stepId: 'write-readme',
    prompt: 'Write README.md saying hello.',
    goal: 'a project with a README',
    shell: false,
    maxRounds: 5,
    maxTokens: 100_000,
    deadline: Date.now() + 60_000,
    ...overrides,
  };
}

describe('the Anthropic Messages API (fake server on 127.0.0.1)', () => {
  let server: FakeAnthropicServer;
  let calls: LlmCallRecord[];
  const config = (model = KNOWN_MODEL): LlmConfig => ({
    provider: 'anthropic',
    baseUrl: server.baseUrl,
    model,
    apiKey: API_KEY,
    timeoutMs: 30_000,
  });
  const planner = (model?: string) =>
    new Planner(
      config(model),
      (call) => calls.push(call),
      () => '/nowhere',
    );

  beforeEach(async () => {
    server = await startFakeAnthropicServer();
    calls = [];
  });
  afterEach(() => server.close());

  it('plans from a goal with native structured output, the key in x-api-key, tokens from usage', async () => {
    server.script({
      content: plannerAnswer([{ id: 'install' }, { id: 'test', dependsOn: ['install'] }]),
      promptTokens: 321,
      completionTokens: 123,
    });

    const run = await planner().plan('plan from goal', 'Goal: test the project', acceptAny);

    expect(run.repaired).toBe(false);
    expect((run.value as { steps: { id: string }[] }).steps.map((s) => s.id)).toEqual(['install', 'test']);
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/messages');
    expect(request!.headers['x-api-key']).toBe(API_KEY);
    expect(request!.headers['anthropic-version']).toBeDefined();
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.body.model).toBe(KNOWN_MODEL);
    expect(request!.body.output_config?.format?.type).toBe('json_schema');
    expect(JSON.stringify(request!.body.messages)).toContain('Goal: test the project');
    expect(calls).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: KNOWN_MODEL,
        endpoint: server.baseUrl,
        inputTokens: 321,
        outputTokens: 123,
        outcome: 'ok',
      }),
    ]);
  });

  it('plans through the forced json tool when the SDK does not know the model', async () => {
    server.script({ content: plannerAnswer([{ id: 'only' }]) });

    const run = await planner(UNKNOWN_MODEL).plan('plan from goal', 'Goal: one step', acceptAny);

    expect((run.value as { steps: { id: string }[] }).steps.map((s) => s.id)).toEqual(['only']);
    const body = server.requests[0]!.body;
    expect(body.output_config).toBeUndefined();
    expect(body.tools?.map((t) => t.name)).toEqual(['json']);
    expect(body.tool_choice?.type).toBe('any');
  });

  it('runs an executor round: a tool_use call, its tool_result sent back, then finish', async () => {
    server.script(
      {
        content: 'I will write the file.',
        toolCalls: [{ name: 'write_file', arguments: { path: 'README.md', content: 'hello\n' } }],
        promptTokens: 200,
        completionTokens: 20,
      },
      {
        toolCalls: [{ name: 'finish', arguments: { summary: 'wrote README.md' } }],
        promptTokens: 260,
        completionTokens: 10,
      },
    );
    const tools = new MemoryContainerTools();
    const modelCalls: ExecutorCallRecord[] = [];
    const executor = new Executor(config(), { modelCalled: (c) => modelCalls.push(c), toolCalled: () => {} });

    const result = await executor.run(task(), tools, new AbortController().signal);

    expect(result).toMatchObject({
      ok: true,
      summary: 'wrote README.md',
      rounds: 2,
      toolCalls: 2,
      inputTokens: 460,
      outputTokens: 30,
    });
    expect(tools.files.get('README.md')).toBe('hello\n');
    const first = server.requests[0]!.body;
    expect(first.tools?.map((t) => t.name)).toEqual(expect.arrayContaining(['write_file', 'finish']));
    expect(first.tools?.map((t) => t.name)).not.toContain('run_command');
    const second = JSON.stringify(server.requests[1]!.body.messages);
    expect(second).toContain('"type":"tool_use"');
    expect(second).toContain('"tool_use_id":"toolu_1_0"');
    expect(modelCalls.map((c) => [c.finishReason, c.inputTokens, c.outputTokens])).toEqual([
      ['tool-calls', 200, 20],
      ['tool-calls', 260, 10],
    ]);
    expect(server.requests.every((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);
  });

  it('keeps the key out of the error when the API refuses it, even when the answer quotes it', async () => {
    const quoting = {
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${API_KEY}` } },
    };
    server.script(quoting, quoting);

    const planFailure = await planner()
      .plan('plan from goal', 'Goal', acceptAny)
      .catch((e: Error) => e);
    const executor = new Executor(config(), { modelCalled: () => {}, toolCalled: () => {} });
    const stepResult = await executor.run(task(), new MemoryContainerTools(), new AbortController().signal);

    expect((planFailure as Error).message).toMatch(
      new RegExp(`the planner model '${KNOWN_MODEL}' at ${server.baseUrl} could not be reached or refused the call`),
    );
    expect((planFailure as Error).message).toContain('invalid x-api-key');
    expect((planFailure as Error).message).not.toContain(API_KEY);
    expect(stepResult.ok).toBe(false);
    expect(stepResult.reason).toContain('invalid x-api-key');
    expect(stepResult.reason).not.toContain(API_KEY);
    // A 401 is not retried.
    expect(server.requests).toHaveLength(2);
  });
});
