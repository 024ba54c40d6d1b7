import type Database from 'better-sqlite3';

/** One stored audit event, as a row. */
export interface AuditRow {
  seq: number;
  ts: string;
  actor: string;
  actorName: string | null;
  surface: string;
  planId: string | null;
  stepId: string | null;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  planId?: string;
  stepId?: string;
  /** An exact type, or a prefix ending in '*' (e.g. 'step.*'). */
  type?: string;
  actor?: string;
  /** Inclusive ISO time bounds. */
  since?: string;
  until?: string;
  /** Keyset paging: only events older than this sequence number. */
  beforeSeq?: number;
  limit: number;
}

const COLUMNS =
  'seq, ts, actor, actor_name AS actorName, surface, plan_id AS planId, step_id AS stepId, type, payload, prev_hash AS prevHash, hash';

/**
 * The audit table. Written through hand-made prepared statements rather than the query builder:
 * it is the one table that grows to millions of rows, and verify streams all of it.
 */
export class AuditRepository {
  private readonly insertStatement: Database.Statement;
  private readonly lastStatement: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.insertStatement = sqlite.prepare(
      `INSERT INTO audit_events (seq, ts, actor, actor_name, surface, plan_id, step_id, type, payload, prev_hash, hash)
       VALUES (@seq, @ts, @actor, @actorName, @surface, @planId, @stepId, @type, @payload, @prevHash, @hash)`,
    );
    this.lastStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT 1`);
  }

  last(): AuditRow | undefined {
    return this.lastStatement.get() as AuditRow | undefined;
  }

  insert(row: AuditRow): void {
    this.insertStatement.run(row);
  }

  /** The newest sequence number, 0 for an empty log; cheap enough to poll. */
  headSeq(): number {
    return (this.sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM audit_events').get() as { seq: number }).seq;
  }

  /** What changed after a sequence number, oldest first: enough for listeners to know what to re-read. */
  changesAfter(seq: number, limit: number): { seq: number; planId: string | null; type: string }[] {
    return this.sqlite
      .prepare('SELECT seq, plan_id AS planId, type FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as { seq: number; planId: string | null; type: string }[];
  }

  count(): number {
    return (this.sqlite.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  }

  /** Every event in chain order, streamed (never all in memory). */
  *iterate(): Generator<AuditRow> {
    yield* this.sqlite.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`).iterate() as Iterable<AuditRow>;
  }

  /** Newest first. Time bounds become sequence bounds: timestamps never decrease along the chain. */
  page(query: AuditQuery): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    const add = (condition: string, values: Record<string, string | number>) => {
      where.push(condition);
      Object.assign(params, values);
    };
    if (query.planId) add('plan_id = @planId', { planId: query.planId });
    if (query.stepId) add('step_id = @stepId', { stepId: query.stepId });
    if (query.actor) add('actor = @actor', { actor: query.actor });
    if (query.type?.endsWith('*')) {
      const prefix = query.type.slice(0, -1);
      add('type >= @typeLow AND type < @typeHigh', { typeLow: prefix, typeHigh: prefix + '\uffff' });
    } else if (query.type) add('type = @type', { type: query.type });
    if (query.since) {
      const first = this.firstSeqAtOrAfter(query.since);
      if (first === undefined) return [];
      add('seq >= @seqLow', { seqLow: first });
    }
    if (query.until) {
      const last = this.lastSeqAtOrBefore(query.until);
      if (last === undefined) return [];
      add('seq <= @seqHigh', { seqHigh: last });
    }
    if (query.beforeSeq !== undefined) add('seq < @beforeSeq', { beforeSeq: query.beforeSeq });
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.sqlite
      .prepare(`SELECT ${COLUMNS} FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit`)
      .all(params) as AuditRow[];
  }

  private firstSeqAtOrAfter(ts: string): number | undefined {
    const row = this.sqlite.prepare('SELECT seq FROM audit_events WHERE ts >= ? ORDER BY ts, seq LIMIT 1').get(ts) as
      { seq: number } | undefined;
    return row?.seq;
  }

  private lastSeqAtOrBefore(ts: string): number | undefined {
    const row = this.sqlite
      .prepare('SELECT seq FROM audit_events WHERE ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1')
      .get(ts) as { seq: number } | undefined;
    return row?.seq;
  }
}
