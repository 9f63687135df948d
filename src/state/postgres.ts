import pg from 'pg';
import { newerSchema, StateError, type Param, type Sql, type SqlDatabase } from './sql';

/** Any number fixed here: the key every replica's migration waits on. */
const MIGRATION_LOCK = 7_240_311;

/** Whole numbers (BIGINT: times in ms) as numbers, not strings: every one here is far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** `?` placeholders (the queries' shared form) numbered as PostgreSQL wants them: `$1`, `$2`… */
const numbered = new Map<string, string>();
function toPostgres(query: string): string {
  let q = numbered.get(query);
  if (q === undefined) {
    let i = 0;
    numbered.set(query, (q = query.replace(/\?/g, () => `$${++i}`)));
  }
  return q;
}

function on(client: pg.Pool | pg.PoolClient): Sql {
  return {
    get: async (q, ...p) => (await client.query(toPostgres(q), p)).rows[0],
    all: async (q, ...p) => (await client.query(toPostgres(q), p)).rows,
    run: async (q, ...p) => (await client.query(toPostgres(q), p)).rowCount ?? 0,
  };
}

/**
 * PostgreSQL (`pg`), when DATABASE_URL is set: the state every replica shares. Each statement takes
 * a pooled connection; a transaction keeps one for its length.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres';
  private readonly pool: pg.Pool;
  private readonly direct: Sql;

  constructor(
    url: string,
    private log: (m: string) => void = () => undefined,
  ) {
    this.pool = new pg.Pool({ connectionString: url, types, max: 5, connectionTimeoutMillis: 10_000 });
    // An idle connection the server dropped is reported here; without a listener it would end the process.
    this.pool.on('error', (e) => this.log(`state database: ${e.message}`));
    this.direct = on(this.pool);
  }

  get<T>(q: string, ...p: Param[]): Promise<T | undefined> {
    return this.direct.get<T>(q, ...p);
  }

  all<T>(q: string, ...p: Param[]): Promise<T[]> {
    return this.direct.all<T>(q, ...p);
  }

  run(q: string, ...p: Param[]): Promise<number> {
    return this.direct.run(q, ...p);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, lock?: string): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (lock) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
      const r = await fn(on(client));
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async migrate(steps: readonly string[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new StateError(`the PostgreSQL database in DATABASE_URL cannot be reached: ${(e as Error).message}`);
    }
    try {
      // Replicas starting together: one migrates, the others wait here and then find nothing to do.
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const version = rows[0]?.v ?? 0;
      if (version > steps.length) throw newerSchema('the PostgreSQL database', version, steps.length);
      for (let v = version; v < steps.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(steps[v]!);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
