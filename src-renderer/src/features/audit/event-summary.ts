import type { AuditEventView } from '../../../../src-preload/contract';

type Payload = Record<string, unknown>;
const list = (value: unknown) => (Array.isArray(value) ? value : []);
const count = (value: unknown, one: string, many = `${one}s`) => {
  const n = list(value).length;
  return `${n} ${n === 1 ? one : many}`;
};

/** One short line about an event, for its row; the detail panel shows the whole payload. */
export function summarize(event: AuditEventView): string {
  const p = (event.payload ?? {}) as Payload;
  switch (event.type) {
    case 'plan.created':
      return `${String(p.name ?? '')} v1 · ${String(p.steps ?? '?')} steps · ${String(p.riskLevel ?? '')}`;
    case 'plan.versioned':
      return `v${String(p.version)} (${String(p.reason ?? '')})${p.note ? ` · ${String(p.note)}` : ''}`;
    case 'plan.approved':
    case 'plan.rejected':
    case 'plan.changes_requested':
    case 'step.approved':
    case 'step.rejected':
    case 'step.changes_requested':
      return [`v${String(p.version)}`, p.comment ? `“${String(p.comment)}”` : ''].filter(Boolean).join(' · ');
    case 'step.started':
      return `attempt ${String(p.attempt)} · ${String(p.kind ?? '')}`;
    case 'step.completed':
    case 'step.failed':
    case 'step.cancelled': {
      if (p.manual) return `reported done${p.note ? ` · ${String(p.note)}` : ''}`;
      const failure = p.failure as { message?: string } | null | undefined;
      const changed = list(p.changedPaths).length;
      return [
        `attempt ${String(p.attempt)}`,
        failure?.message ?? `exit ${String(p.exitCode)}`,
        changed ? count(p.changedPaths, 'file') + ' changed' : '',
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'step.skipped':
      return `was ${String(p.was ?? '')}${p.reason ? ` · ${String(p.reason)}` : ''}`;
    case 'plan.rolled_back':
      return `undid ${list(p.rolledBack).join(', ') || 'nothing'}`;
    case 'plan.applied':
      return `${count(p.written, 'file')} written · ${count(p.deleted, 'file')} deleted · ${count(p.conflicts, 'conflict')}`;
    case 'settings.changed':
      return `${String(p.key)} = ${JSON.stringify(p.value)}`;
    case 'sandbox.workspace_imported':
      return `${String(p.files ?? '?')} files into ${String(p.image ?? '')}`;
    case 'sandbox.recovered':
      return `${count(p.removedContainers, 'container')} removed · ${count(p.missingSnapshots, 'missing snapshot')}`;
    default: {
      const text = JSON.stringify(p);
      return text === '{}' ? '' : text.slice(0, 160);
    }
  }
}

export function actorLabel(event: AuditEventView): string {
  return event.actorName ? `${event.actor}:${event.actorName}` : event.actor;
}
