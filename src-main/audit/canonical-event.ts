import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The fields of an event that its hash covers (everything but the hashes themselves). */
export interface HashedFields {
  seq: number;
  ts: string;
  actor: string;
  actorName: string | null;
  surface: string;
  planId: string | null;
  stepId: string | null;
  type: string;
  /** Already canonical JSON text (RFC 8785). */
  payload: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value ?? {});
  if (text === undefined) throw new Error('audit payload cannot be represented as JSON');
  return text;
}

/**
 * The canonical JSON (RFC 8785) of an event, built by concatenation in sorted key order. Because
 * the payload is stored canonical already, this equals canonicalize() of the whole event without
 * parsing the payload again, which keeps `audit verify` fast on millions of events.
 */
export function canonicalEventText(e: HashedFields): string {
  const str = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  return (
    `{"actor":${str(e.actor)},"actorName":${str(e.actorName)},"payload":${e.payload},"planId":${str(e.planId)},` +
    `"seq":${e.seq},"stepId":${str(e.stepId)},"surface":${str(e.surface)},"ts":${str(e.ts)},"type":${str(e.type)}}`
  );
}

/** hash = sha256(prev_hash + canonical JSON of the event), hex. */
export function eventHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalEventText(fields)).digest('hex');
}
