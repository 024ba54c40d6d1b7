import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenOptions {
  /** Folder holding planbox.db (created if missing). */
  dataDir: string;
  /** Folder of drizzle-kit migrations (resources/drizzle). */
  migrationsDir: string;
}

/** Raised when the database cannot be opened or migrated; says where the backup is. */
export class StoreOpenError extends Error {}

/**
 * One SQLite connection with the schema applied. WAL lets the desktop app, the CLI and the MCP
 * server read while one of them writes; the busy timeout makes a second writer wait instead of
 * failing; every multi-row change goes through `transaction`, which takes the write lock up front
 * (BEGIN IMMEDIATE) so two processes never interleave a read-then-write such as the audit chain.
 */
export class Store {
  readonly db: Db;
  readonly sqlite: Database.Database;
  readonly file: string;

  private constructor(file: string, sqlite: Database.Database) {
    this.file = file;
    this.sqlite = sqlite;
    this.db = drizzle({ client: sqlite, schema });
  }

  static open({ dataDir, migrationsDir }: OpenOptions): Store {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'planbox.db');
    const existed = existsSync(file);
    let sqlite: Database.Database;
    try {
      sqlite = new Database(file);
    } catch (error) {
      throw new StoreOpenError(
        `cannot open the database ${file}: ${(error as Error).message}; check the folder's permissions or set PLANBOX_HOME`,
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const store = new Store(file, sqlite);
    store.migrate(migrationsDir, existed);
    return store;
  }

  /** Runs `work` in one write transaction; everything it does is kept or nothing is. */
  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work).immediate();
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }

  private migrate(migrationsDir: string, existed: boolean): void {
    const pending = this.pendingMigrations(migrationsDir);
    if (pending === 0) return;
    let backup: string | undefined;
    if (existed && this.hasUserTables()) {
      backup = `${this.file}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      this.sqlite.exec(`VACUUM INTO '${backup.replace(/'/g, "''")}'`);
    }
    try {
      migrate(this.db, { migrationsFolder: migrationsDir });
    } catch (error) {
      // Another process may have applied the same migration a moment earlier; then all is well.
      if (this.pendingMigrations(migrationsDir) === 0) return;
      this.close();
      const kept = backup ? `; your data was backed up to ${backup}` : '';
      throw new StoreOpenError(`database migration failed for ${this.file}: ${(error as Error).message}${kept}`);
    }
  }

  private pendingMigrations(migrationsDir: string): number {
    const journalFile = join(migrationsDir, 'meta', '_journal.json');
    if (!existsSync(journalFile))
      throw new StoreOpenError(`database migrations are missing: ${journalFile} does not exist`);
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    const table = this.sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    if (!table) return journal.entries.length;
    const { applied } = this.sqlite.prepare('SELECT count(*) AS applied FROM __drizzle_migrations').get() as {
      applied: number;
    };
    return Math.max(0, journal.entries.length - applied);
  }

  private hasUserTables(): boolean {
    return !!this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plans'").get();
  }
}
