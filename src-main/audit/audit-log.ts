import type { AuditPageQuery, AuditQuery, AuditRepository, AuditRow } from '../store';
import { canonicalJson, eventHash, GENESIS_HASH } from './canonical-event';
import { redactSecrets } from './redact';

export const ACTORS = ['user', 'agent', 'engine'] as const;
export const SURFACES = ['cli', 'ui', 'api', 'mcp'] as const;
export type Actor = (typeof ACTORS)[number];
export type Surface = (typeof SURFACES)[number];

/** Who did something and through which door. */
export interface ActorContext {
  actor: Actor;
  surface: Surface;
  /** A person's login, or an agent's client name (e.g. "claude-desktop"). */
  actorName?: string;
}

export interface NewAuditEvent {
  type: string;
  planId?: string | null;
  stepId?: string | null;
  payload?: Record<string, unknown>;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first event that does not fit the chain, and why. */
  broken?: { seq: number; type: string; reason: string };
}

/**
 * The hash-chained audit log. `append` must run inside the caller's store transaction, so the
 * event is written together with the change it records (or not at all), and two processes
 * never read the same previous hash.
 */
export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  append(context: ActorContext, event: NewAuditEvent): AuditRow {
    const last = this.repository.last();
    const now = this.clock().toISOString();
    // Timestamps never go backwards along the chain, so a time range is a range of the chain.
    const ts = last && last.ts > now ? last.ts : now;
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      ts,
      actor: context.actor,
      actorName: context.actorName ?? null,
      surface: context.surface,
      planId: event.planId ?? null,
      stepId: event.stepId ?? null,
      type: event.type,
      payload: canonicalJson(redactSecrets(event.payload ?? {})),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row: AuditRow = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
    this.repository.insert(row);
    return row;
  }

  /** Walks the whole chain and names the first event that was changed, removed or reordered. */
  verify(): VerifyResult {
    let expectedPrev = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (const row of this.repository.iterate()) {
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        broken: { seq: row.seq, type: row.type, reason },
      });
      if (row.seq !== expectedSeq) return fail(`event ${expectedSeq} is missing (the chain jumps to ${row.seq})`);
      if (row.prevHash !== expectedPrev) return fail(`its prev_hash does not match the hash of event ${row.seq - 1}`);
      if (eventHash(row.prevHash, row) !== row.hash)
        return fail('its contents do not match its hash (the event was altered)');
      expectedPrev = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    return { ok: true, checked };
  }

  list(query: AuditPageQuery): AuditRow[] {
    return this.repository.page(query);
  }

  /** How many events match a query, the log's newest sequence number then, and the newest `first` matches. */
  count(query: AuditQuery, first = 0): { total: number; headSeq: number; first: AuditRow[] } {
    return this.repository.countMatching(query, first);
  }

  /** Every event in chain order (oldest first), for export. */
  all(): Iterable<AuditRow> {
    return this.repository.iterate();
  }
}
