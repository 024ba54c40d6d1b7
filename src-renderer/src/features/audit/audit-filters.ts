import type { MethodInput } from '../../../../src-preload/contract';

/** What the filter bar holds: form values, empty meaning "any". Times are datetime-local values. */
export interface AuditFilterForm {
  plan: string;
  step: string;
  type: string;
  actor: '' | 'user' | 'agent' | 'engine';
  since: string;
  until: string;
  search: string;
}

export type AuditFilterQuery = Omit<MethodInput<'auditCount'>, 'beforeSeq'>;

export const EMPTY_FILTERS: AuditFilterForm = {
  plan: '',
  step: '',
  type: '',
  actor: '',
  since: '',
  until: '',
  search: '',
};

/** Families first (a prefix ending in '*'), then every type Planbox writes (docs/audit-log.md). */
export const TYPE_FAMILIES = ['plan.*', 'step.*', 'sandbox.*', 'settings.*'];
export const EVENT_TYPES = [
  'plan.created',
  'plan.versioned',
  'plan.approved',
  'plan.rejected',
  'plan.changes_requested',
  'plan.paused',
  'plan.completed',
  'plan.rolled_back',
  'plan.cancel_requested',
  'plan.cancelled',
  'plan.applied',
  'plan.deleted',
  'plan.cleaned',
  'step.approved',
  'step.rejected',
  'step.changes_requested',
  'step.started',
  'step.completed',
  'step.failed',
  'step.cancelled',
  'step.interrupted',
  'step.retried',
  'step.skipped',
  'sandbox.workspace_imported',
  'sandbox.recovered',
  'settings.changed',
];

/** The contract's filter input for a form; a time the browser cannot read is reported by name. */
export function toQuery(form: AuditFilterForm): AuditFilterQuery {
  const query: AuditFilterQuery = {};
  if (form.plan) query.plan = form.plan;
  if (form.step.trim()) query.step = form.step.trim();
  if (form.type) query.type = form.type;
  if (form.actor) query.actor = form.actor;
  if (form.since) query.since = isoOf(form.since, 'From');
  if (form.until) query.until = isoOf(form.until, 'To', true);
  if (form.search.trim()) query.search = form.search.trim();
  return query;
}

/** A datetime-local value (local time, to the minute) as ISO; "to" includes its whole minute. */
function isoOf(local: string, label: string, endOfMinute = false): string {
  const ms = Date.parse(local);
  if (Number.isNaN(ms)) throw new Error(`${label}: '${local}' is not a date and time`);
  const secondsGiven = /T\d\d:\d\d:\d\d/.test(local);
  return new Date(endOfMinute && !secondsGiven ? ms + 59_999 : ms).toISOString();
}

/** Whether only the typed fields changed (they wait for a pause in typing; the rest apply at once). */
export function onlyTypedFieldsChanged(a: AuditFilterForm, b: AuditFilterForm): boolean {
  return (
    a.plan === b.plan &&
    a.type === b.type &&
    a.actor === b.actor &&
    a.since === b.since &&
    a.until === b.until &&
    (a.search !== b.search || a.step !== b.step)
  );
}
