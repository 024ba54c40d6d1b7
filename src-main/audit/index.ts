export {
  AuditLog,
  ACTORS,
  SURFACES,
  type Actor,
  type Surface,
  type ActorContext,
  type NewAuditEvent,
  type VerifyResult,
} from './audit-log';
export { canonicalJson, canonicalEventText, eventHash, GENESIS_HASH } from './canonical-event';
export { redactSecrets, REDACTED } from './redact';
