import type { MethodParsedInput, PlanView } from '../../src-preload/contract';
import type { PlanDefinition } from '../domain/plan-schema';
import type { PlanStatus } from '../domain/plan-status';
import type { Finding, ValidationReport } from '../domain/validation';
import { InvalidInputError, NotFoundError, PlanboxError } from '../domain/errors';
import type { ActorContext } from '../audit';
import type { EngineDeps } from './engine-deps';
import type { VersionWriter } from './version-writer';

/** Plans whose steps a person may still edit: nothing approved yet, so nothing is invalidated by surprise. */
const EDITABLE: readonly PlanStatus[] = ['draft', 'ready'];

/**
 * One step of a plan edited in place (the desktop app's step editor): the plan gets a new version
 * with that step replaced, written and audited like any other version. An edit may fix validation
 * errors but may not add new ones, so a valid plan never becomes invalid through the editor.
 */
export class StepEditor {
  constructor(
    private readonly deps: EngineDeps,
    private readonly versions: VersionWriter,
    private readonly validate: (definition: PlanDefinition, workspace: string | null) => ValidationReport,
    private readonly view: (planId: string) => PlanView,
  ) {}

  edit(input: MethodParsedInput<'planEditStep'>, context: ActorContext): PlanView {
    const { row, written } = this.deps.store.transaction(() => {
      const fresh = this.deps.plans.findById(this.deps.resolver.resolve(input.plan).id)!;
      const status = fresh.status as PlanStatus;
      if (!EDITABLE.includes(status)) {
        throw new PlanboxError(
          `plan '${fresh.name}' is ${status}; steps are edited while a plan is a draft or ready (before approval): import a revised plan file to change it now`,
        );
      }
      const state = this.deps.loader.load(fresh);
      const current = state.definition;
      const index = current.steps.findIndex((step) => step.id === input.step);
      if (index < 0) throw new NotFoundError(`plan '${fresh.name}' has no step '${input.step}'`);
      if (input.definition.id !== input.step) {
        throw new InvalidInputError(
          `definition.id: an edit keeps the step's id '${input.step}' (got '${input.definition.id}'), so the steps depending on it still find it`,
        );
      }
      if (state.status(input.step) === 'in_progress') {
        throw new PlanboxError(`step '${input.step}' is running; wait for it to finish or cancel it before editing`);
      }
      const revised: PlanDefinition = {
        ...current,
        steps: current.steps.map((step, at) => (at === index ? input.definition : step)),
      };
      const validation = this.validate(revised, fresh.workspacePath);
      refuseNewErrors(validation, this.validate(current, fresh.workspacePath));
      return this.versions.write(
        fresh,
        current,
        revised,
        { validation, reason: 'edit', note: `step '${input.step}' edited` },
        context,
      );
    });
    if (written) this.deps.events.emit('plan.changed', { planId: row.id, reason: 'plan.versioned' });
    return this.view(row.id);
  }
}

function refuseNewErrors(next: ValidationReport, before: ValidationReport): void {
  const known = new Set(before.errors.map(findingKey));
  const added = next.errors.filter((finding) => !known.has(findingKey(finding)));
  if (added.length === 0) return;
  const more = added.length > 1 ? ` (and ${added.length - 1} more)` : '';
  throw new InvalidInputError(`the edit would make the plan invalid: ${added[0]!.message}${more}; nothing was saved`);
}

function findingKey(finding: Finding): string {
  return `${finding.code}\n${finding.field}\n${finding.message}`;
}
