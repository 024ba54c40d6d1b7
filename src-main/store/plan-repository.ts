import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database';
import { planVersions, plans, stepStates } from './schema';

export type PlanRow = typeof plans.$inferSelect;
export type PlanVersionRow = typeof planVersions.$inferSelect;
export type PlanVersionSummaryRow = Omit<PlanVersionRow, 'document'>;
export type StepStateRow = typeof stepStates.$inferSelect;

/** Plans, their immutable versions and the runtime state of their steps. */
export class PlanRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): PlanRow | undefined {
    return this.db.select().from(plans).where(eq(plans.id, id)).get();
  }

  findByName(name: string): PlanRow | undefined {
    return this.db.select().from(plans).where(eq(plans.name, name)).get();
  }

  list(filter: { status?: string; tag?: string } = {}): PlanRow[] {
    const conditions = [];
    if (filter.status) conditions.push(eq(plans.status, filter.status));
    if (filter.tag) conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${plans.tags}) WHERE value = ${filter.tag})`);
    return this.db
      .select()
      .from(plans)
      .where(and(...conditions))
      .orderBy(desc(plans.updatedAt), asc(plans.name))
      .all();
  }

  insert(row: PlanRow): void {
    this.db.insert(plans).values(row).run();
  }

  update(id: string, patch: Partial<Omit<PlanRow, 'id'>>): void {
    this.db.update(plans).set(patch).where(eq(plans.id, id)).run();
  }

  delete(id: string): void {
    this.db.delete(plans).where(eq(plans.id, id)).run();
  }

  insertVersion(row: PlanVersionRow): void {
    this.db.insert(planVersions).values(row).run();
  }

  getVersion(planId: string, version: number): PlanVersionRow | undefined {
    return this.db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, planId), eq(planVersions.version, version)))
      .get();
  }

  listVersions(planId: string): PlanVersionSummaryRow[] {
    return this.db
      .select({
        planId: planVersions.planId,
        version: planVersions.version,
        contentHash: planVersions.contentHash,
        riskLevel: planVersions.riskLevel,
        reason: planVersions.reason,
        note: planVersions.note,
        actor: planVersions.actor,
        surface: planVersions.surface,
        createdAt: planVersions.createdAt,
      })
      .from(planVersions)
      .where(eq(planVersions.planId, planId))
      .orderBy(asc(planVersions.version))
      .all();
  }

  stepStates(planId: string): StepStateRow[] {
    return this.db.select().from(stepStates).where(eq(stepStates.planId, planId)).all();
  }

  upsertStepStates(rows: StepStateRow[]): void {
    // Chunked: SQLite caps the number of bound parameters per statement.
    for (let i = 0; i < rows.length; i += 500) {
      this.db
        .insert(stepStates)
        .values(rows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [stepStates.planId, stepStates.stepId],
          set: {
            status: sql`excluded.status`,
            attempts: sql`excluded.attempts`,
            lastError: sql`excluded.last_error`,
            startedAt: sql`excluded.started_at`,
            finishedAt: sql`excluded.finished_at`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        .run();
    }
  }

  /** Per plan: how many steps, and how many are done (completed or skipped). */
  stepCounts(): Map<string, { total: number; done: number }> {
    const rows = this.db
      .select({
        planId: stepStates.planId,
        total: sql<number>`count(*)`,
        done: sql<number>`sum(CASE WHEN ${stepStates.status} IN ('completed', 'skipped') THEN 1 ELSE 0 END)`,
      })
      .from(stepStates)
      .groupBy(stepStates.planId)
      .all();
    return new Map(rows.map((r) => [r.planId, { total: r.total, done: r.done ?? 0 }]));
  }

  deleteStepStates(planId: string, stepIds: string[]): void {
    for (let i = 0; i < stepIds.length; i += 500) {
      this.db
        .delete(stepStates)
        .where(and(eq(stepStates.planId, planId), inArray(stepStates.stepId, stepIds.slice(i, i + 500))))
        .run();
    }
  }
}
