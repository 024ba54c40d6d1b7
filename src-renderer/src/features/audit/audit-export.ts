import type { PlanboxClient } from '../../../../src-preload/contract';
import type { AuditFilterQuery } from './audit-filters';

const BATCH = 5_000;

/**
 * The matching events as JSONL, oldest first, each line as `planbox audit list --json` writes an
 * event. Read in batches by sequence number, pinned to the head at the start, so events appended
 * meanwhile do not shift the batches.
 */
export async function exportJsonl(
  client: PlanboxClient,
  query: AuditFilterQuery,
  onProgress: (done: number, total: number) => void,
): Promise<{ text: string; count: number }> {
  const { total, headSeq } = await client.auditCount(query);
  const lines: string[] = [];
  let beforeSeq = headSeq + 1;
  onProgress(0, total);
  while (lines.length < total) {
    const batch = await client.auditList({ ...query, beforeSeq, limit: BATCH });
    for (const event of batch) lines.push(JSON.stringify(event));
    onProgress(lines.length, total);
    if (batch.length < BATCH) break;
    beforeSeq = batch[batch.length - 1]!.seq;
  }
  lines.reverse();
  return { text: lines.length ? `${lines.join('\n')}\n` : '', count: lines.length };
}
