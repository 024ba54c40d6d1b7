import { generateText, NoObjectGeneratedError, Output, type LanguageModel, type ModelMessage } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAnthropic } from '@ai-sdk/anthropic';
import { InvalidInputError } from '../domain/errors';
import { describeEndpoint, type LlmConfig } from './llm-config';
import { plannerOutputSchema, type PlannerOutput } from './planner-schema';
import { PLANNER_SYSTEM, repairPrompt } from './prompts';

/** One model call, as the audit log records it: sizes, tokens and time, never the prompt's secrets or the key. */
export interface LlmCallRecord {
  role: 'planner';
  purpose: string;
  attempt: number;
  provider: string;
  model: string;
  endpoint: string;
  promptChars: number;
  responseChars: number;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  outcome: 'ok' | 'invalid' | 'error';
}

/**
 * Checks a parsed answer beyond its shape (mapping onto a plan, the plan's validation); returns
 * the problems, none when the answer can be used.
 */
export type AnswerCheck<T> = (output: PlannerOutput) => { ok: true; value: T } | { ok: false; problems: string[] };

export interface PlannerRun<T> {
  value: T;
  calls: LlmCallRecord[];
  repaired: boolean;
}

/** The planner's answer stayed unusable after the repair round; the raw answer is kept in a file. */
export class PlannerOutputError extends InvalidInputError {}

export function languageModel(config: LlmConfig): LanguageModel {
  if (config.provider === 'anthropic') {
    return createAnthropic({ apiKey: config.apiKey, ...(config.baseUrl ? { baseURL: config.baseUrl } : {}) })(
      config.model,
    );
  }
  return createOpenAICompatible({
    name: 'planbox',
    baseURL: config.baseUrl!,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    supportsStructuredOutputs: true,
    includeUsage: true,
  })(config.model);
}

/**
 * Asks the planner model for a plan through schema-constrained output. An answer that does not
 * parse, fit the schema or pass `check` gets one repair round with the problems; after that the
 * raw answer is saved (`keepRaw` returns where) and the call fails saying where it is.
 */
export class Planner {
  constructor(
    private readonly config: LlmConfig,
    private readonly record: (call: LlmCallRecord) => void,
    private readonly keepRaw: (text: string) => string,
    private readonly model: LanguageModel = languageModel(config),
  ) {}

  get description(): { provider: string; model: string } {
    return { provider: this.config.provider, model: this.config.model };
  }

  async plan<T>(purpose: string, prompt: string, check: AnswerCheck<T>): Promise<PlannerRun<T>> {
    const calls: LlmCallRecord[] = [];
    const messages: ModelMessage[] = [{ role: 'user', content: prompt }];
    let problems: string[] = [];
    let raw = '';
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const answer = await this.call(purpose, attempt, messages, calls);
      raw = answer.text;
      const parsed = answer.output ?? parseAnswer(answer.text);
      const checked = 'problems' in parsed ? { ok: false as const, problems: parsed.problems } : check(parsed);
      calls[calls.length - 1]!.outcome = checked.ok ? 'ok' : 'invalid';
      this.record(calls[calls.length - 1]!);
      if (checked.ok) return { value: checked.value, calls, repaired: attempt > 1 };
      problems = checked.problems;
      messages.push({ role: 'assistant', content: answer.text || '(empty answer)' });
      messages.push({ role: 'user', content: repairPrompt(problems) });
    }
    const file = this.keepRaw(raw);
    throw new PlannerOutputError(
      `the planner (${this.config.model}) gave no usable plan after one repair round: ${problems[0] ?? 'no answer'}` +
        `${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; its raw answer is in ${file}`,
    );
  }

  private async call(
    purpose: string,
    attempt: number,
    messages: ModelMessage[],
    calls: LlmCallRecord[],
  ): Promise<{ text: string; output?: PlannerOutput }> {
    const started = performance.now();
    const promptChars = PLANNER_SYSTEM.length + messages.reduce((n, m) => n + String(m.content).length, 0);
    const base = {
      role: 'planner' as const,
      purpose,
      attempt,
      provider: this.config.provider,
      model: this.config.model,
      endpoint: describeEndpoint(this.config),
      promptChars,
    };
    const usageOf = (usage: { inputTokens: number | undefined; outputTokens: number | undefined } | undefined) => ({
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
    });
    try {
      const result = await generateText({
        model: this.model,
        system: PLANNER_SYSTEM,
        messages,
        output: Output.object({ schema: plannerOutputSchema, name: 'plan', description: 'a Planbox execution plan' }),
        temperature: 0,
        maxRetries: 2,
        abortSignal: AbortSignal.timeout(this.config.timeoutMs),
      });
      calls.push({
        ...base,
        responseChars: result.text.length,
        ...usageOf(result.usage),
        latencyMs: Math.round(performance.now() - started),
        outcome: 'ok',
      });
      return { text: result.text, output: result.output };
    } catch (error) {
      if (NoObjectGeneratedError.isInstance(error)) {
        const text = error.text ?? '';
        // A refusal is the model's decision, not a malformed answer: a repair round would not help.
        const refused = error.finishReason === 'content-filter';
        calls.push({
          ...base,
          responseChars: text.length,
          ...usageOf(error.usage),
          latencyMs: Math.round(performance.now() - started),
          outcome: refused ? 'error' : 'invalid',
        });
        if (!refused) return { text };
        this.record(calls[calls.length - 1]!);
        throw new InvalidInputError(
          `the planner model '${this.config.model}' refused to answer${text ? `: ${errorLine(text, this.config.apiKey)}` : ''}; rephrase the goal or use another model`,
        );
      }
      const failed: LlmCallRecord = {
        ...base,
        responseChars: 0,
        inputTokens: null,
        outputTokens: null,
        latencyMs: Math.round(performance.now() - started),
        outcome: 'error',
      };
      calls.push(failed);
      this.record(failed);
      throw new InvalidInputError(
        `the planner model '${this.config.model}' at ${describeEndpoint(this.config)} could not be reached or refused the call: ${errorLine(error, this.config.apiKey)}`,
      );
    }
  }
}

/** The answer's JSON (code fences allowed) against the planner schema; problems as readable lines. */
export function parseAnswer(text: string): PlannerOutput | { problems: string[] } {
  const stripped = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```$/, '')
    .trim();
  let json: unknown;
  try {
    json = JSON.parse(stripped);
  } catch (error) {
    return { problems: [`the answer is not JSON (${(error as Error).message})`] };
  }
  const parsed = plannerOutputSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return {
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return `${path.replace(/^\./, '') || '(the answer)'}: ${issue.message}`;
    }),
  };
}

/**
 * An SDK error as one line for a message. An API may quote the key it was sent (an authentication
 * error), so the key is blanked out before the line reaches an error, an attempt's output or a log.
 */
export function errorLine(error: unknown, apiKey: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n')[0] ?? '').slice(0, 300);
  return apiKey ? line.replaceAll(apiKey, '***') : line;
}
