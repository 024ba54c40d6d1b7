import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { approvals } from './schema';

export type ApprovalRow = typeof approvals.$inferSelect;

/** Approval requests and the person's responses to them. */
export class ApprovalRepository {
  constructor(private readonly db: Db) {}

  insert(row: ApprovalRow): void {
    this.db.insert(approvals).values(row).run();
  }

  update(id: string, patch: Partial<Omit<ApprovalRow, 'id'>>): void {
    this.db.update(approvals).set(patch).where(eq(approvals.id, id)).run();
  }

  findById(id: string): ApprovalRow | undefined {
    return this.db.select().from(approvals).where(eq(approvals.id, id)).get();
  }

  /** In the order they were written, so later responses override earlier ones when folded. */
  listForPlan(planId: string, planVersion?: number): ApprovalRow[] {
    const conditions = [eq(approvals.planId, planId)];
    if (planVersion !== undefined) conditions.push(eq(approvals.planVersion, planVersion));
    return this.db
      .select()
      .from(approvals)
      .where(and(...conditions))
      .orderBy(sql`rowid`)
      .all();
  }
}
