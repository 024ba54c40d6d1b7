import type { PlanRepository, PlanRow, SettingsRepository } from '../store';
import { InvalidInputError, NotFoundError } from '../domain/errors';

export const ACTIVE_PLAN_SETTING = 'activePlanId';

/** Finds the plan a person means: by id, by name, or the active plan when none is named. */
export class PlanResolver {
  constructor(
    private readonly plans: PlanRepository,
    private readonly settings: SettingsRepository,
  ) {}

  resolve(ref: string | undefined): PlanRow {
    if (ref === undefined) {
      const activeId = this.settings.get<string>(ACTIVE_PLAN_SETTING);
      const active = activeId ? this.plans.findById(activeId) : undefined;
      if (!active)
        throw new InvalidInputError(
          'no plan named and no active plan; name one, or pick one with: planbox plan use PLAN',
        );
      return active;
    }
    const found = this.plans.findById(ref) ?? this.plans.findByName(ref);
    if (!found) throw new NotFoundError(`no plan named '${ref}'; list the plans with: planbox plan list`);
    return found;
  }

  activeId(): string | undefined {
    return this.settings.get<string>(ACTIVE_PLAN_SETTING);
  }
}
