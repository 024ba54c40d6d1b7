import type { PlanStatus, PlanSummary } from '../../../../src-preload/contract';

/** The plan statuses, in lifecycle order, for the status filter. */
export const PLAN_STATUS_OPTIONS: readonly PlanStatus[] = [
  'draft',
  'ready',
  'approved',
  'executing',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'archived',
];

export interface PlanFilter {
  status: PlanStatus | '';
  tag: string;
  search: string;
}

export const NO_FILTER: PlanFilter = { status: '', tag: '', search: '' };

/**
 * The plans a filter keeps. The same rules as planList's (name or a tag contains the search
 * text, case-insensitive), applied here so typing in the search box answers at once.
 */
export function filterPlans(plans: readonly PlanSummary[], filter: PlanFilter): PlanSummary[] {
  const needle = filter.search.trim().toLowerCase();
  return plans.filter(
    (plan) =>
      (!filter.status || plan.status === filter.status) &&
      (!filter.tag || plan.tags.includes(filter.tag)) &&
      (!needle ||
        plan.name.toLowerCase().includes(needle) ||
        plan.tags.some((tag) => tag.toLowerCase().includes(needle))),
  );
}

export function tagsOf(plans: readonly PlanSummary[]): string[] {
  return [...new Set(plans.flatMap((plan) => plan.tags))].sort((a, b) => a.localeCompare(b));
}
