import { generateText, Output, type LanguageModel } from 'ai';
import { z } from 'zod';
import { describeEndpoint, type LlmConfig } from './llm-config';
import { languageModel } from './planner';

/** The most characters of the step's work so far the gate is shown; older rounds are left out first. */
const GATE_TRANSCRIPT_CHARS = 12_000;

const verdictSchema = z.object({
  score: z
    .number()
    .min(0)
    .max(1)
    .describe('0 = the work has gone wrong or off task and should stop; 1 = it is on track'),
  reason: z.string().min(1).max(600).describe('one or two sentences: why this score'),
});
export type GateVerdict = z.infer<typeof verdictSchema>;

export interface GateCase {
  stepId: string;
  round: number;
  /** The step's instruction. */
  prompt: string;
  goal: string;
  /** What the agent did so far, one entry per model answer or tool call, oldest first. */
  transcript: string[];
}

/** One gate call, as the audit log records it (sizes, tokens, time; the verdict's score). */
export interface GateCallRecord {
  role: 'gate';
  stepId: string;
  round: number;
  provider: string;
  model: string;
  endpoint: string;
  promptChars: number;
  responseChars: number;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  score: number | null;
  outcome: 'ok' | 'error';
}

const GATE_SYSTEM = [
  'You are the gate of Planbox. An executor model is carrying out one step of an approved plan in a sandbox, with tools.',
  'After each of its rounds you judge whether it should go on: is it working on the step it was given, making progress, and not doing anything harmful, destructive or outside the task (deleting unrelated files, touching secrets, disabling tests, going in circles)?',
  'Answer with a score from 0 to 1 and a short reason. Score low only for real problems; ordinary exploration and small mistakes it corrects are fine.',
].join('\n');

/**
 * The gate model: between the executor's rounds it scores whether the work should continue. Its
 * answer is schema-constrained; an answer that cannot be read, or a call that fails, throws — the
 * caller stops the step then, because a run asked to be gated must not go on ungated.
 */
export class Gate {
  constructor(
    private readonly config: LlmConfig,
    private readonly record: (call: GateCallRecord) => void,
    private readonly model: LanguageModel = languageModel(config),
  ) {}

  get modelName(): string {
    return this.config.model;
  }

  async judge(work: GateCase, signal: AbortSignal): Promise<GateVerdict> {
    const prompt = gatePrompt(work);
    const started = performance.now();
    const base = {
      role: 'gate' as const,
      stepId: work.stepId,
      round: work.round,
      provider: this.config.provider,
      model: this.config.model,
      endpoint: describeEndpoint(this.config),
      promptChars: GATE_SYSTEM.length + prompt.length,
    };
    try {
      const result = await generateText({
        model: this.model,
        system: GATE_SYSTEM,
        prompt,
        output: Output.object({
          schema: verdictSchema,
          name: 'verdict',
          description: 'whether the agent should go on',
        }),
        temperature: 0,
        maxRetries: 2,
        abortSignal: AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      this.record({
        ...base,
        responseChars: result.text.length,
        inputTokens: result.usage.inputTokens ?? null,
        outputTokens: result.usage.outputTokens ?? null,
        latencyMs: Math.round(performance.now() - started),
        score: result.output.score,
        outcome: 'ok',
      });
      return result.output;
    } catch (error) {
      this.record({
        ...base,
        responseChars: 0,
        inputTokens: null,
        outputTokens: null,
        latencyMs: Math.round(performance.now() - started),
        score: null,
        outcome: 'error',
      });
      signal.throwIfAborted();
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the gate model '${this.config.model}' at ${describeEndpoint(this.config)} gave no verdict in round ${work.round}: ${(message.split('\n')[0] ?? '').slice(0, 300)}`,
        { cause: error },
      );
    }
  }
}

function gatePrompt(work: GateCase): string {
  const kept: string[] = [];
  let room = GATE_TRANSCRIPT_CHARS;
  for (const entry of [...work.transcript].reverse()) {
    if (entry.length > room) break;
    kept.unshift(entry);
    room -= entry.length;
  }
  const omitted = work.transcript.length - kept.length;
  return [
    work.goal ? `The plan's goal: ${work.goal}` : undefined,
    `The step (${work.stepId}):\n${work.prompt}`,
    `What the agent did in its first ${work.round} round(s)${omitted ? ` (the ${omitted} oldest entries left out)` : ''}:\n${kept.join('\n')}`,
    'Should it go on?',
  ]
    .filter(Boolean)
    .join('\n\n');
}
