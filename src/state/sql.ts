/** A value bound to a query parameter: the stores keep text and whole numbers only. */
export type Param = string | number | null;

/**
 * The few calls the state store makes of a database. Queries are written once, with `?` for each
 * parameter, in the SQL that SQLite and PostgreSQL share; each adapter runs them its own way.
 */
export interface Sql {
  get<T>(query: string, ...params: Param[]): Promise<T | undefined>;
  all<T>(query: string, ...params: Param[]): Promise<T[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(query: string, ...params: Param[]): Promise<number>;
}

export interface SqlDatabase extends Sql {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction. `lock` names what it must hold alone across processes (a channel's
   * digest history): SQLite takes the whole database for a write anyway, PostgreSQL an advisory lock.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, lock?: string): Promise<T>;
  /** Brings the schema up to `steps.length`, each step once, even with several processes starting together. */
  migrate(steps: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The state database exists but cannot be used as it is: said loudly, never silently replaced. */
export class StateError extends Error {}

/** A schema newer than this code knows: refused rather than written to by an older version. */
export function newerSchema(where: string, found: number, known: number): StateError {
  return new StateError(
    `${where} has schema version ${found}, newer than this version of the bot knows (${known}): upgrade the bot, or restore a backup made before the upgrade.`,
  );
}
