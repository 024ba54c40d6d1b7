import { generateText, type LanguageModel, type ModelMessage, type ToolResultPart } from 'ai';
import type { AgentActionResult, ContainerTools } from '../sandbox/types';
import { describeEndpoint, type LlmConfig } from './llm-config';
import { redactSecrets } from '../audit/redact';
import { errorLine, languageModel } from './planner';
import { REVIEWED_AGENT_TOOLS, type ReviewedAgentTool } from '../../src-preload/contract/types';
import { checkToolCall, executorToolSet, runTool, type CheckedToolCall, type ToolOutcome } from './executor-tools';
import type { GateCase, GateVerdict } from './gate';

export const EXECUTOR_DEFAULTS = { maxRounds: 20, maxTokens: 200_000 } as const;

/** Characters of a tool call's arguments or result shown in the step's output. */
const OUTPUT_PREVIEW_CHARS = 2000;
/** Characters of each model answer or tool call the gate is shown. */
const GATE_ENTRY_CHARS = 600;

export interface ExecutorTask {
  stepId: string;
  prompt: string;
  goal: string;
  /** The stored RepoContext, described as text; undefined when the plan has none. */
  repoContext?: string | undefined;
  shell: boolean;
  maxRounds: number;
  maxTokens: number;
  /** When the step's time runs out (epoch ms); the step's signal fires then too. */
  deadline: number;
}

/** One model call of the executor, as the audit log records it: sizes, tokens and time, never contents. */
export interface ExecutorCallRecord {
  role: 'executor';
  stepId: string;
  round: number;
  provider: string;
  model: string;
  endpoint: string;
  promptChars: number;
  responseChars: number;
  toolCalls: number;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  finishReason: string | null;
  outcome: 'ok' | 'error';
}

/** One tool call, as the audit log records it: argument sizes, the path or exit code, never contents. */
export interface ToolCallRecord {
  stepId: string;
  round: number;
  tool: string;
  argBytes: number;
  resultBytes: number;
  path: string | null;
  exitCode: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
}

/** A write or shell call held for a person under --hitl. */
export interface HeldToolCall {
  stepId: string;
  round: number;
  tool: ReviewedAgentTool;
  input: Record<string, unknown>;
}

/** A person's answer to a held call; an edit runs `input` instead of what the model asked for. */
export type ReviewDecision =
  | { decision: 'approve' }
  | { decision: 'reject'; comment: string | null }
  | { decision: 'edit'; input: Record<string, unknown>; comment: string | null };

export interface ExecutorHooks {
  modelCalled(call: ExecutorCallRecord): void;
  toolCalled(call: ToolCallRecord): void;
  /** Under --hitl: resolves once a person decided on the call; rejects when the step stops first. */
  review?: (call: HeldToolCall, signal: AbortSignal) => Promise<ReviewDecision>;
  /** Under --gate: judges the work after each round with tool calls; a score below `threshold` stops the step. */
  gate?: {
    judge(work: GateCase, signal: AbortSignal): Promise<GateVerdict>;
    threshold: number;
    /** Told after each verdict, for the audit log. */
    scored(verdict: GateVerdict & { round: number; stopped: boolean }): void;
  };
}

export interface ExecutorResult extends AgentActionResult {
  rounds: number;
  toolCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Held calls a person decided (--hitl). */
  reviewed: { approved: number; rejected: number; edited: number };
  /** The gate's last score (--gate); null when the gate was not asked or never scored. */
  gateScore: number | null;
}

/**
 * The executor loop for an agent step: the model is called with the tools, each call it makes is
 * carried out in the step's container (through ContainerTools) and its result sent back, until it
 * calls finish or a budget (rounds, tokens, the step's time) runs out. The loop is run here rather
 * than by the SDK's multi-step mode so every call and tool call is budgeted and audited one by one.
 */
export class Executor {
  constructor(
    private readonly config: LlmConfig,
    private readonly hooks: ExecutorHooks,
    private readonly model: LanguageModel = languageModel(config),
  ) {}

  async run(task: ExecutorTask, container: ContainerTools, signal: AbortSignal): Promise<ExecutorResult> {
    // The step's output is kept with the attempt: what the executor writes there (the model's text,
    // tool arguments and results) has strings that look like keys or tokens masked.
    const tools: ContainerTools = {
      exec: (argv, options) => container.exec(argv, options),
      readFile: (path, maxBytes) => container.readFile(path, maxBytes),
      writeFile: (path, content) => container.writeFile(path, content),
      listFiles: (path, options) => container.listFiles(path, options),
      whilePaused: (work) => container.whilePaused(work),
      note: (text) => container.note(redactSecrets(text)),
    };
    const system = executorSystem(task);
    const toolSet = executorToolSet(task.shell);
    const messages: ModelMessage[] = [{ role: 'user', content: taskPrompt(task) }];
    const totals = { rounds: 0, toolCalls: 0, inputTokens: 0, outputTokens: 0 };
    const reviewed = { approved: 0, rejected: 0, edited: 0 };
    let gateScore: number | null = null;
    const transcript: string[] = [];
    const end = (ok: boolean, text: string): ExecutorResult => {
      tools.note(`agent: ${ok ? 'finished' : 'stopped'}: ${text}`);
      return { ok, ...(ok ? { summary: text } : { reason: text }), ...totals, reviewed, gateScore };
    };
    const extras = [
      this.hooks.review && 'a person decides each write and command',
      this.hooks.gate && 'gated each round',
    ]
      .filter(Boolean)
      .join('; ');
    tools.note(
      `agent: ${this.config.model} works on the step (shell ${task.shell ? 'allowed' : 'not allowed'}; up to ${task.maxRounds} rounds, ${task.maxTokens} tokens${extras ? `; ${extras}` : ''})`,
    );
    for (let round = 1; round <= task.maxRounds; round += 1) {
      signal.throwIfAborted();
      totals.rounds = round;
      const answer = await this.call(task, round, system, messages, toolSet, signal);
      if ('failed' in answer) return end(false, answer.failed);
      totals.inputTokens += answer.inputTokens;
      totals.outputTokens += answer.outputTokens;
      if (answer.text.trim()) {
        tools.note(`model: ${preview(answer.text)}`);
        transcript.push(`round ${round}, the agent said: ${preview(answer.text, GATE_ENTRY_CHARS)}`);
      }
      messages.push(...answer.messages);
      if (answer.calls.length === 0) {
        messages.push({
          role: 'user',
          content:
            'Use the tools to carry out the task, then call finish with a summary. Do not only describe what to do.',
        });
      }
      const results: ToolResultPart[] = [];
      let finished: { summary: string } | undefined;
      for (const call of answer.calls) {
        totals.toolCalls += 1;
        const outcome = await this.tool(task, round, call, tools, signal, reviewed);
        transcript.push(
          `round ${round}, ${call.toolName} ${preview(JSON.stringify(call.input ?? {}), GATE_ENTRY_CHARS)} → ${preview(outcome.result, GATE_ENTRY_CHARS)}`,
        );
        results.push({
          type: 'tool-result',
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output: { type: 'text', value: outcome.result },
        });
        finished ??= outcome.finished;
      }
      if (results.length) messages.push({ role: 'tool', content: results });
      if (finished) return end(true, finished.summary);
      if (this.hooks.gate && answer.calls.length > 0) {
        const verdict = await this.judge(task, round, transcript, tools, signal);
        if ('failed' in verdict) return end(false, verdict.failed);
        gateScore = verdict.score;
        if (verdict.stop) return end(false, verdict.stop);
      }
      const used = totals.inputTokens + totals.outputTokens;
      if (used > task.maxTokens)
        return end(
          false,
          `the agent used ${used} tokens, over the step's budget of ${task.maxTokens} (maxTokens), without finishing; raise maxTokens or narrow the prompt`,
        );
    }
    return end(
      false,
      `the agent used all ${task.maxRounds} rounds (maxRounds) without calling finish; raise the step's maxRounds or narrow its prompt`,
    );
  }

  private async call(
    task: ExecutorTask,
    round: number,
    system: string,
    messages: ModelMessage[],
    tools: ReturnType<typeof executorToolSet>,
    signal: AbortSignal,
  ): Promise<
    | { failed: string }
    | {
        text: string;
        calls: { toolCallId: string; toolName: string; input: unknown }[];
        messages: ModelMessage[];
        inputTokens: number;
        outputTokens: number;
      }
  > {
    const started = performance.now();
    const base = {
      role: 'executor' as const,
      stepId: task.stepId,
      round,
      provider: this.config.provider,
      model: this.config.model,
      endpoint: describeEndpoint(this.config),
      promptChars: system.length + JSON.stringify(messages).length,
    };
    try {
      const result = await generateText({
        model: this.model,
        system,
        messages,
        tools,
        temperature: 0,
        maxRetries: 2,
        abortSignal: AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      const calls = result.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName, input: c.input }));
      const ids = new Set(calls.map((c) => c.toolCallId));
      this.hooks.modelCalled({
        ...base,
        responseChars: result.text.length + JSON.stringify(calls.map((c) => c.input)).length,
        toolCalls: calls.length,
        inputTokens: result.usage.inputTokens ?? null,
        outputTokens: result.usage.outputTokens ?? null,
        latencyMs: Math.round(performance.now() - started),
        finishReason: result.finishReason ?? null,
        outcome: 'ok',
      });
      // A refusal is the model's decision: asking again round after round would only spend the budget.
      if (result.finishReason === 'content-filter')
        return {
          failed: `the executor model '${this.config.model}' refused the task in round ${round}${result.text.trim() ? `: ${errorLine(result.text, this.config.apiKey)}` : ''}; rephrase the step's prompt or use another model`,
        };
      return {
        text: result.text,
        calls,
        // Results the SDK added itself (for calls it could not parse) are replaced by the executor's own.
        messages: result.responseMessages.map((m) => withoutResultsFor(m, ids)).filter((m) => m !== undefined),
        inputTokens: result.usage.inputTokens ?? 0,
        outputTokens: result.usage.outputTokens ?? 0,
      };
    } catch (error) {
      this.hooks.modelCalled({
        ...base,
        responseChars: 0,
        toolCalls: 0,
        inputTokens: null,
        outputTokens: null,
        latencyMs: Math.round(performance.now() - started),
        finishReason: null,
        outcome: 'error',
      });
      signal.throwIfAborted();
      return {
        failed: `the executor model '${this.config.model}' at ${describeEndpoint(this.config)} could not be reached or refused the call in round ${round}: ${errorLine(error, this.config.apiKey)}`,
      };
    }
  }

  private async tool(
    task: ExecutorTask,
    round: number,
    call: { toolName: string; input: unknown },
    tools: ContainerTools,
    signal: AbortSignal,
    reviewed: ExecutorResult['reviewed'],
  ): Promise<ToolOutcome> {
    const args = JSON.stringify(call.input ?? {});
    tools.note(`tool ${call.toolName} ${preview(args)}`);
    const started = performance.now();
    const checked = checkToolCall(call.toolName, call.input, task.shell);
    let outcome: ToolOutcome;
    if ('refused' in checked) outcome = checked.refused;
    else {
      const decided = await this.review(task, round, checked, tools, signal);
      if (decided.decision === 'reject') {
        reviewed.rejected += 1;
        const why = decided.comment ? `: ${decided.comment}` : '';
        tools.note(`→ rejected by the reviewer${why}`);
        outcome = {
          ok: false,
          result: `rejected: the person reviewing your calls did not allow this ${call.toolName}${why}. Do not repeat it; take their comment into account, or finish and explain what is needed.`,
          error: 'rejected by the reviewer',
          ...pathOf(checked.input),
        };
      } else {
        const runs = decided.decision === 'edit' ? { tool: checked.tool, input: decided.input } : checked;
        if (decided.decision === 'edit') {
          reviewed.edited += 1;
          tools.note(`→ edited by the reviewer; runs as ${preview(JSON.stringify(runs.input))}`);
        } else if (decided.held) reviewed.approved += 1;
        outcome = await runTool(runs, {
          tools,
          remainingMs: () => Math.max(0, task.deadline - Date.now()),
          signal,
        });
        if (decided.decision === 'edit') {
          const note = decided.comment ? ` (their comment: ${decided.comment})` : '';
          outcome = {
            ...outcome,
            result: `the person reviewing your calls changed this call before it ran${note}; it ran with ${JSON.stringify(runs.input)}\n${outcome.result}`,
          };
        }
      }
    }
    // run_command's output was already streamed as the command ran.
    if (call.toolName !== 'run_command' || !outcome.ok) tools.note(`→ ${preview(outcome.result)}`);
    this.hooks.toolCalled({
      stepId: task.stepId,
      round,
      tool: call.toolName,
      argBytes: Buffer.byteLength(args),
      resultBytes: Buffer.byteLength(outcome.result),
      path: outcome.path ?? null,
      exitCode: outcome.exitCode ?? null,
      ok: outcome.ok,
      error: outcome.error ?? null,
      durationMs: Math.round(performance.now() - started),
    });
    return outcome;
  }

  /**
   * Under --hitl a write or shell call waits for a person. The step's clock stands still while
   * they decide, so the time limit measures the agent's work, not how long the reviewer took.
   */
  private async review(
    task: ExecutorTask,
    round: number,
    call: CheckedToolCall,
    tools: ContainerTools,
    signal: AbortSignal,
  ): Promise<ReviewDecision & { held: boolean }> {
    const review = this.hooks.review;
    if (!review || !(REVIEWED_AGENT_TOOLS as readonly string[]).includes(call.tool))
      return { decision: 'approve', held: false };
    tools.note(`agent: waiting for a person to allow ${call.tool} (planbox agent calls; or the app)`);
    const waitStarted = Date.now();
    const decision = await tools.whilePaused(() =>
      review({ stepId: task.stepId, round, tool: call.tool as ReviewedAgentTool, input: call.input }, signal),
    );
    task.deadline += Date.now() - waitStarted;
    return { ...decision, held: true };
  }

  /** Asks the gate about the work so far; a failed gate call stops the step (a gated run must not go on ungated). */
  private async judge(
    task: ExecutorTask,
    round: number,
    transcript: string[],
    tools: ContainerTools,
    signal: AbortSignal,
  ): Promise<{ failed: string } | { score: number; stop: string | null }> {
    const gate = this.hooks.gate!;
    let verdict: GateVerdict;
    try {
      verdict = await gate.judge(
        { stepId: task.stepId, round, prompt: task.prompt, goal: task.goal, transcript },
        signal,
      );
    } catch (error) {
      signal.throwIfAborted();
      return { failed: `${(error as Error).message}; the step stops because it runs gated (--gate)` };
    }
    const stopped = verdict.score < gate.threshold;
    gate.scored({ ...verdict, round, stopped });
    tools.note(
      `gate: round ${round} scored ${verdict.score.toFixed(2)} (threshold ${gate.threshold}): ${verdict.reason}`,
    );
    return {
      score: verdict.score,
      stop: stopped
        ? `the gate stopped the agent after round ${round}: score ${verdict.score.toFixed(2)} is below the threshold ${gate.threshold}: ${verdict.reason}`
        : null,
    };
  }
}

function executorSystem(task: ExecutorTask): string {
  return [
    'You are the executor of Planbox. You carry out one step of an approved plan inside a Linux container, on a copy of the project at /workspace, with no network unless the step has it.',
    'Work only through the tools. Paths are relative to /workspace and may not leave it. Look before you change: list and read files first; prefer small patches to rewriting large files.',
    task.shell
      ? 'You may run shell commands with run_command (for builds and tests); each returns its exit code and output.'
      : 'This step does not allow shell commands: run_command is not available and is refused; use the file tools.',
    'When the step is done (and, where you can, checked), call finish with a short summary. After the step, Planbox runs its acceptance checks and records the changed files as a snapshot.',
  ].join('\n');
}

function taskPrompt(task: ExecutorTask): string {
  return [
    task.goal ? `The plan's goal: ${task.goal}` : undefined,
    task.repoContext ? `What is known about the project:\n${task.repoContext}` : undefined,
    `Your step (${task.stepId}):\n${task.prompt}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** A response message without the tool results for the given calls (a tool message left empty is dropped). */
function withoutResultsFor(message: ModelMessage, ids: Set<string>): ModelMessage | undefined {
  if (message.role !== 'tool') return message;
  const content = message.content.filter((part) => !('toolCallId' in part && ids.has(part.toolCallId)));
  return content.length ? { ...message, content } : undefined;
}

function preview(text: string, limit = OUTPUT_PREVIEW_CHARS): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
}

function pathOf(input: Record<string, unknown>): { path?: string } {
  return typeof input.path === 'string' ? { path: input.path } : {};
}
