import type { ApplyReportView, FileChangeView } from '../../../../src-preload/contract';

export type ApplyEntry = ApplyReportView['entries'][number];

/** One changed file as the apply view shows it: the change, and what applying it would do. */
export interface ApplyFile {
  change: FileChangeView;
  /** From a dry run; undefined when it could not be made (no workspace folder). */
  entry: ApplyEntry | undefined;
}

export function filesOf(changes: FileChangeView[], dryRun: ApplyReportView | undefined): ApplyFile[] {
  const entries = new Map(dryRun?.entries.map((entry) => [entry.path, entry]));
  return [...changes]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((change) => ({ change, entry: entries.get(change.path) }));
}

/** Files that can be applied without asking more: they differ from the workspace and have no conflict. */
export function defaultSelection(files: ApplyFile[]): string[] {
  return files.filter((f) => f.entry && f.entry.action !== 'unchanged' && !f.entry.conflict).map((f) => f.change.path);
}

/** A file may be chosen when applying it changes something, and a conflict was explicitly overridden. */
export function selectable(file: ApplyFile, forced: ReadonlySet<string>): boolean {
  if (!file.entry || file.entry.action === 'unchanged') return false;
  return !file.entry.conflict || forced.has(file.change.path);
}
