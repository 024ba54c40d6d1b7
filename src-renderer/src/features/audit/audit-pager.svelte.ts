import { SvelteMap } from 'svelte/reactivity';
import type { AuditEventView, PlanboxClient } from '../../../../src-preload/contract';
import { messageOf } from '../../lib/client';
import type { AuditFilterQuery } from './audit-filters';

/** Rows fetched per call. */
export const PAGE_SIZE = 100;
/** Rows kept beyond those in view before the farthest are dropped (they are fetched again if needed). */
const KEEP_ROWS = 3_000;
/** Page requests under way at once. */
const MAX_IN_FLIGHT = 2;

/**
 * The audit rows behind the virtual table: the number of matching events, and the rows fetched
 * so far by position (0 = newest). Pages are pinned to the log's head when it was counted
 * (`beforeSeq: headSeq + 1`), so positions stay put while events are appended; when the head
 * moves, the new matching events are counted and every known row moves down by that many.
 */
export class AuditPager {
  total = $state(0);
  headSeq = $state(0);
  error = $state<string | undefined>();
  /** A filter change is being applied. */
  loading = $state(false);
  /** Bumped when a filter change has been applied (rows and count swapped in together). */
  applied = $state(0);
  readonly rows = new SvelteMap<number, AuditEventView>();

  private query: AuditFilterQuery = {};
  /** Changes with every filter change and every head move; answers for an older one are dropped. */
  private generation = 0;
  // Bookkeeping of requests in flight, never rendered: a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pending = new Set<number>();
  private inFlight = 0;
  private range: [number, number] = [0, 0];
  private headCheck: Promise<void> | undefined;
  private headCheckAgain = false;

  constructor(
    private readonly client: PlanboxClient,
    /** Rows were added above those known: the view may move down by as many to keep its place. */
    private readonly onShift: (rows: number) => void,
  ) {}

  /** Applies new filters: counts and fetches the first rows, then shows both at once. */
  async setFilters(query: AuditFilterQuery): Promise<void> {
    this.query = query;
    const generation = ++this.generation;
    this.loading = true;
    try {
      // One call: the count, the head to pin pages to, and the first page.
      const { total, headSeq, first } = await this.client.auditCount({ ...query, first: PAGE_SIZE });
      if (generation !== this.generation) return;
      this.rows.clear();
      this.pending.clear();
      this.total = total;
      this.headSeq = headSeq;
      first.forEach((event, index) => this.rows.set(index, event));
      this.error = undefined;
      this.applied += 1;
      this.range = [0, Math.min(this.range[1] - this.range[0], total)];
      this.ensure();
    } catch (error) {
      if (generation === this.generation) this.error = messageOf(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  /** The view shows rows start..end-1: fetch the pages among them not known yet. */
  show(start: number, end: number): void {
    this.range = [start, end];
    this.ensure();
  }

  /** New events were appended somewhere: count again and take in those that match. Calls coalesce. */
  checkHead(): Promise<void> {
    if (this.headCheck) {
      this.headCheckAgain = true;
      return this.headCheck;
    }
    this.headCheck = (async () => {
      try {
        do {
          this.headCheckAgain = false;
          await this.takeNewEvents();
        } while (this.headCheckAgain);
      } finally {
        this.headCheck = undefined;
      }
    })();
    return this.headCheck;
  }

  private async takeNewEvents(): Promise<void> {
    const generation = this.generation;
    const pinned = this.headSeq;
    let counted: { total: number; headSeq: number };
    try {
      counted = await this.client.auditCount({ ...this.query });
    } catch (error) {
      this.error = messageOf(error);
      return;
    }
    if (generation !== this.generation || counted.headSeq <= pinned) return;
    const added = counted.total - this.total;
    this.generation += 1;
    this.pending.clear();
    if (added > 0) {
      const moved = [...this.rows].map(([index, event]) => [index + added, event] as const);
      this.rows.clear();
      for (const [index, event] of moved) this.rows.set(index, event);
    }
    this.total = counted.total;
    this.headSeq = counted.headSeq;
    if (added > 0) this.onShift(added);
    this.ensure();
  }

  /**
   * Fetches the missing pages in view, at most MAX_IN_FLIGHT at a time and always those in view
   * now: scrolling fast through 100,000 rows asks for the few pages it stops at, not for every
   * page it passed, so a filter change never waits behind a queue of stale requests.
   */
  private ensure(): void {
    while (this.inFlight < MAX_IN_FLIGHT) {
      const offset = this.nextMissingPage();
      if (offset === undefined) return;
      this.load(offset);
    }
  }

  private nextMissingPage(): number | undefined {
    const [start, end] = this.range;
    const stop = Math.min(end, this.total);
    for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE < stop; page += 1) {
      const offset = page * PAGE_SIZE;
      const last = Math.min(offset + PAGE_SIZE, this.total) - 1;
      if (!this.pending.has(offset) && !(this.rows.has(offset) && this.rows.has(last))) return offset;
    }
    return undefined;
  }

  private load(offset: number): void {
    const generation = this.generation;
    this.pending.add(offset);
    this.inFlight += 1;
    this.fetch(offset, this.headSeq)
      .then(
        (events) => {
          if (generation !== this.generation) return;
          events.forEach((event, k) => this.rows.set(offset + k, event));
          this.evictFarRows();
        },
        (error: unknown) => {
          if (generation === this.generation) this.error = messageOf(error);
        },
      )
      .finally(() => {
        this.inFlight -= 1;
        if (generation === this.generation) this.pending.delete(offset);
        this.ensure();
      });
  }

  /**
   * One page. When the row just above it is known, the page is "older than that event", which an
   * index answers at once; a jump (dragging the scroll bar) skips by offset, which costs a scan
   * of the rows skipped (some 40 ms at an offset of 90,000).
   */
  private fetch(offset: number, headSeq: number): Promise<AuditEventView[]> {
    const above = offset > 0 ? this.rows.get(offset - 1) : undefined;
    return above
      ? this.client.auditList({ ...this.query, beforeSeq: above.seq, limit: PAGE_SIZE })
      : this.client.auditList({ ...this.query, beforeSeq: headSeq + 1, offset, limit: PAGE_SIZE });
  }

  private evictFarRows(): void {
    if (this.rows.size <= KEEP_ROWS) return;
    const [start, end] = this.range;
    for (const index of [...this.rows.keys()])
      if (index < start - KEEP_ROWS / 2 || index > end + KEEP_ROWS / 2) this.rows.delete(index);
  }
}
