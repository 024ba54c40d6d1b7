import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { settings } from './schema';

/** Key/value settings, values stored as JSON. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    const row = this.db.select().from(settings).where(eq(settings.key, key)).get();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown, now: string): void {
    const json = JSON.stringify(value);
    this.db
      .insert(settings)
      .values({ key, value: json, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: now } })
      .run();
  }

  delete(key: string): void {
    this.db.delete(settings).where(eq(settings.key, key)).run();
  }

  all(): Record<string, unknown> {
    return Object.fromEntries(
      this.db
        .select()
        .from(settings)
        .all()
        .map((row) => [row.key, JSON.parse(row.value)]),
    );
  }
}
