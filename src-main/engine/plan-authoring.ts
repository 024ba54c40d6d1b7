import { isAbsolute } from 'node:path';
import type { MethodParsedInput, PlanView, PlanWriteResult } from '../../src-preload/contract';
import type { PlanRow } from '../store';
import type { PlanDefinition } from '../domain/plan-schema';
import type { ValidationReport } from '../domain/validation';
import { InvalidInputError } from '../domain/errors';
import type { ActorContext } from '../audit';
import type { EngineDeps } from './engine-deps';
import type { VersionWriter } from './version-writer';
import { checkWorkspaceFolder } from './workspace-check';

/** Why a goal alone is not enough yet; the LLM planner will take goals. */
export const NO_PLANNER =
  'no LLM planner is configured, so a plan cannot be made from a goal alone; send the plan with its steps';

/**
 * Plans written by their author (an agent or a person) as documents rather than files: create a
 * new plan, save one under a name and tags, and refine one into a new version. Each write is one
 * transaction; a refused write stores nothing.
 */
export class PlanAuthoring {
  constructor(
    private readonly deps: EngineDeps,
    private readonly versions: VersionWriter,
    private readonly validate: (definition: PlanDefinition, workspace: string | null) => ValidationReport,
    private readonly view: (planId: string) => PlanView,
  ) {}

  create(input: MethodParsedInput<'planCreate'>, context: ActorContext): PlanWriteResult {
    if (!input.plan) throw new InvalidInputError(input.goal ? NO_PLANNER : 'plan: send the plan with its steps');
    const drafted: PlanDefinition = { ...input.plan, goal: input.plan.goal || input.goal || '' };
    const { definition, workspace } = withWorkspace(drafted, input.workspace, null, 'plan');
    const validation = this.validate(definition, workspace);
    if (!input.draft) refuseInvalid('plan', validation);
    const row = this.deps.store.transaction(() => {
      const existing = this.deps.plans.findByName(definition.name);
      if (existing) {
        throw new InvalidInputError(
          `plan.name: a plan named '${definition.name}' already exists (${existing.id}); refine it to write a new version, or choose another name`,
        );
      }
      return this.versions.create(definition, { validation, reason: 'create' }, context);
    });
    return this.written(row, true, true);
  }

  save(input: MethodParsedInput<'planSave'>, context: ActorContext): PlanWriteResult {
    if (!input.definition && !input.plan)
      throw new InvalidInputError('name a stored plan (plan) or send a plan document (definition) to save');
    const source = input.plan ? this.deps.resolver.resolve(input.plan) : undefined;
    const field = input.definition ? 'definition' : 'plan';
    const result = this.deps.store.transaction(() => {
      const fresh = source && this.deps.plans.findById(source.id)!;
      const base = input.definition ?? this.deps.loader.load(fresh!).definition;
      const renamed: PlanDefinition = {
        ...base,
        ...(input.name ? { name: input.name } : {}),
        ...(input.tags ? { tags: input.tags } : {}),
      };
      const namesake = this.deps.plans.findByName(renamed.name);
      if (namesake && namesake.id !== fresh?.id && !input.overwrite) {
        throw new InvalidInputError(
          `name: a plan named '${renamed.name}' already exists (${namesake.id}); pass overwrite to write a new version of it, or choose another name`,
        );
      }
      // The plan that takes the document: the one of that name when overwriting, else the one named.
      const into = namesake && namesake.id !== fresh?.id ? namesake : fresh;
      const { definition, workspace } = withWorkspace(renamed, input.workspace, into?.workspacePath ?? null, field);
      const validation = this.validate(definition, workspace);
      refuseInvalid(field, validation);
      if (!into) {
        return {
          row: this.versions.create(definition, { validation, reason: 'create' }, context),
          created: true,
          written: true,
        };
      }
      const previous = this.deps.loader.load(into).definition;
      const note = source && into.id !== source.id ? `saved over from '${source.name}'` : 'saved';
      const { row, written } = this.versions.write(
        into,
        previous,
        definition,
        { validation, reason: 'edit', note },
        context,
      );
      return { row, created: false, written };
    });
    return this.written(result.row, result.created, result.written);
  }

  refine(input: MethodParsedInput<'planRefine'>, context: ActorContext): PlanWriteResult {
    if (input.definition && input.steps)
      throw new InvalidInputError('send either the revised plan (definition) or the revised steps (steps), not both');
    if (!input.definition && !input.steps) {
      throw new InvalidInputError(
        input.feedback
          ? 'no LLM planner is configured, so a plan cannot be refined from feedback alone; send the revised steps (steps) or the revised plan (definition)'
          : 'send the revised steps (steps) or the revised plan (definition)',
      );
    }
    const field = input.definition ? 'definition' : 'steps';
    const row = this.deps.resolver.resolve(input.plan);
    const result = this.deps.store.transaction(() => {
      const fresh = this.deps.plans.findById(row.id)!;
      const current = this.deps.loader.load(fresh).definition;
      if (input.definition && input.definition.name !== fresh.name) {
        throw new InvalidInputError(
          `definition.name: a refined plan keeps its name '${fresh.name}' (got '${input.definition.name}'); rename it with save`,
        );
      }
      const revised: PlanDefinition = input.definition ?? { ...current, steps: input.steps! };
      const { definition, workspace } = withWorkspace(revised, undefined, fresh.workspacePath, field);
      const validation = this.validate(definition, workspace);
      refuseInvalid(field, validation);
      return this.versions.write(
        fresh,
        current,
        definition,
        { validation, reason: 'refine', ...(input.feedback ? { note: input.feedback } : {}) },
        context,
      );
    });
    return this.written(result.row, false, result.written);
  }

  private written(row: PlanRow, created: boolean, versionWritten: boolean): PlanWriteResult {
    if (versionWritten)
      this.deps.events.emit('plan.changed', { planId: row.id, reason: created ? 'plan.created' : 'plan.versioned' });
    return { plan: this.view(row.id), created, versionWritten };
  }
}

/**
 * The folder a plan works on: the one given, else an absolute workspace.path in the document,
 * else the folder the stored plan already works on. It is part of the plan's content.
 */
function withWorkspace(
  definition: PlanDefinition,
  given: string | undefined,
  stored: string | null,
  field: string,
): { definition: PlanDefinition; workspace: string | null } {
  const written = definition.workspace?.path;
  const fromDocument = written && isAbsolute(written) ? written : undefined;
  const chosen = given ?? fromDocument ?? stored ?? undefined;
  if (!chosen) {
    if (written) {
      throw new InvalidInputError(
        `${field}.workspace.path '${written}' is relative; give the project folder as an absolute path (workspace)`,
      );
    }
    return { definition, workspace: null };
  }
  const path = checkWorkspaceFolder(chosen);
  return {
    definition: { ...definition, workspace: { include: [], exclude: [], ...definition.workspace, path } },
    workspace: path,
  };
}

/** Validation errors block a write (unless a draft was asked for); the message names the first. */
function refuseInvalid(field: string, validation: ValidationReport): void {
  if (validation.valid) return;
  const first = validation.errors[0]!;
  const more = validation.errors.length > 1 ? ` (and ${validation.errors.length - 1} more)` : '';
  // Findings start with their place in the document (steps[2].path …); the input field goes before it.
  const where = field === 'steps' && first.field.startsWith('steps') ? '' : `${field}.`;
  const text =
    first.field && first.message.startsWith(first.field) ? `${where}${first.message}` : `${field}: ${first.message}`;
  throw new InvalidInputError(`${text}${more}`);
}
