import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { agentCalls } from './schema';

export type AgentCallRow = typeof agentCalls.$inferSelect;

/** Held tool calls of agent steps (--hitl): written by the run, decided by a person from any process. */
export class AgentCallRepository {
  constructor(private readonly db: Db) {}

  insert(row: AgentCallRow): void {
    this.db.insert(agentCalls).values(row).run();
  }

  find(id: string): AgentCallRow | undefined {
    return this.db.select().from(agentCalls).where(eq(agentCalls.id, id)).get();
  }

  /** Pending calls (oldest first, the order they wait in), or every call (newest first). */
  list(filter: { planId?: string | undefined; pendingOnly: boolean }): AgentCallRow[] {
    const conditions = [
      filter.planId ? eq(agentCalls.planId, filter.planId) : undefined,
      filter.pendingOnly ? eq(agentCalls.status, 'pending') : undefined,
    ].filter((c) => c !== undefined);
    const query = this.db
      .select()
      .from(agentCalls)
      .where(conditions.length ? and(...conditions) : undefined);
    return filter.pendingOnly
      ? query.orderBy(agentCalls.requestedAt, agentCalls.id).all()
      : query.orderBy(desc(agentCalls.requestedAt), desc(agentCalls.id)).all();
  }

  /** Records a decision on a call still pending; false when it was no longer pending. */
  decide(
    id: string,
    decision: Pick<AgentCallRow, 'status' | 'comment' | 'editedInput' | 'decidedAt' | 'decidedBy'>,
  ): boolean {
    const result = this.db
      .update(agentCalls)
      .set(decision)
      .where(and(eq(agentCalls.id, id), eq(agentCalls.status, 'pending')))
      .run();
    return result.changes === 1;
  }

  /** Marks the plan's pending calls expired (their run ended); returns their ids. */
  expirePending(planId: string, at: string): string[] {
    const pending = this.list({ planId, pendingOnly: true });
    for (const row of pending)
      this.decide(row.id, { status: 'expired', comment: null, editedInput: null, decidedAt: at, decidedBy: null });
    return pending.map((row) => row.id);
  }
}
