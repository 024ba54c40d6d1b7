import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { findMigrationsDir } from '../app/migrations-dir';
import { Store, StoreOpenError } from './database';

describe('Store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.cleanup());

  it('creates the database with WAL, foreign keys and every table', () => {
    const store = Store.open({ dataDir: join(dir.path, 'nested', 'home'), migrationsDir: findMigrationsDir() });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (
      store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'plans',
        'plan_versions',
        'step_states',
        'step_attempts',
        'approvals',
        'snapshots',
        'audit_events',
        'settings',
      ]),
    );
    store.close();
    // Opening again applies nothing and keeps data.
    const again = Store.open({ dataDir: join(dir.path, 'nested', 'home'), migrationsDir: findMigrationsDir() });
    again.close();
  });

  it('rolls a failed transaction back whole', () => {
    const store = Store.open({ dataDir: dir.path, migrationsDir: findMigrationsDir() });
    const insert = store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')");
    expect(() =>
      store.transaction(() => {
        insert.run('a');
        insert.run('a'); // duplicate key
      }),
    ).toThrow();
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    store.close();
  });

  it('stops with a clear message and a backup when a migration fails, keeping the data', () => {
    const store = Store.open({ dataDir: dir.path, migrationsDir: findMigrationsDir() });
    store.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('keep', '1', 'now')").run();
    store.close();
    const broken = join(dir.path, 'migrations');
    cpSync(findMigrationsDir(), broken, { recursive: true });
    const journal = JSON.parse(readFileSync(join(broken, 'meta', '_journal.json'), 'utf8'));
    journal.entries.push({ idx: 1, version: '6', when: Date.now(), tag: '0001_broken', breakpoints: true });
    writeFileSync(join(broken, 'meta', '_journal.json'), JSON.stringify(journal));
    writeFileSync(join(broken, '0001_broken.sql'), 'ALTER TABLE no_such_table ADD COLUMN x text;');
    expect(() => Store.open({ dataDir: dir.path, migrationsDir: broken })).toThrow(StoreOpenError);
    expect(() => Store.open({ dataDir: dir.path, migrationsDir: broken })).toThrow(/migration failed.*backed up to/);
    expect(readdirSync(dir.path).some((f) => f.startsWith('planbox.db.backup-'))).toBe(true);
    const reopened = Store.open({ dataDir: dir.path, migrationsDir: findMigrationsDir() });
    expect(reopened.sqlite.prepare("SELECT value FROM settings WHERE key = 'keep'").get()).toEqual({ value: '1' });
    reopened.close();
  });
});
