import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  MethodParsedInput,
  PlannerReport,
  PlanView,
  PlanWriteResult,
  RepoContextView,
} from '../../src-preload/contract';
import type { PlanContextRepository, PlanRow } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { ValidationReport } from '../domain/validation';
import { InvalidInputError } from '../domain/errors';
import { newId } from './ids';
import type { ActorContext } from '../audit';
import { exploreRepo } from '../llm/explorer';
import { LLM_SETTINGS, noProviderMessage, resolveLlmConfig } from '../llm/llm-config';
import type { AnswerCheck, LlmCallRecord, Planner, PlannerRun } from '../llm/planner';
import { toPlanDefinition, toPlannerSteps, type PlannerOutput } from '../llm/planner-schema';
import { createPrompt, refinePrompt, replanPrompt, type PlanRequest } from '../llm/prompts';
import type { EngineDeps } from './engine-deps';
import type { VersionReason, VersionWriter } from './version-writer';
import { checkWorkspaceFolder } from './workspace-check';
import { invalidatedSteps, keepSteps, resolveFocus } from './plan-revision';

const FAILURE_OUTPUT_CHARS = 4000;

/**
 * Plans written by the LLM planner: from a goal, refined from feedback, replanned after a failure,
 * and the explorer's RepoContext they are planned against. Every model answer goes through the
 * same schema, validation and risk rules as an imported plan before a version is written.
 */
export class LlmPlanning {
  constructor(
    private readonly deps: EngineDeps,
    private readonly contexts: PlanContextRepository,
    private readonly versions: VersionWriter,
    private readonly validate: (definition: PlanDefinition, workspace: string | null) => ValidationReport,
    private readonly view: (planId: string) => PlanView,
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  explore(ref: string | undefined, maxFiles: number | undefined, context: ActorContext): RepoContextView {
    const row = this.deps.resolver.resolve(ref);
    if (!row.workspacePath)
      throw new InvalidInputError(
        `plan '${row.name}' has no workspace folder to explore; give it one (planbox plan import --workspace, or save with workspace)`,
      );
    const repo = exploreRepo(checkWorkspaceFolder(row.workspacePath), { maxFiles, now: this.deps.now });
    this.deps.store.transaction(() => this.storeContext(row.id, repo, context));
    return repo;
  }

  context(ref: string | undefined): RepoContextView | null {
    const row = this.deps.resolver.resolve(ref);
    const stored = this.contexts.get(row.id);
    return stored ? (JSON.parse(stored.context) as RepoContextView) : null;
  }

  async create(input: MethodParsedInput<'planCreate'>, context: ActorContext): Promise<PlanWriteResult> {
    const goal = input.goal!;
    const workspace = input.workspace ? checkWorkspaceFolder(input.workspace) : null;
    if (input.explore && !workspace)
      throw new InvalidInputError('explore needs the project folder (workspace) to look at');
    // The id is chosen first so the planner's calls are audited under the plan they make (and are
    // counted in its model use); when planning fails, they name an id no plan ever got.
    const planId = newId('pln');
    const planner = await this.planner(planId, context);
    const repo = input.explore && workspace ? exploreRepo(workspace, { now: this.deps.now }) : undefined;
    const request = this.request(goal, repo, input);
    const run = await planner.plan('create', createPrompt(request), (output) =>
      this.checked(output, { goal, name: input.name ?? slug(output.name, goal), workspacePath: workspace }),
    );
    const { definition, notes, validation } = run.value;
    const row = this.deps.store.transaction(() => {
      const named = { ...definition, name: this.freeName(definition.name, input.name !== undefined) };
      if (named.name !== definition.name) notes.push(`named '${named.name}': '${definition.name}' is taken`);
      const created = this.versions.create(
        named,
        { validation, reason: 'create', note: `planned by ${planner.description.model}`, id: planId },
        context,
      );
      if (repo) this.storeContext(created.id, repo, context);
      return created;
    });
    this.deps.events.emit('plan.changed', { planId: row.id, reason: 'plan.created' });
    return { plan: this.view(row.id), created: true, versionWritten: true, planner: report(planner, run, notes) };
  }

  async refine(input: MethodParsedInput<'planRefine'>, context: ActorContext): Promise<PlanWriteResult> {
    const row = this.deps.resolver.resolve(input.plan);
    const current = this.deps.loader.load(row).definition;
    const focus = input.focus ? resolveFocus(current, input.focus) : undefined;
    const planner = await this.planner(row.id, context);
    const prompt = refinePrompt({
      ...this.request(current.goal || row.name, this.storedContext(row.id), {}),
      current: toPlannerSteps(current),
      feedback: input.feedback,
      clarifications: input.clarifications,
      focus,
    });
    const run = await planner.plan('refine', prompt, (output) =>
      this.checked(output, this.revisionBase(current), (steps) =>
        focus ? keepSteps(current.steps, steps, (id) => !focus.includes(id)) : { steps, restored: [] },
      ),
    );
    const note = [
      input.feedback,
      ...Object.entries(input.clarifications ?? {}).map(([q, a]) => `${q} → ${a}`),
      focus ? `focus: ${focus.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('; ');
    return this.writeRevision(row, current, run, 'refine', note || 'refined by the planner', planner, context);
  }

  async replan(input: MethodParsedInput<'planReplan'>, context: ActorContext): Promise<PlanWriteResult> {
    const row = this.deps.resolver.resolve(input.plan);
    const state = this.deps.loader.load(row);
    const current = state.definition;
    const statuses = Object.fromEntries(current.steps.map((s) => [s.id, state.status(s.id)]));
    const kept = current.steps.filter((s) => ['completed', 'skipped'].includes(statuses[s.id]!)).map((s) => s.id);
    const failedId = current.steps.find((s) => statuses[s.id] === 'failed')?.id;
    if (!failedId && !input.feedback)
      throw new InvalidInputError(
        `plan '${row.name}' has no failed step to replan around; say what should change (feedback), or use plan refine`,
      );
    const failure = failedId ? this.failureOf(row.id, failedId) : undefined;
    const planner = await this.planner(row.id, context);
    const prompt = replanPrompt({
      ...this.request(current.goal || row.name, this.storedContext(row.id), {}),
      current: toPlannerSteps(current),
      statuses,
      kept,
      failure,
      feedback: input.feedback,
    });
    const run = await planner.plan('replan', prompt, (output) =>
      this.checked(output, this.revisionBase(current), (steps) =>
        keepSteps(current.steps, steps, (id) => kept.includes(id)),
      ),
    );
    const note = failedId ? `replanned after step ${failedId} failed` : 'replanned';
    return this.writeRevision(
      row,
      current,
      run,
      'replan',
      input.feedback ? `${note}: ${input.feedback}` : note,
      planner,
      context,
    );
  }

  private writeRevision(
    row: PlanRow,
    current: PlanDefinition,
    run: PlannerRun<Checked>,
    reason: VersionReason,
    note: string,
    planner: Planner,
    context: ActorContext,
  ): PlanWriteResult {
    const { definition, validation, notes } = run.value;
    const result = this.deps.store.transaction(() => {
      const fresh = this.deps.plans.findById(row.id)!;
      const before = this.deps.loader.load(fresh);
      if (fresh.version !== row.version)
        throw new InvalidInputError(
          `plan '${row.name}' changed while the planner was working (now version ${fresh.version}); run the command again`,
        );
      const invalidated = invalidatedSteps(current, definition, before.status);
      const written = this.versions.write(fresh, current, definition, { validation, reason, note }, context);
      return { ...written, invalidated };
    });
    if (result.written) this.deps.events.emit('plan.changed', { planId: row.id, reason: 'plan.versioned' });
    return {
      plan: this.view(row.id),
      created: false,
      versionWritten: result.written,
      invalidatedSteps: result.invalidated,
      planner: report(planner, run, notes),
    };
  }

  /** Maps an answer onto a plan and validates it; problems go back to the model in the repair round. */
  private checked(
    output: PlannerOutput,
    base: Parameters<typeof toPlanDefinition>[1],
    adjust?: (steps: PlanDefinition['steps']) => { steps: PlanDefinition['steps']; restored: string[] },
  ): ReturnType<AnswerCheck<Checked>> {
    const mapped = toPlanDefinition(output, base);
    if (!mapped.ok) return { ok: false, problems: mapped.problems };
    let definition = mapped.definition;
    const notes = [...mapped.notes];
    if (adjust) {
      const { steps, restored } = adjust(definition.steps);
      definition = { ...definition, steps };
      if (restored.length) notes.push(`kept as they were (the planner may not change them): ${restored.join(', ')}`);
    }
    const validation = this.validate(definition, definition.workspace?.path ?? null);
    if (!validation.valid) return { ok: false, problems: validation.errors.map((e) => e.message) };
    return { ok: true, value: { definition, validation, notes } };
  }

  private revisionBase(current: PlanDefinition): Parameters<typeof toPlanDefinition>[1] {
    const { steps: _steps, risks: _risks, questions: _questions, milestones: _milestones, ...keep } = current;
    return { goal: current.goal, name: current.name, workspacePath: current.workspace?.path ?? null, keep };
  }

  /** The AI SDK is loaded on first use: most commands never need it, and it is large. */
  private async planner(planId: string | null, context: ActorContext): Promise<Planner> {
    const config = resolveLlmConfig('planner', (key) => this.deps.settings.get(key), this.env);
    if (!config) throw new InvalidInputError(noProviderMessage('planner'));
    const { Planner } = await import('../llm/planner');
    return new Planner(
      config,
      (call) => this.recordCall(planId, call, context),
      (text) => this.keepRaw(text),
    );
  }

  private request(
    goal: string,
    repo: RepoContextView | undefined,
    input: {
      maxContextFiles?: number | undefined;
      contextTokenBudget?: number | undefined;
      mvpOnly?: boolean | undefined;
    },
  ): PlanRequest {
    const stored = <T>(name: keyof typeof LLM_SETTINGS, fallback: T) =>
      this.deps.settings.get<T>(LLM_SETTINGS[name].key) ?? fallback;
    return {
      goal,
      context: repo,
      maxContextFiles: input.maxContextFiles ?? stored('maxContextFiles', LLM_SETTINGS.maxContextFiles.default),
      contextTokenBudget:
        input.contextTokenBudget ?? stored('contextTokenBudget', LLM_SETTINGS.contextTokenBudget.default),
      mvpOnly: input.mvpOnly,
    };
  }

  private storedContext(planId: string): RepoContextView | undefined {
    const stored = this.contexts.get(planId);
    return stored ? (JSON.parse(stored.context) as RepoContextView) : undefined;
  }

  private storeContext(planId: string, repo: RepoContextView, context: ActorContext): void {
    this.contexts.put({
      planId,
      workspacePath: repo.root,
      context: JSON.stringify(repo),
      exploredAt: repo.exploredAt,
    });
    this.deps.audit.append(context, {
      type: 'plan.explored',
      planId,
      payload: {
        workspace: repo.root,
        files: repo.fileCount,
        bytes: repo.totalBytes,
        truncated: repo.truncated,
        languages: repo.languages.slice(0, 5).map((l) => l.language),
      },
    });
  }

  /** The failed step's error and the end of its last attempt's output, for the planner. */
  private failureOf(planId: string, stepId: string): { stepId: string; error: string | null; output: string } {
    const state = this.deps.plans.stepStates(planId).find((s) => s.stepId === stepId);
    const attempt = this.deps.runs.lastAttempt(planId, stepId);
    const output = attempt?.output ?? '';
    return {
      stepId,
      error: state?.lastError ?? attempt?.reason ?? null,
      output: output.length > FAILURE_OUTPUT_CHARS ? output.slice(-FAILURE_OUTPUT_CHARS) : output,
    };
  }

  /** Each model call is audited as the engine, on the surface the request came from. */
  private recordCall(planId: string | null, call: LlmCallRecord, context: ActorContext): void {
    this.deps.store.transaction(() =>
      this.deps.audit.append(
        { actor: 'engine', surface: context.surface },
        { type: 'llm.called', ...(planId ? { planId } : {}), payload: { ...call } },
      ),
    );
  }

  private keepRaw(text: string): string {
    const folder = join(this.dataDir, 'planner-output');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${this.deps.now().replace(/[:.]/g, '-')}.txt`);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  }

  /** The model's name, or the next free one with a number after it (a name given by the caller must be free). */
  private freeName(name: string, given: boolean): string {
    if (!this.deps.plans.findByName(name)) return name;
    if (given) {
      throw new InvalidInputError(
        `name: a plan named '${name}' already exists; refine it to write a new version, or choose another name`,
      );
    }
    for (let n = 2; ; n += 1) if (!this.deps.plans.findByName(`${name}-${n}`)) return `${name}-${n}`;
  }
}

interface Checked {
  definition: PlanDefinition;
  validation: ValidationReport;
  notes: string[];
}

function report(planner: Planner, run: PlannerRun<unknown>, notes: string[]): PlannerReport {
  const sum = (pick: (c: LlmCallRecord) => number | null) =>
    run.calls.some((c) => pick(c) === null) ? null : run.calls.reduce((n, c) => n + (pick(c) ?? 0), 0);
  return {
    ...planner.description,
    calls: run.calls.length,
    repaired: run.repaired,
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    latencyMs: run.calls.reduce((n, c) => n + c.latencyMs, 0),
    notes,
  };
}

/** A plan name from the model's suggestion, else from the goal: lowercase words joined by dashes. */
function slug(suggested: string, goal: string): string {
  const from = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
  return from(suggested) || from(goal) || 'planned';
}
