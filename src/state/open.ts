import { SqliteDatabase } from './sqlite';
import { SqlStateStore, type StoreOptions } from './store';
import type { StateStore } from './types';

/**
 * The bot's state store: PostgreSQL when DATABASE_URL is set (replicas share it), else SQLite in
 * DATA_DIR. Throws a StateError, saying what to do, when the database cannot be used.
 */
export async function openStateStore(
  where: { databaseUrl?: string; dataDir: string },
  opts: StoreOptions & { log?: (m: string) => void } = {},
): Promise<StateStore> {
  // pg is loaded only for PostgreSQL: it costs ~50 ms of every start, before the first answer.
  const db = where.databaseUrl
    ? new (require('./postgres') as typeof import('./postgres')).PostgresDatabase(where.databaseUrl, opts.log)
    : SqliteDatabase.inFolder(where.dataDir);
  return SqlStateStore.open(db, opts);
}
