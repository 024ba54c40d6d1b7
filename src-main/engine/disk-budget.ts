import { InvalidInputError } from '../domain/errors';
import { setting, type EngineDeps } from './engine-deps';

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Refuses to start a step while Planbox's snapshots take more disk than the budget allows. */
export async function checkDiskBudget(deps: EngineDeps, planName: string): Promise<void> {
  const budget = setting(deps, 'diskBudgetMb') * 1024 * 1024;
  const usage = await deps.sandbox().diskUsage(deps.plans.list().map((p) => p.id));
  if (usage.bytes > budget) {
    throw new InvalidInputError(
      `cannot run '${planName}': Planbox snapshots use ${gigabytes(usage.bytes)}, over the ${gigabytes(budget)} disk budget; free space with planbox plan clean or planbox plan delete, or raise the sandbox.diskBudgetMb setting`,
    );
  }
}
