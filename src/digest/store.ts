import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A platform's name, as its adapter gives it: the store keeps whatever it is told. */
export type Platform = string;

export interface Subscription {
  platform: Platform;
  channelId: string;
  channelName?: string;
  cron: string;
  zone: string;
  label: string;
  createdAt: string;
  /** 'active', or 'failing' when the bot can no longer post there (not retried until re-subscribed). */
  status: 'active' | 'failing';
  lastError?: string;
}

export interface DigestRow {
  id: number;
  slot: string;
  state: 'claimed' | 'posted' | 'empty' | 'failed' | 'interrupted';
  claimedAt: string;
  finishedAt?: string;
  docCount: number;
  detail?: string;
}

/** Each step brings the schema from version N to N+1; the database records how far it got. */
const MIGRATIONS: string[] = [
  `CREATE TABLE subscriptions (
     platform TEXT NOT NULL, channel_id TEXT NOT NULL, channel_name TEXT,
     cron TEXT NOT NULL, zone TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'active', last_error TEXT,
     PRIMARY KEY (platform, channel_id));
   CREATE TABLE digests (
     id INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL, channel_id TEXT NOT NULL, slot TEXT NOT NULL,
     state TEXT NOT NULL, owner TEXT NOT NULL, claimed_at TEXT NOT NULL, finished_at TEXT, doc_count INTEGER NOT NULL DEFAULT 0, detail TEXT,
     UNIQUE (platform, channel_id, slot));
   CREATE TABLE deliveries (
     platform TEXT NOT NULL, channel_id TEXT NOT NULL, doc_hash TEXT NOT NULL, doc_file TEXT NOT NULL, digest_id INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id, doc_hash));`,
  // Answers waiting behind a share button survive a restart; manual actions are rate-limited per channel.
  `CREATE TABLE shares (id TEXT PRIMARY KEY, answer TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE INDEX shares_created ON shares (created_at);
   CREATE TABLE cooldowns (
     platform TEXT NOT NULL, channel_id TEXT NOT NULL, action TEXT NOT NULL, at INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id, action));`,
  // Feeds followed, their validators and health, and every item seen (by feed and GUID; by URL and hash across feeds).
  `CREATE TABLE feeds (
     name TEXT PRIMARY KEY, url TEXT NOT NULL, interval_s INTEGER NOT NULL, origin TEXT NOT NULL, created_at INTEGER NOT NULL,
     etag TEXT, last_modified TEXT, last_fetch_at INTEGER, last_ok_at INTEGER, items INTEGER NOT NULL DEFAULT 0,
     failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, paused INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE feed_items (
     feed TEXT NOT NULL, guid TEXT NOT NULL, url TEXT, hash TEXT NOT NULL, file TEXT NOT NULL, published_at TEXT,
     seen_at INTEGER NOT NULL, PRIMARY KEY (feed, guid));
   CREATE INDEX feed_items_url ON feed_items (url);
   CREATE INDEX feed_items_hash ON feed_items (hash);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** How long a write waits for another process holding the database (every transaction here is milliseconds). */
const BUSY_TIMEOUT_MS = 5000;
/** A claim older than this was left by a process that died mid-post (posting a briefing takes seconds). */
const STALE_CLAIM_MS = 10 * 60 * 1000;

/** The state database exists but cannot be used as it is: said loudly, never silently replaced. */
export class StateError extends Error {}

export interface Claim {
  digestId: number;
  /** Documents reserved for this digest (hash → file); empty when nothing is new. */
  docs: Array<{ hash: string; file: string }>;
  /** New documents left for the next digest because this one was full. */
  remaining: number;
}

/**
 * The bot's state in SQLite (better-sqlite3) under DATA_DIR: subscriptions and, per channel, which
 * documents each digest carried. Every change is one transaction, and a digest slot is claimed with
 * a UNIQUE row, so two processes sharing the folder never both post the same digest.
 */
export class DigestStore {
  readonly db: Database.Database;
  readonly owner = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private statements = new Map<string, Database.Statement>();

  constructor(dataDir: string, file = 'briefing.db') {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, file);
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
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db
        .transaction(() => {
          this.db.exec(MIGRATIONS[v]!);
          this.db.pragma(`user_version = ${v + 1}`);
        })
        .immediate();
    }
  }

  upsertSubscription(s: Omit<Subscription, 'createdAt' | 'status'>, now = new Date()): Subscription {
    this.sql(
      `INSERT INTO subscriptions (platform, channel_id, channel_name, cron, zone, label, created_at, status, last_error)
         VALUES (@platform, @channelId, @channelName, @cron, @zone, @label, @createdAt, 'active', NULL)
         ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, cron = excluded.cron,
           zone = excluded.zone, label = excluded.label, status = 'active', last_error = NULL`,
    ).run({ ...s, channelName: s.channelName ?? null, createdAt: now.toISOString() });
    return this.subscription(s.platform, s.channelId)!;
  }

  removeSubscription(platform: Platform, channelId: string): boolean {
    return (
      this.sql('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?').run(platform, channelId).changes > 0
    );
  }

  subscription(platform: Platform, channelId: string): Subscription | undefined {
    const r = this.sql('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?').get(platform, channelId) as
      Record<string, string> | undefined;
    return r ? toSubscription(r) : undefined;
  }

  subscriptions(): Subscription[] {
    return (this.sql('SELECT * FROM subscriptions ORDER BY created_at').all() as Array<Record<string, string>>).map(
      toSubscription,
    );
  }

  markFailing(platform: Platform, channelId: string, error: string) {
    this.sql(`UPDATE subscriptions SET status = 'failing', last_error = ? WHERE platform = ? AND channel_id = ?`).run(
      error,
      platform,
      channelId,
    );
  }

  /**
   * Claims one digest slot for a channel and reserves the documents it has not carried yet, in one
   * transaction. Returns undefined when the slot was claimed already (by this or another process).
   */
  claim(
    platform: Platform,
    channelId: string,
    slot: string,
    current: Array<{ hash: string; file: string }>,
    now = new Date(),
    max = Infinity,
  ): Claim | undefined {
    return this.db
      .transaction((): Claim | undefined => {
        const ins = this.sql(
          `INSERT INTO digests (platform, channel_id, slot, state, owner, claimed_at) VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
        ).run(platform, channelId, slot, this.owner, now.toISOString());
        if (ins.changes === 0) return undefined;
        const digestId = Number(ins.lastInsertRowid);
        const seen = new Set(
          (
            this.sql('SELECT doc_hash FROM deliveries WHERE platform = ? AND channel_id = ?').all(
              platform,
              channelId,
            ) as Array<{ doc_hash: string }>
          ).map((r) => r.doc_hash),
        );
        const unseen = current.filter((d) => !seen.has(d.hash));
        // Only what fits is reserved: the rest stays new for this channel and goes in the next digest.
        const fresh = unseen.slice(0, max);
        const reserve = this.sql(
          'INSERT OR IGNORE INTO deliveries (platform, channel_id, doc_hash, doc_file, digest_id) VALUES (?, ?, ?, ?, ?)',
        );
        for (const d of fresh) reserve.run(platform, channelId, d.hash, d.file, digestId);
        if (!fresh.length)
          this.sql(`UPDATE digests SET state = 'empty', finished_at = ? WHERE id = ?`).run(now.toISOString(), digestId);
        else this.sql('UPDATE digests SET doc_count = ? WHERE id = ?').run(fresh.length, digestId);
        return { digestId, docs: fresh, remaining: unseen.length - fresh.length };
      })
      .immediate();
  }

  /** Marks documents as carried without posting them (news too old to announce): they never come up as new. */
  markDelivered(platform: Platform, channelId: string, docs: Array<{ hash: string; file: string }>) {
    const ins = this.sql(
      'INSERT OR IGNORE INTO deliveries (platform, channel_id, doc_hash, doc_file, digest_id) VALUES (?, ?, ?, ?, 0)',
    );
    this.db.transaction(() => {
      for (const d of docs) ins.run(platform, channelId, d.hash, d.file);
    })();
  }

  /** Whether a slot was claimed already (catch-up must not repeat it). */
  hasSlot(platform: Platform, channelId: string, slot: string): boolean {
    return !!this.sql('SELECT 1 FROM digests WHERE platform = ? AND channel_id = ? AND slot = ?').get(
      platform,
      channelId,
      slot,
    );
  }

  markPosted(digestId: number, detail?: string, now = new Date()) {
    this.sql(`UPDATE digests SET state = 'posted', finished_at = ?, detail = ? WHERE id = ?`).run(
      now.toISOString(),
      detail ?? null,
      digestId,
    );
  }

  /** A digest that could not be posted gives its documents back, so the next digest carries them. */
  markFailed(digestId: number, error: string, now = new Date()) {
    this.db
      .transaction(() => {
        this.sql('DELETE FROM deliveries WHERE digest_id = ?').run(digestId);
        this.sql(`UPDATE digests SET state = 'failed', finished_at = ?, detail = ? WHERE id = ?`).run(
          now.toISOString(),
          error,
          digestId,
        );
      })
      .immediate();
  }

  /**
   * Digests left 'claimed' by a process that died mid-post may or may not have reached the channel.
   * They are closed as 'interrupted' and their documents stay delivered: a missed digest is better
   * than a double post.
   */
  closeStaleClaims(olderThanMs = STALE_CLAIM_MS, now = new Date()): number {
    const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
    const rows = this.sql(`SELECT id, owner, claimed_at FROM digests WHERE state = 'claimed'`).all() as Array<{
      id: number;
      owner: string;
      claimed_at: string;
    }>;
    const close = this.sql(`UPDATE digests SET state = 'interrupted', finished_at = ? WHERE id = ?`);
    let n = 0;
    for (const r of rows) {
      if (r.owner === this.owner) continue;
      if (r.claimed_at < cutoff || !processAlive(Number.parseInt(r.owner, 10))) {
        close.run(now.toISOString(), r.id);
        n++;
      }
    }
    return n;
  }

  lastDigest(platform: Platform, channelId: string): DigestRow | undefined {
    const r = this.sql(`SELECT * FROM digests WHERE platform = ? AND channel_id = ? ORDER BY id DESC LIMIT 1`).get(
      platform,
      channelId,
    ) as Record<string, string | number> | undefined;
    return r ? toDigest(r) : undefined;
  }

  lastPosted(platform: Platform, channelId: string): DigestRow | undefined {
    const r = this.sql(
      `SELECT * FROM digests WHERE platform = ? AND channel_id = ? AND state = 'posted' ORDER BY id DESC LIMIT 1`,
    ).get(platform, channelId) as Record<string, string | number> | undefined;
    return r ? toDigest(r) : undefined;
  }

  deliveredHashes(platform: Platform, channelId: string): Set<string> {
    return new Set(
      (
        this.sql('SELECT doc_hash FROM deliveries WHERE platform = ? AND channel_id = ?').all(
          platform,
          channelId,
        ) as Array<{ doc_hash: string }>
      ).map((r) => r.doc_hash),
    );
  }

  /**
   * A per-channel rate limit shared by every process on this database: records the action and
   * returns 0, or returns how many ms remain when it ran less than `intervalMs` ago.
   */
  cooldown(platform: Platform, channelId: string, action: string, intervalMs: number, now = Date.now()): number {
    return this.db
      .transaction((): number => {
        const r = this.sql('SELECT at FROM cooldowns WHERE platform = ? AND channel_id = ? AND action = ?').get(
          platform,
          channelId,
          action,
        ) as { at: number } | undefined;
        if (r && now - r.at < intervalMs) return intervalMs - (now - r.at);
        this.sql(
          'INSERT INTO cooldowns (platform, channel_id, action, at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET at = excluded.at',
        ).run(platform, channelId, action, now);
        return 0;
      })
      .immediate();
  }

  /** Gives a cooldown back (the action did not happen after all). */
  clearCooldown(platform: Platform, channelId: string, action: string) {
    this.sql('DELETE FROM cooldowns WHERE platform = ? AND channel_id = ? AND action = ?').run(
      platform,
      channelId,
      action,
    );
  }

  putShare(id: string, payload: string, now = Date.now(), maxAgeMs = 24 * 3600 * 1000) {
    this.sql('INSERT OR REPLACE INTO shares (id, answer, created_at) VALUES (?, ?, ?)').run(id, payload, now);
    this.sql('DELETE FROM shares WHERE created_at < ?').run(now - maxAgeMs);
  }

  getShare(id: string, now = Date.now(), maxAgeMs = 24 * 3600 * 1000): string | undefined {
    const r = this.sql('SELECT answer, created_at FROM shares WHERE id = ?').get(id) as
      { answer: string; created_at: number } | undefined;
    return r && now - r.created_at <= maxAgeMs ? r.answer : undefined;
  }

  /**
   * A statement prepared once: preparing costs about as much as running these small queries, and a
   * burst of answers stores a share payload each, on the event loop that acknowledges the next commands.
   */
  private sql(query: string): Database.Statement {
    let statement = this.statements.get(query);
    if (!statement) this.statements.set(query, (statement = this.db.prepare(query)));
    return statement;
  }

  close() {
    this.db.close();
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toSubscription(r: Record<string, string>): Subscription {
  return {
    platform: r.platform as Platform,
    channelId: r.channel_id!,
    channelName: r.channel_name ?? undefined,
    cron: r.cron!,
    zone: r.zone!,
    label: r.label!,
    createdAt: r.created_at!,
    status: r.status as Subscription['status'],
    lastError: r.last_error ?? undefined,
  };
}

function toDigest(r: Record<string, string | number>): DigestRow {
  return {
    id: Number(r.id),
    slot: String(r.slot),
    state: r.state as DigestRow['state'],
    claimedAt: String(r.claimed_at),
    finishedAt: r.finished_at ? String(r.finished_at) : undefined,
    docCount: Number(r.doc_count),
    detail: r.detail ? String(r.detail) : undefined,
  };
}
