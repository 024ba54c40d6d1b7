import { createConnection } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer } from '../testing/fake-anthropic-server';
import type { ScriptedServer } from '../testing/fake-llm-server';
import { plannerAnswer, startFakeOpenAiServer } from '../testing/fake-openai-server';
import { MemoryContainerTools } from '../testing/memory-container-tools';
import { Executor, type ExecutorTask } from './executor';
import type { LlmConfig } from './llm-config';
import { Planner, PlannerOutputError } from './planner';

const API_KEY = 'sk-test-key-never-shown';

/** The provider formats every failure is tried against, each with its own fake server. */
const PROVIDERS = [
  { provider: 'openai-compatible', model: 'qwen2.5-coder', start: () => startFakeOpenAiServer() },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', start: () => startFakeAnthropicServer() },
] as const;

const acceptAny = (output: unknown) => ({ ok: true as const, value: output });

const task: ExecutorTask = {
  stepId: 'agent-step',
  prompt: 'Write README.md.',
  goal: 'a README',
  shell: false,
  maxRounds: 5,
  maxTokens: 100_000,
  deadline: Date.now() + 10 * 60_000,
};

/**
 * Keeps the retries of a 500 quick: the SDK honours retry-after-ms (as OpenAI sends it); the
 * delay itself is checked with Retry-After on a 429 below.
 */
const quickRetry = { 'retry-after-ms': '20' };

describe.each(PROVIDERS)('failures of the $provider wire format (fake server on 127.0.0.1)', (p) => {
  let server: ScriptedServer<unknown>;
  let keptRaw: string[];

  const config = (timeoutMs = 30_000): LlmConfig => ({
    provider: p.provider,
    baseUrl: server.baseUrl,
    model: p.model,
    apiKey: API_KEY,
    timeoutMs,
  });
  const planner = (timeoutMs?: number) =>
    new Planner(
      config(timeoutMs),
      () => {},
      (text) => {
        keptRaw.push(text);
        return '/tmp/raw-answer.txt';
      },
    );
  const executor = (timeoutMs?: number) =>
    new Executor(config(timeoutMs), { modelCalled: () => {}, toolCalled: () => {} });
  const planFailure = (timeoutMs?: number) =>
    planner(timeoutMs)
      .plan('plan from goal', 'Goal: anything', acceptAny)
      .then(
        () => undefined,
        (e: Error) => e,
      );

  beforeEach(async () => {
    server = (await p.start()) as ScriptedServer<unknown>;
    keptRaw = [];
  });
  afterEach(() => server.close());

  it('retries a 429 after the Retry-After delay and then succeeds', async () => {
    // 3 s: longer than the SDK's own first backoff (2 s), so the wait can only come from the header.
    server.script({ status: 429, headers: { 'retry-after': '3' } }, { content: plannerAnswer([{ id: 'a' }]) });

    const run = await planner().plan('plan from goal', 'Goal', acceptAny);

    expect((run.value as { steps: unknown[] }).steps).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(2900);
  });

  it('names the model and the endpoint when every try of the planner gets a 500', async () => {
    for (let i = 0; i < 3; i += 1) server.script({ status: 500, headers: quickRetry });

    const failure = await planFailure();

    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toMatch(
      new RegExp(`^the planner model '${p.model}' at ${server.baseUrl} could not be reached or refused the call: `),
    );
    expect(failure!.message).toContain('scripted error');
    // maxRetries 2: the first try and two more.
    expect(server.requests).toHaveLength(3);
  });

  it('stops the agent step with "could not be reached" when every try gets a 500', async () => {
    for (let i = 0; i < 3; i += 1) server.script({ status: 500, headers: quickRetry });

    const result = await executor().run(task, new MemoryContainerTools(), new AbortController().signal);

    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(
      new RegExp(
        `^the executor model '${p.model}' at ${server.baseUrl} could not be reached or refused the call in round 1: `,
      ),
    );
    expect(server.requests).toHaveLength(3);
  });

  it('reports an answer whose HTTP body is not JSON as a failed call, not a crash', async () => {
    server.script({ status: 200, rawBody: '<html>502 Bad Gateway</html>' });

    const failure = await planFailure();

    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PlannerOutputError);
    expect(failure!.message).toMatch(new RegExp(`the planner model '${p.model}' at ${server.baseUrl} could not`));
    expect(failure!.message).toMatch(/JSON/i);
  });

  it('gives a truncated JSON answer the repair round with the parse problem', async () => {
    server.script({ content: '{"name": ' }, { content: plannerAnswer([{ id: 'a' }]) });

    const run = await planner().plan('plan from goal', 'Goal', acceptAny);

    expect(run.repaired).toBe(true);
    expect(run.calls.map((c) => c.outcome)).toEqual(['invalid', 'ok']);
    const repair = JSON.stringify(server.requests[1]!.body);
    expect(repair).toContain('{\\"name\\": ');
    expect(repair).toContain('not JSON');
  });

  it('fails the planner clearly when the model refuses, keeping what it said', async () => {
    const refusal = { refusal: "I can't help with that request." };
    server.script(refusal, refusal);

    const failure = await planFailure();

    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toMatch(new RegExp(`the planner model '${p.model}' refused`));
    expect(failure!.message).toContain("I can't help with that request.");
  });

  it('stops the agent step when the model refuses, instead of asking again round after round', async () => {
    server.script({ refusal: 'I will not do that.' });

    const result = await executor().run(task, new MemoryContainerTools(), new AbortController().signal);

    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(new RegExp(`the executor model '${p.model}' refused`));
    expect(result.reason).toContain('I will not do that.');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with a timeout when the answer is slower than timeoutMs, and the server closes cleanly', async () => {
    server.script({ content: plannerAnswer([{ id: 'a' }]), delayMs: 2000 });
    server.script({ toolCalls: [{ name: 'finish', arguments: { summary: 'late' } }], delayMs: 2000 });

    const failure = await planFailure(300);
    const result = await executor(300).run(task, new MemoryContainerTools(), new AbortController().signal);

    expect(failure!.message).toMatch(
      new RegExp(`the planner model '${p.model}' at ${server.baseUrl} .*timed? ?out`, 'i'),
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/timed? ?out/i);
    const port = Number(new URL(server.baseUrl).port);
    await server.close();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.destroy() && false));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
