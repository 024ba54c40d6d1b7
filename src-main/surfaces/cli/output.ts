import type { AuditEventView, FindingView, PlanSummary, PlanView, ValidationView } from '../../../src-preload/contract';

/** Human-readable printing for the CLI; `--json` bypasses all of this. */
export type Print = (line: string) => void;

export function printJson(print: Print, value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function printPlanList(print: Print, plans: PlanSummary[]): void {
  if (plans.length === 0) return print('no plans yet; import one with: planbox plan import FILE --workspace DIR');
  const rows = [['', 'NAME', 'STATUS', 'VERSION', 'RISK', 'PROGRESS', 'TAGS', 'UPDATED']];
  for (const p of plans) {
    rows.push([
      p.active ? '*' : '',
      p.name,
      p.status,
      `v${p.version}`,
      p.risk.level,
      `${p.progress.percentage}% (${p.progress.completed}/${p.progress.total})`,
      p.tags.join(','),
      p.updatedAt.replace('T', ' ').slice(0, 16),
    ]);
  }
  table(rows).forEach((line) => print(line));
}

export function printPlan(print: Print, plan: PlanView): void {
  print(`${plan.name}  (${plan.id})${plan.active ? '  [active]' : ''}`);
  if (plan.goal) print(`goal:      ${plan.goal}`);
  print(
    `status:    ${plan.status}   version: v${plan.version}   risk: ${plan.risk.level}   approval: ${plan.approval.state}${plan.approval.by ? ` by ${plan.approval.by}` : ''}`,
  );
  if (plan.approval.comment) print(`comment:   ${plan.approval.comment}`);
  if (plan.workspace) print(`workspace: ${plan.workspace}`);
  const p = plan.progress;
  print(
    `progress:  ${p.percentage}%  ready: ${p.ready.map((s) => s.id).join(', ') || '-'}  blocked: ${p.blocked.map((s) => s.id).join(', ') || '-'}`,
  );
  print('');
  const rows = [['#', 'STEP', 'KIND', 'STATUS', 'RISK', 'APPROVAL', 'TITLE']];
  for (const s of plan.steps) rows.push([String(s.number), s.id, s.kind, s.status, s.risk.level, s.approval, s.title]);
  const lines = table(rows);
  print(lines[0]!);
  plan.steps.forEach((step, i) => {
    print(lines[i + 1]!);
    for (const reason of step.risk.reasons) print(`      - ${reason.level}: ${reason.message}`);
  });
  if (!plan.validation.valid || plan.validation.warnings.length) {
    print('');
    printFindings(print, plan.validation);
  }
}

export function printFindings(print: Print, report: ValidationView): void {
  // Messages already name the field; the line number is added where the finding has one.
  const line = (f: FindingView) =>
    `${f.severity.padEnd(7)} ${f.message}${f.line !== undefined && !/:\d+:\d+/.test(f.message) ? ` (line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ''})` : ''}`;
  report.errors.forEach((f) => print(line(f)));
  report.warnings.forEach((f) => print(line(f)));
  print(
    report.valid
      ? `valid (${report.warnings.length} warning(s))`
      : `invalid: ${report.errors.length} error(s), ${report.warnings.length} warning(s)`,
  );
}

export function printAuditEvents(print: Print, events: AuditEventView[]): void {
  if (events.length === 0) return print('no audit events match');
  const rows = [['SEQ', 'TIME', 'ACTOR', 'SURFACE', 'TYPE', 'PLAN', 'STEP']];
  for (const e of events) {
    rows.push([
      String(e.seq),
      e.ts,
      e.actorName ? `${e.actor}:${e.actorName}` : e.actor,
      e.surface,
      e.type,
      e.planId ?? '-',
      e.stepId ?? '-',
    ]);
  }
  table(rows).forEach((line) => print(line));
}
