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
  /** Free text, matched case-insensitively (ASCII) anywhere in the type, actor, actor name, plan, step or payload. */
  search?: string;
}

export interface AuditPageQuery extends AuditQuery {
  /** Skip this many of the matching events (newest first) before the page starts. */
  offset?: number;
  limit: number;
}

/** The model calls of one plan added up, per step (null: calls made for no step, like planning) and role. */
export interface ModelUsageRow {
  stepId: string | null;
  /** 'planner', 'executor' or 'gate' as the llm.called payload says; null when it says none. */
  role: string | null;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
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

  /**
   * The `llm.called` events of one plan summed by step and role. The plan's own index range is
   * read (the unary `+` keeps SQLite off the type index, which would walk every plan's calls);
   * tokens a provider did not report (null) count as 0, and only outcome 'error' counts as failed.
   */
  modelUsage(planId: string): ModelUsageRow[] {
    return this.sqlite
      .prepare(
        `SELECT step_id AS stepId, json_extract(payload, '$.role') AS role, count(*) AS calls,
           total(json_extract(payload, '$.outcome') = 'error') AS errors,
           total(json_extract(payload, '$.inputTokens')) AS inputTokens,
           total(json_extract(payload, '$.outputTokens')) AS outputTokens,
           total(json_extract(payload, '$.latencyMs')) AS latencyMs
         FROM audit_events
         WHERE plan_id = ? AND +type = 'llm.called'
         GROUP BY step_id, role
         ORDER BY min(seq)`,
      )
      .all(planId) as ModelUsageRow[];
  }

  /** Every event in chain order, streamed (never all in memory). */
  *iterate(): Generator<AuditRow> {
    yield* this.sqlite.prepare(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`).iterate() as Iterable<AuditRow>;
  }

  /** Newest first. Time bounds become sequence bounds: timestamps never decrease along the chain. */
  page(query: AuditPageQuery): AuditRow[] {
    const filter = this.where(query, 'page');
    if (!filter) return [];
    const params = { ...filter.params, limit: query.limit, offset: query.offset ?? 0 };
    // The page's sequence numbers first, so a sort (a type prefix spans several index ranges)
    // handles numbers from a covering index rather than whole rows.
    const seqs = `SELECT seq FROM audit_events ${filter.clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`;
    return this.sqlite
      .prepare(`SELECT ${COLUMNS} FROM audit_events WHERE seq IN (${seqs}) ORDER BY seq DESC`)
      .all(params) as AuditRow[];
  }

  /**
   * How many events match, and the newest sequence number in the whole log, read together so a
   * view can pin its pages to that head (`beforeSeq: headSeq + 1`) while new events keep arriving;
   * with `first`, also the newest `first` matching events. A free-text search reads the table
   * once for both (its matching sequence numbers), where a count and a page would read it twice.
   */
  countMatching(query: AuditQuery, first = 0): { total: number; headSeq: number; first: AuditRow[] } {
    return this.sqlite.transaction(() => {
      const headSeq = this.headSeq();
      const pinned = { ...query, beforeSeq: Math.min(query.beforeSeq ?? Infinity, headSeq + 1) };
      const filter = this.where(pinned, 'count');
      if (!filter) return { total: 0, headSeq, first: [] };
      if (query.search?.trim() && first > 0) {
        const seqs = this.sqlite
          .prepare(`SELECT seq FROM audit_events ${this.where(pinned, 'page')!.clause} ORDER BY seq DESC`)
          .pluck()
          .all(filter.params) as number[];
        return { total: seqs.length, headSeq, first: this.rowsBySeq(seqs.slice(0, first)) };
      }
      const row = this.sqlite.prepare(`SELECT count(*) AS n FROM audit_events ${filter.clause}`).get(filter.params) as {
        n: number;
      };
      return { total: row.n, headSeq, first: first > 0 ? this.page({ ...pinned, limit: first }) : [] };
    })();
  }

  /** Events by sequence number, newest first. */
  private rowsBySeq(seqs: number[]): AuditRow[] {
    if (seqs.length === 0) return [];
    return this.sqlite
      .prepare(`SELECT ${COLUMNS} FROM audit_events WHERE seq IN (${seqs.map(() => '?').join(',')}) ORDER BY seq DESC`)
      .all(...seqs) as AuditRow[];
  }

  /**
   * The WHERE clause for a query, or undefined when a time bound already rules out every event.
   *
   * A unary `+` keeps SQLite from using a column's index, which steers its plan (measured at
   * 100,000 events): a count reads a narrow covering index instead of walking the wide table by
   * `seq` (3 ms instead of 35); beside a plan or step (far more selective) or under a free-text
   * search (which reads every row it keeps anyway), the unselective type and actor indexes would
   * only add a lookup per row (a search reads the table once in order: 60 ms instead of 200).
   */
  private where(
    query: AuditQuery,
    purpose: 'page' | 'count',
  ): { clause: string; params: Record<string, string | number> } | undefined {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    const add = (condition: string, values: Record<string, string | number>) => {
      where.push(condition);
      Object.assign(params, values);
    };
    const search = query.search?.trim();
    const seq = purpose === 'count' ? '+seq' : 'seq';
    const scan = search || query.planId || query.stepId ? '+' : '';
    if (query.planId) add('plan_id = @planId', { planId: query.planId });
    if (query.stepId) add('step_id = @stepId', { stepId: query.stepId });
    if (query.actor) add(`${scan}actor = @actor`, { actor: query.actor });
    if (query.type?.endsWith('*')) {
      const prefix = query.type.slice(0, -1);
      add(`${scan}type >= @typeLow AND ${scan}type < @typeHigh`, { typeLow: prefix, typeHigh: prefix + '\uffff' });
    } else if (query.type) add(`${scan}type = @type`, { type: query.type });
    if (query.since) {
      const first = this.firstSeqAtOrAfter(query.since);
      if (first === undefined) return undefined;
      add(`${seq} >= @seqLow`, { seqLow: first });
    }
    if (query.until) {
      const last = this.lastSeqAtOrBefore(query.until);
      if (last === undefined) return undefined;
      add(`${seq} <= @seqHigh`, { seqHigh: last });
    }
    if (query.beforeSeq !== undefined) add(`${seq} < @beforeSeq`, { beforeSeq: query.beforeSeq });
    if (search) {
      const like = (column: string) => `${column} LIKE @search ESCAPE '\\'`;
      add(`(${['type', 'actor', 'actor_name', 'plan_id', 'step_id', 'payload'].map(like).join(' OR ')})`, {
        search: `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
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
