import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from './database';
import { activeRuns, snapshots, stepAttempts } from './schema';

export type StepAttemptRow = typeof stepAttempts.$inferSelect;
export type NewStepAttemptRow = typeof stepAttempts.$inferInsert;
export type SnapshotRow = typeof snapshots.$inferSelect;

/**
 * Every column but the base snapshot's manifest, which lists each workspace file (megabytes for a
 * large workspace) and is read only by apply: walking the snapshot chain must not pay for it.
 */
const { manifest: _manifest, ...snapshotSummary } = getTableColumns(snapshots);
const snapshotColumns = { ...snapshotSummary, manifest: sql<string | null>`NULL` };
export type ActiveRunRow = typeof activeRuns.$inferSelect;

/** What running plans leaves behind: attempts, snapshots, and the runs under way. */
export class RunRepository {
  constructor(private readonly db: Db) {}

  insertAttempt(row: NewStepAttemptRow): number {
    return this.db.insert(stepAttempts).values(row).returning({ id: stepAttempts.id }).get().id;
  }

  updateAttempt(id: number, patch: Partial<Omit<StepAttemptRow, 'id'>>): void {
    this.db.update(stepAttempts).set(patch).where(eq(stepAttempts.id, id)).run();
  }

  attempts(planId: string, stepId?: string): StepAttemptRow[] {
    const conditions = [eq(stepAttempts.planId, planId)];
    if (stepId) conditions.push(eq(stepAttempts.stepId, stepId));
    return this.db
      .select()
      .from(stepAttempts)
      .where(and(...conditions))
      .orderBy(asc(stepAttempts.id))
      .all();
  }

  lastAttempt(planId: string, stepId: string, status?: string): StepAttemptRow | undefined {
    const conditions = [eq(stepAttempts.planId, planId), eq(stepAttempts.stepId, stepId)];
    if (status) conditions.push(eq(stepAttempts.status, status));
    return this.db
      .select()
      .from(stepAttempts)
      .where(and(...conditions))
      .orderBy(desc(stepAttempts.id))
      .limit(1)
      .get();
  }

  /** Attempts a crash left running. */
  runningAttempts(): StepAttemptRow[] {
    return this.db.select().from(stepAttempts).where(eq(stepAttempts.status, 'running')).all();
  }

  insertSnapshot(row: SnapshotRow): void {
    this.db.insert(snapshots).values(row).run();
  }

  /** A snapshot without its manifest (see snapshotManifest). */
  snapshot(id: string): SnapshotRow | undefined {
    return this.db.select(snapshotColumns).from(snapshots).where(eq(snapshots.id, id)).get();
  }

  snapshotManifest(id: string): string | null {
    return (
      this.db.select({ manifest: snapshots.manifest }).from(snapshots).where(eq(snapshots.id, id)).get()?.manifest ??
      null
    );
  }

  snapshots(planId?: string): SnapshotRow[] {
    const query = this.db.select(snapshotColumns).from(snapshots);
    return (planId ? query.where(eq(snapshots.planId, planId)) : query).orderBy(asc(snapshots.createdAt)).all();
  }

  deleteSnapshot(id: string): void {
    this.db.delete(snapshots).where(eq(snapshots.id, id)).run();
  }

  activeRun(planId: string): ActiveRunRow | undefined {
    return this.db.select().from(activeRuns).where(eq(activeRuns.planId, planId)).get();
  }

  activeRuns(): ActiveRunRow[] {
    return this.db.select().from(activeRuns).all();
  }

  startRun(row: ActiveRunRow): void {
    this.db.insert(activeRuns).values(row).run();
  }

  requestCancel(planId: string): boolean {
    return (
      this.db.update(activeRuns).set({ cancelRequested: 1 }).where(eq(activeRuns.planId, planId)).run().changes > 0
    );
  }

  endRun(planId: string): void {
    this.db.delete(activeRuns).where(eq(activeRuns.planId, planId)).run();
  }
}
