import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { AuditRepository, Store } from '../store';
import { findMigrationsDir } from '../app/migrations-dir';
import { makeTempDir } from '../testing/temp-dir';
import { AuditLog, type ActorContext } from './audit-log';
import { canonicalEventText, canonicalJson } from './canonical-event';

const user: ActorContext = { actor: 'user', surface: 'cli', actorName: 'ada' };

describe('AuditLog', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let clockMs: number;
  let audit: AuditLog;

  beforeEach(() => {
    dir = makeTempDir();
    store = Store.open({ dataDir: dir.path, migrationsDir: findMigrationsDir() });
    clockMs = Date.parse('2026-01-01T00:00:00Z');
    audit = new AuditLog(new AuditRepository(store.sqlite), () => new Date(clockMs));
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const append = (type: string, extra: { planId?: string; stepId?: string; payload?: Record<string, unknown> } = {}) =>
    store.transaction(() => audit.append(user, { type, ...extra }));

  it('chains events and verifies an untouched chain', () => {
    const first = append('plan.created', { planId: 'p1', payload: { b: 2, a: 1 } });
    const second = append('plan.approved', { planId: 'p1' });
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(first.payload).toBe('{"a":1,"b":2}');
    expect(audit.verify()).toEqual({ ok: true, checked: 2 });
  });

  it('names the first altered event', () => {
    for (let i = 0; i < 5; i += 1) append('step.completed', { planId: 'p1', payload: { i } });
    store.sqlite.prepare('UPDATE audit_events SET payload = \'{"i":99}\' WHERE seq = 3').run();
    const result = audit.verify();
    expect(result.ok).toBe(false);
    expect(result.broken).toMatchObject({ seq: 3, type: 'step.completed' });
    expect(result.broken!.reason).toMatch(/altered/);
    expect(result.checked).toBe(2);
  });

  it('notices a removed event and a re-hashed forgery', () => {
    for (let i = 0; i < 4; i += 1) append('x', { payload: { i } });
    store.sqlite.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    expect(audit.verify().broken).toMatchObject({ seq: 3 });
    expect(audit.verify().broken!.reason).toMatch(/event 2 is missing/);
  });

  it('notices an event whose hash was recomputed but whose successor still points at the old hash', () => {
    for (let i = 0; i < 3; i += 1) append('x', { payload: { i } });
    store.sqlite.prepare("UPDATE audit_events SET hash = 'f' || substr(hash, 2) WHERE seq = 2").run();
    const broken = audit.verify().broken!;
    expect(broken.seq).toBe(2);
  });

  it('hashes exactly the RFC 8785 canonical form of the event', () => {
    const payload = { z: [1, 'two', { y: null, x: true }], ünï: 'cödé "quoted"', n: 1.5e-7 };
    const fields = {
      seq: 7,
      ts: '2026-01-01T00:00:00.000Z',
      actor: 'agent',
      actorName: null,
      surface: 'mcp',
      planId: 'p',
      stepId: null,
      type: 't',
    };
    const text = canonicalEventText({ ...fields, payload: canonicalJson(payload) });
    expect(text).toBe(canonicalize({ ...fields, payload }));
  });

  it('never lets time go backwards along the chain', () => {
    append('a');
    clockMs -= 60_000;
    const later = append('b');
    expect(later.ts).toBe('2026-01-01T00:00:00.000Z');
  });

  it('redacts secrets from payloads before hashing', () => {
    const row = append('settings.changed', {
      payload: {
        apiKey: 'sk-abcdefghijklmnopqrstuvwxyz',
        note: 'token sk-ant-0123456789abcdefghij used',
        nested: { password: 'hunter2' },
      },
    });
    expect(row.payload).not.toMatch(/abcdefghijklmnop|hunter2|0123456789abcdef/);
    expect(row.payload).toContain('[redacted]');
  });

  it('filters and pages by plan, step, type prefix, actor and time', () => {
    for (let i = 0; i < 30; i += 1) {
      clockMs += 1000;
      append(i % 3 === 0 ? 'plan.approved' : 'step.completed', { planId: i % 2 ? 'odd' : 'even', stepId: `s${i % 5}` });
    }
    expect(audit.list({ planId: 'odd', limit: 100 })).toHaveLength(15);
    expect(audit.list({ type: 'step.*', limit: 100 }).every((e) => e.type === 'step.completed')).toBe(true);
    expect(audit.list({ type: 'plan.approved', limit: 100 })).toHaveLength(10);
    expect(audit.list({ stepId: 's0', limit: 100 })).toHaveLength(6);
    expect(audit.list({ actor: 'agent', limit: 100 })).toHaveLength(0);
    const page1 = audit.list({ limit: 10 });
    expect(page1.map((e) => e.seq)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    const page2 = audit.list({ limit: 10, beforeSeq: page1.at(-1)!.seq });
    expect(page2[0]!.seq).toBe(20);
    const ranged = audit.list({ since: '2026-01-01T00:00:05.000Z', until: '2026-01-01T00:00:10.000Z', limit: 100 });
    expect(ranged.map((e) => e.seq)).toEqual([10, 9, 8, 7, 6, 5]);
    expect(audit.list({ since: '2027-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
  });

  it('writes nothing when the surrounding transaction fails', () => {
    append('a');
    expect(() =>
      store.transaction(() => {
        audit.append(user, { type: 'b' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(audit.list({ limit: 10 })).toHaveLength(1);
    expect(audit.verify().ok).toBe(true);
  });
});
