import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { newerSchema, StateError, type Param, type Sql, type SqlDatabase } from './sql';

/** How long a write waits for another process holding the database (every transaction here is milliseconds). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded database (better-sqlite3) under DATA_DIR: the default, for one machine. Its calls are
 * synchronous; they are given promises for the store's one interface, and a transaction keeps other
 * callers' statements out until it ends (they would otherwise run inside it between two awaits).
 * Other processes on the same file wait for its lock (busy_timeout), as before.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  readonly db: Database.Database;
  private statements = new Map<string, Database.Statement>();
  private readonly turn: Turn;
  private readonly direct: Sql = {
    get: (q, ...p) => settle(() => this.statement(q).get(...p) as never),
    all: (q, ...p) => settle(() => this.statement(q).all(...p) as never),
    run: (q, ...p) => settle(() => this.statement(q).run(...p).changes),
  };

  constructor(readonly path: string) {
    // SQLite would take a 0-byte file as a new database and migrate it: every subscription would be
    // gone without a word. A file that was emptied is refused instead, so someone restores or removes it.
    let size = -1;
    try {
      size = statSync(path).size;
    } catch {
      // No database yet: created below.
    }
    if (size === 0)
      throw new StateError(
        `${path} is empty (0 bytes): it held the subscriptions and delivery history. Restore it from a backup, or delete it to start afresh.`,
      );
    try {
      this.db = new Database(path);
      this.db.pragma('schema_version');
    } catch (e) {
      throw new StateError(
        `${path} cannot be opened (${(e as Error).message}). Restore it from a backup, or move it aside to start afresh.`,
      );
    }
    this.turn = turnFor(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('synchronous = NORMAL');
  }

  /** The database file `file` in `dataDir`, the folder made if needed. */
  static inFolder(dataDir: string, file = 'briefing.db'): SqliteDatabase {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteDatabase(join(dataDir, file));
  }

  get<T>(q: string, ...p: Param[]): Promise<T | undefined> {
    return this.outside(() => this.direct.get<T>(q, ...p));
  }

  all<T>(q: string, ...p: Param[]): Promise<T[]> {
    return this.outside(() => this.direct.all<T>(q, ...p));
  }

  run(q: string, ...p: Param[]): Promise<number> {
    return this.outside(() => this.direct.run(q, ...p));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const turn = this.turn;
    const next = turn.queue.then(async () => {
      // IMMEDIATE takes the write lock at the start, so two processes never both read then write.
      this.db.exec('BEGIN IMMEDIATE');
      turn.inTransaction = true;
      try {
        const r = await fn(this.direct);
        this.db.exec('COMMIT');
        return r;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      } finally {
        turn.inTransaction = false;
      }
    });
    turn.queue = next.catch(() => undefined);
    return next;
  }

  async migrate(steps: readonly string[]): Promise<void> {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > steps.length) throw newerSchema(this.path, version, steps.length);
    for (let v = version; v < steps.length; v++) {
      this.db
        .transaction(() => {
          // Another process may have migrated since this one read the version.
          if ((this.db.pragma('user_version', { simple: true }) as number) > v) return;
          this.db.exec(steps[v]!);
          this.db.pragma(`user_version = ${v + 1}`);
        })
        .immediate();
    }
  }

  async close(): Promise<void> {
    await this.turn.queue;
    this.db.close();
  }

  /** A statement outside any transaction: at once, or after the transaction running now. */
  private outside<T>(f: () => Promise<T>): Promise<T> {
    const turn = this.turn;
    if (!turn.inTransaction) return f();
    const next = turn.queue.then(f);
    turn.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * A statement prepared once: preparing costs about as much as running these small queries, and a
   * burst of answers stores a share payload each, on the event loop that acknowledges the next commands.
   */
  private statement(query: string): Database.Statement {
    let s = this.statements.get(query);
    if (!s) this.statements.set(query, (s = this.db.prepare(query)));
    return s;
  }
}

/**
 * Whose turn it is on one database file, shared by every connection this process opens to it (tests
 * open several as replicas). A second connection's write would wait synchronously for the first's
 * lock, blocking the thread the first needs to finish: so they take turns here instead.
 */
interface Turn {
  queue: Promise<unknown>;
  inTransaction: boolean;
}
const turns = new Map<string, Turn>();
function turnFor(path: string): Turn {
  const key = resolve(path);
  let t = turns.get(key);
  if (!t) turns.set(key, (t = { queue: Promise.resolve(), inTransaction: false }));
  return t;
}

function settle<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e as Error);
  }
}
