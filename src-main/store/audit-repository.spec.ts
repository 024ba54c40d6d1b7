import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type ActorContext } from '../audit';
import { findMigrationsDir } from '../app/migrations-dir';
import { makeTempDir } from '../testing/temp-dir';
import { AuditRepository } from './audit-repository';
import { Store } from './database';

const ada: ActorContext = { actor: 'user', surface: 'ui', actorName: 'ada' };
const bot: ActorContext = { actor: 'agent', surface: 'mcp', actorName: 'helper-bot' };

describe('AuditRepository search, offset paging and counts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: Store;
  let repository: AuditRepository;
  let audit: AuditLog;
  let clockMs: number;

  beforeEach(() => {
    dir = makeTempDir();
    store = Store.open({ dataDir: dir.path, migrationsDir: findMigrationsDir() });
    repository = new AuditRepository(store.sqlite);
    clockMs = Date.parse('2026-03-01T10:00:00Z');
    audit = new AuditLog(repository, () => new Date((clockMs += 1000)));
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const append = (
    context: ActorContext,
    type: string,
    extra: { planId?: string; stepId?: string; payload?: Record<string, unknown> } = {},
  ) => store.transaction(() => audit.append(context, { type, ...extra }));
  const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);
  const counted = (query: Parameters<AuditLog['count']>[0]) => {
    const { total, headSeq } = audit.count(query);
    return { total, headSeq };
  };

  it('finds free text in the type, actor name, plan, step and payload, ignoring case', () => {
    append(ada, 'plan.created', { planId: 'pln_alpha', payload: { name: 'Greeting' } }); // 1
    append(bot, 'plan.approved', { planId: 'pln_beta' }); // 2
    append(ada, 'step.completed', { planId: 'pln_alpha', stepId: 'write-script' }); // 3
    append(ada, 'step.failed', { planId: 'pln_beta', stepId: 'run', payload: { output: { tail: 'NO MARKER' } } }); // 4

    expect(seqs(repository.page({ search: 'greeting', limit: 10 }))).toEqual([1]);
    expect(seqs(repository.page({ search: 'HELPER-bot', limit: 10 }))).toEqual([2]);
    expect(seqs(repository.page({ search: 'beta', limit: 10 }))).toEqual([4, 2]);
    expect(seqs(repository.page({ search: 'write-scr', limit: 10 }))).toEqual([3]);
    expect(seqs(repository.page({ search: 'marker', limit: 10 }))).toEqual([4]);
    expect(seqs(repository.page({ search: 'step.', limit: 10 }))).toEqual([4, 3]);
    expect(seqs(repository.page({ search: '  approved ', limit: 10 }))).toEqual([2]);
    // Combined with the indexed filters.
    expect(seqs(repository.page({ search: 'alpha', type: 'step.*', limit: 10 }))).toEqual([3]);
    expect(seqs(repository.page({ planId: 'pln_beta', type: 'step.*', actor: 'user', limit: 10 }))).toEqual([4]);
    expect(seqs(repository.page({ planId: 'pln_beta', actor: 'agent', search: 'plan', limit: 10 }))).toEqual([2]);
    expect(repository.page({ search: 'nowhere to be found', limit: 10 })).toEqual([]);
  });

  it('takes % and _ in the search text literally', () => {
    append(ada, 'x', { payload: { note: 'disk at 50% full' } }); // 1
    append(ada, 'x', { payload: { note: 'disk at 500 MB' } }); // 2
    append(ada, 'x', { payload: { note: 'a_b' } }); // 3
    append(ada, 'x', { payload: { note: 'axb' } }); // 4
    append(ada, 'x', { payload: { note: 'back\\slash' } }); // 5

    expect(seqs(repository.page({ search: '50%', limit: 10 }))).toEqual([1]);
    expect(seqs(repository.page({ search: 'a_b', limit: 10 }))).toEqual([3]);
    // The payload is stored as JSON text, so one backslash in the value is two in the text.
    expect(seqs(repository.page({ search: 'back\\\\slash', limit: 10 }))).toEqual([5]);
  });

  it('pages by offset, newest first, pinned to a head while new events arrive', () => {
    for (let i = 0; i < 10; i += 1) append(ada, i % 2 ? 'step.completed' : 'plan.versioned', { planId: 'p1' });
    const { total, headSeq } = audit.count({});
    expect({ total, headSeq }).toEqual({ total: 10, headSeq: 10 });

    append(ada, 'plan.approved', { planId: 'p1' }); // 11: arrives after the view counted
    const pin = headSeq + 1;
    expect(seqs(repository.page({ beforeSeq: pin, offset: 0, limit: 4 }))).toEqual([10, 9, 8, 7]);
    expect(seqs(repository.page({ beforeSeq: pin, offset: 4, limit: 4 }))).toEqual([6, 5, 4, 3]);
    expect(seqs(repository.page({ beforeSeq: pin, offset: 8, limit: 4 }))).toEqual([2, 1]);
    expect(seqs(repository.page({ beforeSeq: pin, type: 'step.*', offset: 2, limit: 2 }))).toEqual([6, 4]);
  });

  it('counts what the filters match, up to the head it reports', () => {
    append(ada, 'plan.created', { planId: 'p1' }); // 1 at 10:00:01
    append(bot, 'step.started', { planId: 'p1', stepId: 's1' }); // 2 at 10:00:02
    append(bot, 'step.completed', { planId: 'p1', stepId: 's1', payload: { tail: 'hello' } }); // 3 at 10:00:03
    append(ada, 'plan.created', { planId: 'p2' }); // 4 at 10:00:04

    expect(counted({})).toEqual({ total: 4, headSeq: 4 });
    expect(counted({ planId: 'p1' })).toEqual({ total: 3, headSeq: 4 });
    expect(counted({ type: 'step.*' })).toEqual({ total: 2, headSeq: 4 });
    expect(counted({ actor: 'agent', stepId: 's1' })).toEqual({ total: 2, headSeq: 4 });
    expect(counted({ search: 'hello' })).toEqual({ total: 1, headSeq: 4 });
    expect(counted({ since: '2026-03-01T10:00:02.000Z', until: '2026-03-01T10:00:03.000Z' })).toEqual({
      total: 2,
      headSeq: 4,
    });
    expect(counted({ since: '2027-01-01T00:00:00.000Z' })).toEqual({ total: 0, headSeq: 4 });
    expect(counted({ beforeSeq: 3 })).toEqual({ total: 2, headSeq: 4 });
  });

  it('hands over the newest matches with the count, the same whether or not a search reads them', () => {
    for (let i = 0; i < 30; i += 1)
      append(i % 3 ? ada : bot, i % 2 ? 'step.completed' : 'plan.versioned', {
        planId: `p${i % 2}`,
        payload: { note: i % 4 ? 'ordinary' : 'special' },
      });
    for (const query of [{}, { type: 'step.*' }, { search: 'special' }, { search: 'SPECIAL', actor: 'agent' }]) {
      const { total, headSeq, first } = audit.count(query, 5);
      const pinned = { ...query, beforeSeq: headSeq + 1 };
      expect(seqs(first)).toEqual(seqs(repository.page({ ...pinned, limit: 5 })));
      expect(total).toBe(repository.page({ ...pinned, limit: 1_000 }).length);
      expect(first[0]).toHaveProperty('payload');
    }
    expect(audit.count({ search: 'special' }, 5).total).toBe(8);
    expect(audit.count({ search: 'special' }).first).toEqual([]);
  });

  it('counts an empty log as nothing, with head 0', () => {
    expect(counted({ search: 'x' })).toEqual({ total: 0, headSeq: 0 });
    expect(repository.page({ offset: 5, limit: 10 })).toEqual([]);
  });
});
