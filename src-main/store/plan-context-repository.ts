import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { planContexts } from './schema';

export type PlanContextRow = typeof planContexts.$inferSelect;

/** The explorer's RepoContext of each plan's workspace folder (one row per plan, replaced on refresh). */
export class PlanContextRepository {
  constructor(private readonly db: Db) {}

  get(planId: string): PlanContextRow | undefined {
    return this.db.select().from(planContexts).where(eq(planContexts.planId, planId)).get();
  }

  put(row: PlanContextRow): void {
    this.db
      .insert(planContexts)
      .values(row)
      .onConflictDoUpdate({
        target: planContexts.planId,
        set: { workspacePath: row.workspacePath, context: row.context, exploredAt: row.exploredAt },
      })
      .run();
  }
}
