import type { RepoContextView } from '../../src-preload/contract';
import type { PlanContextRepository } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import { redactSecrets, type ActorContext } from '../audit';
import { LLM_SETTINGS, noProviderMessage, resolveLlmConfig, type LlmConfig } from '../llm/llm-config';
import type { ExecutorResult } from '../llm/executor';
import type { StepAction } from '../sandbox/types';
import { agentSetting, type EngineDeps } from './engine-deps';
import type { AgentStepDefinition, ExecutorStatus } from './step-action';
import type { AgentCalls } from './agent-calls';

/** What an agent step used, for its outcome and its audit event. */
export interface AgentUsage {
  rounds: number;
  toolCalls: number;
  inputTokens: number;
  outputTokens: number;
  summary: string | null;
  reviewed?: { approved: number; rejected: number; edited: number };
  gateScore?: number | null;
}

/** How a run treats agent steps: a person decides writes and commands (hitl), a gate model scores rounds. */
export interface AgentRunOptions {
  hitl: boolean;
  gate: boolean;
  gateThreshold: number;
}

export interface AgentRun {
  action: StepAction;
  /** Filled once the executor returned; null when it never ran (the container did not start). */
  usage: () => AgentUsage | null;
}

/** A run's agent choices, with the agent.* and llm.gateThreshold settings filling what it left out. */
export function agentRunOptions(deps: Pick<EngineDeps, 'settings'>, given: Partial<AgentRunOptions>): AgentRunOptions {
  return {
    hitl: given.hitl ?? agentSetting(deps, 'hitl'),
    gate: given.gate ?? agentSetting(deps, 'gate'),
    gateThreshold:
      given.gateThreshold ??
      deps.settings.get<number>(LLM_SETTINGS.gateThreshold.key) ??
      LLM_SETTINGS.gateThreshold.default,
  };
}

/**
 * Agent steps run by the executor model: whether one is configured, and the sandbox action that
 * runs the executor loop in the step's container, auditing every model call and tool call.
 */
export class AgentExecution {
  constructor(
    private readonly deps: EngineDeps,
    private readonly contexts: PlanContextRepository,
    private readonly calls: AgentCalls,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * Whether agent steps can run in a run with these options: an executor model, and for a gated
   * run a gate model too (llm.gateModel, else the planner's). Without one the step is not run
   * ungated: it waits, and the reason says what to set.
   */
  readiness(options: AgentRunOptions): ExecutorStatus {
    const executor = this.status();
    if (!executor.ready || !options.gate) return executor;
    try {
      if (this.gateConfig()) return { ready: true };
      return { ready: false, why: `the run asks for a gate (--gate), but ${noProviderMessage('gate')}` };
    } catch (error) {
      return { ready: false, why: `the run asks for a gate (--gate), but ${(error as Error).message}` };
    }
  }

  status(): ExecutorStatus {
    try {
      return this.config() ? { ready: true } : { ready: false, why: noProviderMessage('executor') };
    } catch (error) {
      return { ready: false, why: (error as Error).message };
    }
  }

  action(
    run: { planId: string; attempt: number; definition: PlanDefinition; step: AgentStepDefinition; timeoutMs: number },
    options: AgentRunOptions,
    context: ActorContext,
  ): AgentRun {
    const config = this.config();
    if (!config) throw new Error(noProviderMessage('executor'));
    const gateConfig = options.gate ? this.gateConfig() : undefined;
    if (options.gate && !gateConfig) throw new Error(noProviderMessage('gate'));
    const { planId, step, attempt } = run;
    const engine: ActorContext = { actor: 'engine', surface: context.surface };
    const audit = (type: string, payload: Record<string, unknown>) =>
      this.deps.store.transaction(() => this.deps.audit.append(engine, { type, planId, stepId: step.id, payload }));
    const stored = this.contexts.get(planId);
    let result: ExecutorResult | undefined;
    const action: StepAction = {
      type: 'agent',
      run: async (tools, signal) => {
        // The AI SDK is loaded only when an agent step runs.
        const [{ Executor, EXECUTOR_DEFAULTS }, { describeContext }, { Gate }] = await Promise.all([
          import('../llm/executor'),
          import('../llm/prompts'),
          import('../llm/gate'),
        ]);
        const gate = gateConfig && new Gate(gateConfig, (call) => audit('llm.called', { ...call, attempt }));
        const executor = new Executor(config, {
          modelCalled: (call) => audit('llm.called', { ...call, attempt }),
          toolCalled: (call) =>
            audit('agent.tool_called', {
              ...call,
              attempt,
              error: call.error === null ? null : redactSecrets(call.error),
            }),
          ...(options.hitl
            ? { review: (call, signal) => this.calls.hold({ ...call, planId, attempt }, engine, signal) }
            : {}),
          ...(gate
            ? {
                gate: {
                  judge: (work, signal) => gate.judge(work, signal),
                  threshold: options.gateThreshold,
                  scored: (verdict) =>
                    audit('agent.gate_scored', {
                      attempt,
                      round: verdict.round,
                      score: verdict.score,
                      threshold: options.gateThreshold,
                      stopped: verdict.stopped,
                      reason: redactSecrets(verdict.reason),
                    }),
                },
              }
            : {}),
        });
        result = await executor.run(
          {
            stepId: step.id,
            prompt: step.prompt,
            goal: run.definition.goal,
            repoContext: stored ? describeContext(JSON.parse(stored.context) as RepoContextView) : undefined,
            shell: step.shell === true,
            maxRounds: step.maxRounds ?? EXECUTOR_DEFAULTS.maxRounds,
            maxTokens: step.maxTokens ?? EXECUTOR_DEFAULTS.maxTokens,
            deadline: Date.now() + run.timeoutMs,
          },
          tools,
          signal,
        );
        return result;
      },
    };
    return {
      action,
      usage: () =>
        result
          ? {
              rounds: result.rounds,
              toolCalls: result.toolCalls,
              inputTokens: result.inputTokens,
              outputTokens: result.outputTokens,
              summary: result.summary === undefined ? null : redactSecrets(result.summary),
              ...(options.hitl ? { reviewed: result.reviewed } : {}),
              ...(options.gate ? { gateScore: result.gateScore } : {}),
            }
          : null,
    };
  }

  private config(): LlmConfig | undefined {
    return resolveLlmConfig('executor', (key) => this.deps.settings.get(key), this.env);
  }

  private gateConfig(): LlmConfig | undefined {
    return resolveLlmConfig('gate', (key) => this.deps.settings.get(key), this.env);
  }
}
