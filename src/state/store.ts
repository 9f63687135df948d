import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { schemaSteps } from './schema';
import type { Sql, SqlDatabase } from './sql';
import type {
  Claim,
  DigestRow,
  DocRef,
  Feed,
  FeedState,
  Platform,
  SeenItem,
  StateStore,
  Subscription,
  TakenOver,
} from './types';

/** How long a claimed briefing stays this replica's without a renewal (posting one takes seconds). */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;
/**
 * A briefing whose replica died is posted by another only while it is this fresh; an older one
 * (the whole deployment was down) is closed, and its documents go in the channel's next briefing.
 */
export const TAKE_OVER_WITHIN_MS = 30 * 60 * 1000;

export interface StoreOptions {
  leaseMs?: number;
  takeOverWithinMs?: number;
}

type Row = Record<string, string | number | null>;

/**
 * The state store's queries, written once for both databases: every change is one transaction, a
 * digest slot is claimed with a UNIQUE row, and each channel's claims are serialised, so replicas
 * sharing the database never both post the same briefing.
 */
export class SqlStateStore implements StateStore {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly feeds: FeedState;
  readonly leaseMs: number;
  private readonly takeOverWithinMs: number;

  private constructor(
    private readonly db: SqlDatabase,
    opts: StoreOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? CLAIM_LEASE_MS;
    this.takeOverWithinMs = opts.takeOverWithinMs ?? TAKE_OVER_WITHIN_MS;
    this.feeds = new SqlFeedState(db, this.owner);
  }

  /** The store on a database, its schema brought up to date first. */
  static async open(db: SqlDatabase, opts: StoreOptions = {}): Promise<SqlStateStore> {
    try {
      await db.migrate(schemaSteps(db.dialect));
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
    return new SqlStateStore(db, opts);
  }

  get dialect() {
    return this.db.dialect;
  }

  async upsertSubscription(s: Omit<Subscription, 'createdAt' | 'status'>, now = new Date()): Promise<Subscription> {
    await this.db.run(
      `INSERT INTO subscriptions (platform, channel_id, channel_name, workspace, cron, zone, label, created_at, status, last_error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL)
         ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name,
           workspace = COALESCE(excluded.workspace, subscriptions.workspace), cron = excluded.cron,
           zone = excluded.zone, label = excluded.label, status = 'active', last_error = NULL`,
      s.platform,
      s.channelId,
      s.channelName ?? null,
      s.workspace ?? null,
      s.cron,
      s.zone,
      s.label,
      now.toISOString(),
    );
    return (await this.subscription(s.platform, s.channelId))!;
  }

  async removeSubscription(platform: Platform, channelId: string): Promise<boolean> {
    return (
      (await this.db.run('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?', platform, channelId)) > 0
    );
  }

  async subscription(platform: Platform, channelId: string): Promise<Subscription | undefined> {
    const r = await this.db.get<Row>(
      'SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?',
      platform,
      channelId,
    );
    return r ? toSubscription(r) : undefined;
  }

  async subscriptions(): Promise<Subscription[]> {
    return (await this.db.all<Row>('SELECT * FROM subscriptions ORDER BY created_at, platform, channel_id')).map(
      toSubscription,
    );
  }

  async markFailing(platform: Platform, channelId: string, error: string): Promise<void> {
    await this.db.run(
      `UPDATE subscriptions SET status = 'failing', last_error = ? WHERE platform = ? AND channel_id = ?`,
      error,
      platform,
      channelId,
    );
  }

  claim(
    platform: Platform,
    channelId: string,
    slot: string,
    current: DocRef[],
    now = new Date(),
    max = Infinity,
  ): Promise<Claim | undefined> {
    return this.db.transaction(async (tx): Promise<Claim | undefined> => {
      const ins = await tx.get<{ id: number }>(
        `INSERT INTO digests (platform, channel_id, slot, state, owner, claimed_at, lease_until) VALUES (?, ?, ?, 'claimed', ?, ?, ?)
           ON CONFLICT DO NOTHING RETURNING id`,
        platform,
        channelId,
        slot,
        this.owner,
        now.toISOString(),
        now.getTime() + this.leaseMs,
      );
      if (!ins) return undefined;
      const digestId = Number(ins.id);
      const seen = await deliveredIn(tx, platform, channelId);
      const unseen = current.filter((d) => !seen.has(d.hash));
      // Only what fits is reserved: the rest stays new for this channel and goes in the next digest.
      const fresh = unseen.slice(0, max);
      for (const d of fresh)
        await tx.run(
          'INSERT INTO deliveries (platform, channel_id, doc_hash, doc_file, digest_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          platform,
          channelId,
          d.hash,
          d.file,
          digestId,
        );
      if (!fresh.length)
        await tx.run(`UPDATE digests SET state = 'empty', finished_at = ? WHERE id = ?`, now.toISOString(), digestId);
      else await tx.run('UPDATE digests SET doc_count = ? WHERE id = ?', fresh.length, digestId);
      return { digestId, docs: fresh, remaining: unseen.length - fresh.length };
    }, `digest:${platform}:${channelId}`);
  }

  async renewClaim(digestId: number, now = new Date()): Promise<boolean> {
    return (
      (await this.db.run(
        `UPDATE digests SET lease_until = ? WHERE id = ? AND owner = ? AND state = 'claimed'`,
        now.getTime() + this.leaseMs,
        digestId,
        this.owner,
      )) > 0
    );
  }

  async takeOverStale(now = new Date()): Promise<TakenOver[]> {
    const t = now.getTime();
    const stale = await this.db.all<Row>(
      `SELECT id, platform, channel_id, slot, claimed_at FROM digests WHERE state = 'claimed' AND lease_until < ? ORDER BY id`,
      t,
    );
    const taken: TakenOver[] = [];
    for (const r of stale) {
      const id = Number(r.id);
      const fresh = t - Date.parse(String(r.claimed_at)) <= this.takeOverWithinMs;
      const got = await this.db.transaction(async (tx) => {
        // The lease is checked again in the update: of replicas racing for it, one changes the row.
        const changed = fresh
          ? await tx.run(
              `UPDATE digests SET owner = ?, lease_until = ? WHERE id = ? AND state = 'claimed' AND lease_until < ?`,
              this.owner,
              t + this.leaseMs,
              id,
              t,
            )
          : await tx.run(
              `UPDATE digests SET state = 'interrupted', finished_at = ? WHERE id = ? AND state = 'claimed' AND lease_until < ?`,
              now.toISOString(),
              id,
              t,
            );
        if (!changed) return undefined;
        if (!fresh) {
          await tx.run('DELETE FROM deliveries WHERE digest_id = ?', id);
          return undefined;
        }
        return tx.all<{ doc_hash: string; doc_file: string }>(
          'SELECT doc_hash, doc_file FROM deliveries WHERE digest_id = ? ORDER BY doc_file',
          id,
        );
      });
      if (got)
        taken.push({
          digestId: id,
          platform: String(r.platform),
          channelId: String(r.channel_id),
          slot: String(r.slot),
          docs: got.map((d) => ({ hash: d.doc_hash, file: d.doc_file })),
        });
    }
    return taken;
  }

  async releaseLeases(keep: number[] = []): Promise<void> {
    await this.db.run(
      `UPDATE digests SET lease_until = 0 WHERE owner = ? AND state = 'claimed'${keep.length ? ` AND id NOT IN (${keep.map(() => '?').join(', ')})` : ''}`,
      this.owner,
      ...keep,
    );
    await this.db.run('UPDATE feeds SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?', this.owner);
  }

  async markDelivered(platform: Platform, channelId: string, docs: DocRef[]): Promise<void> {
    if (!docs.length) return;
    await this.db.transaction(async (tx) => {
      // Most are marked already (every run passes every old document): only the rest are written.
      const known = await deliveredIn(tx, platform, channelId);
      for (const d of docs)
        if (!known.has(d.hash)) {
          known.add(d.hash);
          await tx.run(
            'INSERT INTO deliveries (platform, channel_id, doc_hash, doc_file, digest_id) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING',
            platform,
            channelId,
            d.hash,
            d.file,
          );
        }
    }, `digest:${platform}:${channelId}`);
  }

  async hasSlot(platform: Platform, channelId: string, slot: string): Promise<boolean> {
    return !!(await this.db.get(
      'SELECT 1 AS x FROM digests WHERE platform = ? AND channel_id = ? AND slot = ?',
      platform,
      channelId,
      slot,
    ));
  }

  async markPosted(digestId: number, detail?: string, now = new Date()): Promise<void> {
    await this.db.run(
      `UPDATE digests SET state = 'posted', finished_at = ?, detail = ? WHERE id = ?`,
      now.toISOString(),
      detail ?? null,
      digestId,
    );
  }

  async markFailed(digestId: number, error: string, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM deliveries WHERE digest_id = ?', digestId);
      await tx.run(
        `UPDATE digests SET state = 'failed', finished_at = ?, detail = ? WHERE id = ?`,
        now.toISOString(),
        error,
        digestId,
      );
    });
  }

  async lastDigest(platform: Platform, channelId: string): Promise<DigestRow | undefined> {
    const r = await this.db.get<Row>(
      `SELECT * FROM digests WHERE platform = ? AND channel_id = ? ORDER BY id DESC LIMIT 1`,
      platform,
      channelId,
    );
    return r ? toDigest(r) : undefined;
  }

  async lastPosted(platform: Platform, channelId: string): Promise<DigestRow | undefined> {
    const r = await this.db.get<Row>(
      `SELECT * FROM digests WHERE platform = ? AND channel_id = ? AND state = 'posted' ORDER BY id DESC LIMIT 1`,
      platform,
      channelId,
    );
    return r ? toDigest(r) : undefined;
  }

  deliveredHashes(platform: Platform, channelId: string): Promise<Set<string>> {
    return deliveredIn(this.db, platform, channelId);
  }

  async cooldown(
    platform: Platform,
    channelId: string,
    action: string,
    intervalMs: number,
    now = Date.now(),
  ): Promise<number> {
    // One statement decides, so two replicas asking at once cannot both pass.
    const took = await this.db.run(
      `INSERT INTO cooldowns (platform, channel_id, action, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, channel_id, action) DO UPDATE SET at = excluded.at WHERE cooldowns.at <= ?`,
      platform,
      channelId,
      action,
      now,
      now - intervalMs,
    );
    if (took) return 0;
    const r = await this.db.get<{ at: number }>(
      'SELECT at FROM cooldowns WHERE platform = ? AND channel_id = ? AND action = ?',
      platform,
      channelId,
      action,
    );
    return r ? Math.max(1, intervalMs - (now - Number(r.at))) : 0;
  }

  async clearCooldown(platform: Platform, channelId: string, action: string): Promise<void> {
    await this.db.run(
      'DELETE FROM cooldowns WHERE platform = ? AND channel_id = ? AND action = ?',
      platform,
      channelId,
      action,
    );
  }

  async saveInstallation(platform: Platform, key: string, workspace: string | undefined, payload: string) {
    await this.db.run(
      `INSERT INTO installations (platform, install_key, workspace, installation, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, install_key) DO UPDATE SET workspace = excluded.workspace,
           installation = excluded.installation, updated_at = excluded.updated_at`,
      platform,
      key,
      workspace ?? null,
      payload,
      Date.now(),
    );
  }

  async installation(platform: Platform, key: string): Promise<string | undefined> {
    const r = await this.db.get<{ installation: string }>(
      'SELECT installation FROM installations WHERE platform = ? AND install_key = ?',
      platform,
      key,
    );
    return r?.installation;
  }

  removeWorkspace(platform: Platform, workspace: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM installations WHERE platform = ? AND workspace = ?', platform, workspace);
      return tx.run('DELETE FROM subscriptions WHERE platform = ? AND workspace = ?', platform, workspace);
    });
  }

  async putShare(id: string, payload: string, now = Date.now(), maxAgeMs = 24 * 3600 * 1000): Promise<void> {
    await this.db.run(
      `INSERT INTO shares (id, answer, created_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET answer = excluded.answer, created_at = excluded.created_at`,
      id,
      payload,
      now,
    );
    await this.db.run('DELETE FROM shares WHERE created_at < ?', now - maxAgeMs);
  }

  async getShare(id: string, now = Date.now(), maxAgeMs = 24 * 3600 * 1000): Promise<string | undefined> {
    const r = await this.db.get<{ answer: string; created_at: number }>(
      'SELECT answer, created_at FROM shares WHERE id = ?',
      id,
    );
    return r && now - Number(r.created_at) <= maxAgeMs ? r.answer : undefined;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** The documents (by content hash) a channel's briefings carried or reserved. */
async function deliveredIn(sql: Sql, platform: Platform, channelId: string): Promise<Set<string>> {
  const rows = await sql.all<{ doc_hash: string }>(
    'SELECT doc_hash FROM deliveries WHERE platform = ? AND channel_id = ?',
    platform,
    channelId,
  );
  return new Set(rows.map((r) => r.doc_hash));
}

const FEED_COLUMNS = 'feed, guid, url, hash, file, published_at AS "publishedAt"';

class SqlFeedState implements FeedState {
  constructor(
    private db: SqlDatabase,
    private owner: string,
  ) {}

  async upsert(f: Pick<Feed, 'name' | 'url' | 'intervalS' | 'origin'>, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO feeds (name, url, interval_s, origin, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET url = excluded.url, interval_s = excluded.interval_s, paused = 0, failures = 0, last_error = NULL,
           next_at = CASE WHEN feeds.url = excluded.url THEN feeds.next_at ELSE excluded.next_at END`,
      f.name,
      f.url,
      f.intervalS,
      f.origin,
      now,
      now,
    );
  }

  async remove(name: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM feeds WHERE name = ?', name)) > 0;
  }

  async get(name: string): Promise<Feed | undefined> {
    const r = await this.db.get<Row>('SELECT * FROM feeds WHERE name = ?', name);
    return r && toFeed(r);
  }

  async byUrl(url: string): Promise<Feed | undefined> {
    const r = await this.db.get<Row>('SELECT * FROM feeds WHERE url = ? ORDER BY name LIMIT 1', url);
    return r && toFeed(r);
  }

  async all(): Promise<Feed[]> {
    return (await this.db.all<Row>('SELECT * FROM feeds ORDER BY name')).map(toFeed);
  }

  async due(now = Date.now()): Promise<Feed[]> {
    return (
      await this.db.all<Row>(
        'SELECT * FROM feeds WHERE paused = 0 AND next_at <= ? AND lease_until < ? ORDER BY next_at, name',
        now,
        now,
      )
    ).map(toFeed);
  }

  async lease(name: string, now: number, leaseMs: number): Promise<boolean> {
    return (
      (await this.db.run(
        'UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE name = ? AND paused = 0 AND next_at <= ? AND lease_until < ?',
        this.owner,
        now + leaseMs,
        name,
        now,
        now,
      )) > 0
    );
  }

  async renewLease(name: string, now: number, leaseMs: number): Promise<boolean> {
    return (
      (await this.db.run(
        'UPDATE feeds SET lease_until = ? WHERE name = ? AND lease_owner = ? AND lease_until >= ?',
        now + leaseMs,
        name,
        this.owner,
        now,
      )) > 0
    );
  }

  async fetched(
    name: string,
    v: { etag?: string; lastModified?: string; added: number; nextAt: number },
    now = Date.now(),
  ): Promise<void> {
    await this.db.run(
      `UPDATE feeds SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), last_fetch_at = ?, last_ok_at = ?,
         items = items + ?, failures = 0, last_error = NULL, next_at = ?, lease_owner = NULL, lease_until = 0 WHERE name = ?`,
      v.etag ?? null,
      v.lastModified ?? null,
      now,
      now,
      v.added,
      v.nextAt,
      name,
    );
  }

  async failed(name: string, error: string, nextAt: number, pause: boolean, now = Date.now()): Promise<void> {
    await this.db.run(
      `UPDATE feeds SET last_fetch_at = ?, failures = failures + 1, last_error = ?, next_at = ?, paused = ?,
         lease_owner = NULL, lease_until = 0 WHERE name = ?`,
      now,
      error.slice(0, 500),
      nextAt,
      pause ? 1 : 0,
      name,
    );
  }

  async seen(feed: string, guid: string): Promise<SeenItem | undefined> {
    return seenItem(
      await this.db.get<Row>(`SELECT ${FEED_COLUMNS} FROM feed_items WHERE feed = ? AND guid = ?`, feed, guid),
    );
  }

  async seenUrl(url: string): Promise<SeenItem | undefined> {
    return seenItem(await this.db.get<Row>(`SELECT ${FEED_COLUMNS} FROM feed_items WHERE url = ? LIMIT 1`, url));
  }

  async seenHash(hash: string): Promise<SeenItem | undefined> {
    return seenItem(await this.db.get<Row>(`SELECT ${FEED_COLUMNS} FROM feed_items WHERE hash = ? LIMIT 1`, hash));
  }

  async record(item: SeenItem, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO feed_items (feed, guid, url, hash, file, published_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (feed, guid) DO UPDATE SET url = excluded.url, hash = excluded.hash, file = excluded.file, published_at = excluded.published_at`,
      item.feed,
      item.guid,
      item.url ?? null,
      item.hash,
      item.file,
      item.publishedAt ?? null,
      now,
    );
  }
}

const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));

function seenItem(r: Row | undefined): SeenItem | undefined {
  if (!r) return undefined;
  return {
    feed: String(r.feed),
    guid: String(r.guid),
    url: opt<string>(r.url),
    hash: String(r.hash),
    file: String(r.file),
    publishedAt: opt<string>(r.publishedAt),
  };
}

function toSubscription(r: Row): Subscription {
  return {
    platform: String(r.platform),
    channelId: String(r.channel_id),
    channelName: opt<string>(r.channel_name),
    workspace: opt<string>(r.workspace),
    cron: String(r.cron),
    zone: String(r.zone),
    label: String(r.label),
    createdAt: String(r.created_at),
    status: r.status === 'failing' ? 'failing' : 'active',
    lastError: opt<string>(r.last_error),
  };
}

function toDigest(r: Row): DigestRow {
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

function toFeed(r: Row): Feed {
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
