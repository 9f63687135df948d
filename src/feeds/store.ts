import type Database from 'better-sqlite3';

export interface Feed {
  name: string;
  url: string;
  intervalS: number;
  /** Where it was set up: 'chat' (/feeds add) or 'file' (FEEDS_FILE). */
  origin: 'chat' | 'file';
  createdAt: number;
  etag?: string;
  lastModified?: string;
  lastFetchAt?: number;
  lastOkAt?: number;
  items: number;
  failures: number;
  lastError?: string;
  paused: boolean;
  nextAt: number;
}

export interface SeenItem {
  feed: string;
  guid: string;
  url?: string;
  hash: string;
  file: string;
  publishedAt?: string;
}

/** Feeds and the items seen, in the bot's state database (the same SQLite file as the briefings). */
export class FeedStore {
  constructor(private db: Database.Database) {}

  upsert(f: Pick<Feed, 'name' | 'url' | 'intervalS' | 'origin'>, now = Date.now()) {
    this.db
      .prepare(
        `INSERT INTO feeds (name, url, interval_s, origin, created_at, next_at) VALUES (@name, @url, @intervalS, @origin, @now, @now)
         ON CONFLICT (name) DO UPDATE SET url = excluded.url, interval_s = excluded.interval_s, paused = 0, failures = 0, last_error = NULL,
           next_at = CASE WHEN feeds.url = excluded.url THEN feeds.next_at ELSE excluded.next_at END`,
      )
      .run({ ...f, now });
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE name = ?').run(name).changes > 0;
  }

  get(name: string): Feed | undefined {
    const r = this.db.prepare('SELECT * FROM feeds WHERE name = ?').get(name) as Row | undefined;
    return r && toFeed(r);
  }

  byUrl(url: string): Feed | undefined {
    const r = this.db.prepare('SELECT * FROM feeds WHERE url = ?').get(url) as Row | undefined;
    return r && toFeed(r);
  }

  all(): Feed[] {
    return (this.db.prepare('SELECT * FROM feeds ORDER BY name').all() as Row[]).map(toFeed);
  }

  due(now = Date.now()): Feed[] {
    return (
      this.db.prepare('SELECT * FROM feeds WHERE paused = 0 AND next_at <= ? ORDER BY next_at').all(now) as Row[]
    ).map(toFeed);
  }

  /** A fetch went through: new validators, the next poll, the count of items added. */
  fetched(name: string, v: { etag?: string; lastModified?: string; added: number; nextAt: number }, now = Date.now()) {
    this.db
      .prepare(
        `UPDATE feeds SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), last_fetch_at = ?, last_ok_at = ?,
           items = items + ?, failures = 0, last_error = NULL, next_at = ? WHERE name = ?`,
      )
      .run(v.etag ?? null, v.lastModified ?? null, now, now, v.added, v.nextAt, name);
  }

  failed(name: string, error: string, nextAt: number, pause: boolean, now = Date.now()) {
    this.db
      .prepare(
        'UPDATE feeds SET last_fetch_at = ?, failures = failures + 1, last_error = ?, next_at = ?, paused = ? WHERE name = ?',
      )
      .run(now, error.slice(0, 500), nextAt, pause ? 1 : 0, name);
  }

  seen(feed: string, guid: string): SeenItem | undefined {
    return this.db
      .prepare(
        'SELECT feed, guid, url, hash, file, published_at AS publishedAt FROM feed_items WHERE feed = ? AND guid = ?',
      )
      .get(feed, guid) as SeenItem | undefined;
  }

  /** The same story from another feed (or an article added by hand), by its canonical URL. */
  seenUrl(url: string): SeenItem | undefined {
    return this.db.prepare('SELECT feed, guid, url, hash, file FROM feed_items WHERE url = ? LIMIT 1').get(url) as
      SeenItem | undefined;
  }

  /** The same story under another URL (syndication), by its content. */
  seenHash(hash: string): SeenItem | undefined {
    return this.db.prepare('SELECT feed, guid, url, hash, file FROM feed_items WHERE hash = ? LIMIT 1').get(hash) as
      SeenItem | undefined;
  }

  record(item: SeenItem, now = Date.now()) {
    this.db
      .prepare(
        `INSERT INTO feed_items (feed, guid, url, hash, file, published_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (feed, guid) DO UPDATE SET url = excluded.url, hash = excluded.hash, file = excluded.file, published_at = excluded.published_at`,
      )
      .run(item.feed, item.guid, item.url ?? null, item.hash, item.file, item.publishedAt ?? null, now);
  }
}

type Row = Record<string, string | number | null>;

function toFeed(r: Row): Feed {
  const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));
  return {
    name: String(r.name),
    url: String(r.url),
    intervalS: Number(r.interval_s),
    origin: r.origin === 'file' ? 'file' : 'chat',
    createdAt: Number(r.created_at),
    etag: opt<string>(r.etag),
    lastModified: opt<string>(r.last_modified),
    lastFetchAt: opt<number>(r.last_fetch_at),
    lastOkAt: opt<number>(r.last_ok_at),
    items: Number(r.items),
    failures: Number(r.failures),
    lastError: opt<string>(r.last_error),
    paused: Number(r.paused) === 1,
    nextAt: Number(r.next_at),
  };
}
