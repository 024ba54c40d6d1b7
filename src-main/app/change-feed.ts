import type { AuditRepository } from '../store';
import type { EventBus } from './event-bus';

const BATCH = 1_000;

/**
 * Tells listeners what changed in the data folder, whichever process changed it. Every change is
 * audited, so the audit log's head is the one thing to watch: the desktop app, `planbox serve`
 * and the MCP server poll it (a primary-key lookup, cheap under WAL) and re-emit new events as
 * `plan.changed` and `audit.appended` on their own bus.
 */
export class ChangeFeed {
  private lastSeq: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly audit: AuditRepository,
    private readonly events: EventBus,
  ) {
    this.lastSeq = audit.headSeq();
  }

  start(intervalMs = 250): () => void {
    this.timer ??= setInterval(() => this.poll(), intervalMs);
    // A watcher alone must not keep a process alive.
    this.timer.unref();
    return () => this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Emits what was appended since the last poll; returns how many events that was. */
  poll(): number {
    let seen = 0;
    for (;;) {
      const changes = this.audit.changesAfter(this.lastSeq, BATCH);
      if (changes.length === 0) return seen;
      const reasonByPlan = new Map<string, string>();
      for (const change of changes) if (change.planId) reasonByPlan.set(change.planId, change.type);
      this.lastSeq = changes[changes.length - 1]!.seq;
      seen += changes.length;
      for (const [planId, reason] of reasonByPlan) this.events.emit('plan.changed', { planId, reason });
      this.events.emit('audit.appended', {
        lastSeq: this.lastSeq,
        count: changes.length,
        planIds: [...reasonByPlan.keys()],
      });
      if (changes.length < BATCH) return seen;
    }
  }
}
