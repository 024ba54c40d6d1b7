import type { ExecPlanDocument, ProgressItem } from './types';

export interface ExecPlanProgress {
  done: number;
  partial: number;
  remaining: number;
  total: number;
  /** 0–100, rounded; a partially completed item counts half. 0 for a plan without items. */
  percent: number;
  /** The first unticked item: where work resumes. */
  next: { text: string; line: number } | null;
  items: ProgressItem[];
}

export function execPlanProgress(doc: ExecPlanDocument): ExecPlanProgress {
  const items = doc.progress;
  const done = items.filter((item) => item.checked).length;
  const partial = items.filter((item) => !item.checked && item.partial !== null).length;
  const total = items.length;
  const nextItem = items.find((item) => !item.checked);
  return {
    done,
    partial,
    remaining: total - done - partial,
    total,
    percent: total === 0 ? 0 : Math.round(((done + partial / 2) / total) * 100),
    next: nextItem ? { text: nextItem.text, line: nextItem.line } : null,
    items,
  };
}
