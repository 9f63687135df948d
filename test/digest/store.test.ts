import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresDatabase } from '../../src/state/postgres';
import { SCHEMA_VERSION, schemaSteps } from '../../src/state/schema';
import { StateError } from '../../src/state/sql';
import { SqliteDatabase } from '../../src/state/sqlite';
import { SqlStateStore, type StoreOptions } from '../../src/state/store';
import type { StateStore } from '../../src/state/types';
import { freshDatabase } from '../fakes/postgres';
import { tempDir } from '../helpers';

/** One database, opened by as many stores ("replicas") as a test wants, and read directly. */
interface Backend {
  open(opts?: StoreOptions): Promise<StateStore>;
  /** The schema version the database records. */
  version(): Promise<number>;
  /** Writes a schema version, as a newer bot would have. */
  setVersion(v: number): Promise<void>;
  done(): Promise<void>;
}

const sqlite = async (): Promise<Backend> => {
  const dir = tempDir();
  const raw = () => new Database(join(dir, 'briefing.db'));
  return {
    open: (o) => SqlStateStore.open(SqliteDatabase.inFolder(dir), o),
    version: async () => {
      const d = raw();
      const v = d.pragma('user_version', { simple: true }) as number;
      d.close();
      return v;
    },
    setVersion: async (v) => {
      const d = raw();
      d.pragma(`user_version = ${v}`);
      d.close();
    },
    done: async () => undefined,
  };
};

const postgres = async (): Promise<Backend> => {
  const db = await freshDatabase();
  const query = async (q: string, p: unknown[] = []) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(q, p)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    open: (o) => SqlStateStore.open(new PostgresDatabase(db.url), o),
    version: async () => Number((await query('SELECT max(version) AS v FROM schema_migrations'))[0].v),
    setVersion: async (v) => void (await query('INSERT INTO schema_migrations (version) VALUES ($1)', [v])),
    done: db.drop,
  };
};

const docs = (...names: string[]) => names.map((n) => ({ hash: `h-${n}`, file: `${n}.txt` }));
const sub = { platform: 'slack', channelId: 'C1', channelName: 'news', cron: '0 8 * * *', zone: 'UTC', label: '08:00' };
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('the state store on %s', (_name, backend) => {
  let b: Backend;
  const open: StateStore[] = [];
  const store = async (o?: StoreOptions) => {
    const s = await b.open(o);
    open.push(s);
    return s;
  };
  beforeEach(async () => {
    b = await backend();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await b.done();
  });

  test('migrates a new database, keeps subscriptions across reopen, and refuses a newer schema', async () => {
    const a = await b.open();
    await a.upsertSubscription(sub);
    await a.close();
    const again = await store();
    expect(await again.subscriptions()).toEqual([
      expect.objectContaining({ channelId: 'C1', channelName: 'news', status: 'active', label: '08:00' }),
    ]);
    expect(await b.version()).toBe(SCHEMA_VERSION);
    await b.setVersion(SCHEMA_VERSION + 1);
    await expect(b.open()).rejects.toThrow(StateError);
    await expect(b.open()).rejects.toThrow(/newer than this version of the bot knows/);
  });

  test('replicas starting together migrate once', async () => {
    const all = await Promise.all([store(), store(), store()]);
    expect(all).toHaveLength(3);
    expect(await b.version()).toBe(SCHEMA_VERSION);
  });

  test('a slot is claimed once; each document is carried once per channel', async () => {
    const s = await store();
    await s.upsertSubscription(sub);
    const first = (await s.claim('slack', 'C1', 'slot-1', docs('a', 'b')))!;
    expect(first.docs.map((d) => d.file)).toEqual(['a.txt', 'b.txt']);
    expect(await s.claim('slack', 'C1', 'slot-1', docs('a', 'b'))).toBeUndefined();
    await s.markPosted(first.digestId, '2 documents');
    expect((await s.lastPosted('slack', 'C1'))!).toMatchObject({ id: first.digestId, state: 'posted', docCount: 2 });
    expect((await s.claim('slack', 'C1', 'slot-2', docs('a', 'b')))!.docs).toEqual([]);
    expect((await s.lastDigest('slack', 'C1'))!.state).toBe('empty');
    expect((await s.claim('slack', 'C1', 'slot-3', docs('a', 'b', 'c')))!.docs.map((d) => d.file)).toEqual(['c.txt']);
    // Another channel has its own history; a full briefing leaves the rest for the next one.
    const other = (await s.claim('slack', 'C2', 'slot-1', docs('a', 'b', 'c'), T0, 2))!;
    expect(other).toMatchObject({ remaining: 1 });
    expect(other.docs).toHaveLength(2);
    expect(await s.hasSlot('slack', 'C2', 'slot-1')).toBe(true);
    expect(await s.hasSlot('slack', 'C2', 'slot-9')).toBe(false);
    expect(await s.deliveredHashes('slack', 'C2')).toEqual(new Set(['h-a', 'h-b']));
  });

  test('a failed post gives its documents back to the next digest', async () => {
    const s = await store();
    const c = (await s.claim('discord', 'D1', 'slot-1', docs('a')))!;
    await s.markFailed(c.digestId, 'HTTP 500');
    expect((await s.lastDigest('discord', 'D1'))!).toMatchObject({ state: 'failed', detail: 'HTTP 500' });
    expect((await s.claim('discord', 'D1', 'slot-2', docs('a')))!.docs.map((d) => d.file)).toEqual(['a.txt']);
  });

  test('three replicas racing for the same slots: each slot claimed once, each document carried once', async () => {
    const replicas = await Promise.all([store(), store(), store()]);
    const slots = ['s1', 's2', 's3', 's4', 's5'];
    const results = await Promise.all(
      slots.flatMap((slot, i) => replicas.map((r) => r.claim('slack', 'C1', slot, docs(`a${i}`, `b${i}`, 'shared')))),
    );
    const claims = results.filter((c) => c !== undefined);
    expect(claims).toHaveLength(slots.length);
    const carried = claims.flatMap((c) => c.docs.map((d) => d.hash));
    expect(carried.filter((h) => h === 'h-shared')).toHaveLength(1);
    expect(new Set(carried).size).toBe(carried.length);
    expect(new Set(carried).size).toBe(slots.length * 2 + 1);
  });

  test('a replica that stops mid-post: once its lease runs out another takes the briefing over, once, with its documents', async () => {
    const dead = await store({ leaseMs: 1000 });
    const [p, q] = await Promise.all([store({ leaseMs: 1000 }), store({ leaseMs: 1000 })]);
    const c = (await dead.claim('slack', 'C1', 'slot-1', docs('a', 'b'), T0))!;
    // Within the lease nobody takes it.
    expect(await p.takeOverStale(at(500))).toEqual([]);
    const [x, y] = await Promise.all([p.takeOverStale(at(1500)), q.takeOverStale(at(1500))]);
    const taken = [...x, ...y];
    expect(taken).toEqual([
      { digestId: c.digestId, platform: 'slack', channelId: 'C1', slot: 'slot-1', docs: docs('a', 'b') },
    ]);
    // The stopped replica's lease is gone: it cannot renew it.
    expect(await dead.renewClaim(c.digestId, at(1600))).toBe(false);
    const holder = x.length ? p : q;
    expect(await holder.renewClaim(c.digestId, at(1600))).toBe(true);
    await holder.markPosted(c.digestId);
    expect(await p.takeOverStale(at(60_000))).toEqual([]);
    expect((await p.claim('slack', 'C1', 'slot-2', docs('a', 'b'), at(61_000)))!.docs).toEqual([]);
  });

  test('a replica stopping gracefully gives back its leases, except on briefings still being posted', async () => {
    const leaving = await store({ leaseMs: 60_000 });
    const staying = await store({ leaseMs: 60_000 });
    const busy = (await leaving.claim('slack', 'C1', 'slot-1', docs('a'), T0))!;
    const idle = (await leaving.claim('slack', 'C2', 'slot-1', docs('b'), T0))!;
    await leaving.feeds.upsert(
      { name: 'wire', url: 'https://example.org/rss', intervalS: 60, origin: 'chat' },
      T0.getTime(),
    );
    expect(await leaving.feeds.lease('wire', T0.getTime(), 60_000)).toBe(true);
    await leaving.releaseLeases([busy.digestId]);
    const taken = await staying.takeOverStale(at(1000));
    expect(taken.map((t) => t.digestId)).toEqual([idle.digestId]);
    expect(await staying.feeds.lease('wire', T0.getTime() + 1000, 60_000)).toBe(true);
  });

  test('a renewed lease is not taken over', async () => {
    const owner = await store({ leaseMs: 1000 });
    const other = await store({ leaseMs: 1000 });
    const c = (await owner.claim('slack', 'C1', 'slot-1', docs('a'), T0))!;
    expect(await owner.renewClaim(c.digestId, at(900))).toBe(true);
    expect(await other.takeOverStale(at(1500))).toEqual([]);
    expect(await other.takeOverStale(at(2000))).toHaveLength(1);
  });

  test('a claim left long ago is closed, not posted, and its documents go in the next briefing', async () => {
    const dead = await store({ leaseMs: 1000, takeOverWithinMs: 60_000 });
    const next = await store({ leaseMs: 1000, takeOverWithinMs: 60_000 });
    await dead.claim('slack', 'C1', 'slot-1', docs('a'), T0);
    expect(await next.takeOverStale(at(3_600_000))).toEqual([]);
    expect((await next.lastDigest('slack', 'C1'))!.state).toBe('interrupted');
    expect((await next.claim('slack', 'C1', 'slot-2', docs('a'), at(3_600_000)))!.docs).toEqual(docs('a'));
  });

  test('documents marked delivered without a post never come up as new', async () => {
    const s = await store();
    await s.markDelivered('slack', 'C1', docs('old1', 'old2'));
    await s.markDelivered('slack', 'C1', docs('old1', 'old2', 'old3'));
    expect((await s.claim('slack', 'C1', 'slot-1', docs('old1', 'old3', 'new')))!.docs).toEqual(docs('new'));
  });

  test('a channel the bot cannot post to is marked failing; subscribing again reactivates it; unsubscribing removes it', async () => {
    const s = await store();
    await s.upsertSubscription(sub);
    await s.markFailing('slack', 'C1', 'Slack: channel_not_found');
    expect(await s.subscription('slack', 'C1')).toMatchObject({
      status: 'failing',
      lastError: 'Slack: channel_not_found',
    });
    expect((await s.upsertSubscription({ ...sub, cron: '0 9 * * *', label: '09:00' })).status).toBe('active');
    expect(await s.subscription('slack', 'C1')).toMatchObject({ cron: '0 9 * * *', lastError: undefined });
    expect(await s.removeSubscription('slack', 'C1')).toBe(true);
    expect(await s.removeSubscription('slack', 'C1')).toBe(false);
    expect(await s.subscription('slack', 'C1')).toBeUndefined();
  });

  test('a cooldown lets one of many simultaneous askers through, across replicas', async () => {
    const [r1, r2] = await Promise.all([store(), store()]);
    const now = T0.getTime();
    const waits = await Promise.all(
      [r1, r2, r1, r2, r1, r2].map((r) => r.cooldown('slack', 'C1', 'digest-now', 600_000, now)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
    expect(waits.filter((w) => w > 0).every((w) => w === 600_000)).toBe(true);
    expect(await r1.cooldown('slack', 'C1', 'digest-now', 600_000, now + 60_000)).toBe(540_000);
    expect(await r1.cooldown('slack', 'C1', 'digest-now', 600_000, now + 600_000)).toBe(0);
    await r2.clearCooldown('slack', 'C1', 'digest-now');
    expect(await r1.cooldown('slack', 'C1', 'digest-now', 600_000, now + 600_001)).toBe(0);
  });

  test('installations by key; removing a workspace removes its installations and its subscriptions only', async () => {
    const s = await store();
    await s.saveInstallation('slack', 'team:T1', 'T1', '{"bot":{"token":"a"}}');
    await s.saveInstallation('slack', 'team:T1', 'T1', '{"bot":{"token":"b"}}');
    await s.saveInstallation('slack', 'team:T2', 'T2', '{"bot":{"token":"c"}}');
    expect(await s.installation('slack', 'team:T1')).toBe('{"bot":{"token":"b"}}');
    expect(await s.installation('discord', 'team:T1')).toBeUndefined();
    await s.upsertSubscription({ ...sub, channelId: 'C1', workspace: 'T1' });
    await s.upsertSubscription({ ...sub, channelId: 'C2', workspace: 'T2' });
    // Subscribing again without naming the workspace keeps the one it had.
    await s.upsertSubscription({ ...sub, channelId: 'C2', label: '09:00' });
    expect((await s.subscription('slack', 'C2'))!.workspace).toBe('T2');
    expect(await s.removeWorkspace('slack', 'T2')).toBe(1);
    expect(await s.installation('slack', 'team:T2')).toBeUndefined();
    expect(await s.installation('slack', 'team:T1')).toBeDefined();
    expect((await s.subscriptions()).map((x) => x.channelId)).toEqual(['C1']);
  });

  test('share payloads survive a reopen and expire', async () => {
    const s = await store();
    const now = T0.getTime();
    await s.putShare('id-1', '{"x":1}', now, 1000);
    expect(await s.getShare('id-1', now + 10, 1000)).toBe('{"x":1}');
    expect(await s.getShare('id-1', now + 2000, 1000)).toBeUndefined();
    await s.putShare('id-1', '{"x":2}', now + 5000, 1000);
    const again = await store();
    expect(await again.getShare('id-1', now + 5010, 1000)).toBe('{"x":2}');
    expect(await again.getShare('nope', now, 1000)).toBeUndefined();
  });

  test('feeds: one replica of several holds a due feed; fetching releases it; items are found by GUID, URL and content', async () => {
    const [r1, r2, r3] = await Promise.all([store(), store(), store()]);
    const now = T0.getTime();
    await r1.feeds.upsert({ name: 'wire', url: 'https://example.org/rss', intervalS: 3600, origin: 'chat' }, now);
    expect((await r2.feeds.due(now)).map((f) => f.name)).toEqual(['wire']);
    const got = await Promise.all([r1, r2, r3].map((r) => r.feeds.lease('wire', now, 60_000)));
    expect(got.filter(Boolean)).toHaveLength(1);
    const holder = [r1, r2, r3][got.indexOf(true)]!;
    const other = [r1, r2, r3][(got.indexOf(true) + 1) % 3]!;
    expect(await other.feeds.due(now + 1000)).toEqual([]);
    expect(await other.feeds.renewLease('wire', now + 1000, 60_000)).toBe(false);
    expect(await holder.feeds.renewLease('wire', now + 1000, 60_000)).toBe(true);
    const item = {
      feed: 'wire',
      guid: 'g1',
      url: 'https://example.org/a1',
      hash: 'hash-1',
      file: 'wire/a1.md',
      publishedAt: '2026-03-02',
    };
    await holder.feeds.record(item, now);
    await holder.feeds.fetched('wire', { etag: '"e1"', added: 1, nextAt: now + 3_600_000 }, now);
    expect(await other.feeds.get('wire')).toMatchObject({
      etag: '"e1"',
      items: 1,
      failures: 0,
      nextAt: now + 3_600_000,
    });
    expect(await other.feeds.due(now + 1000)).toEqual([]);
    expect((await other.feeds.due(now + 3_600_000)).map((f) => f.name)).toEqual(['wire']);
    expect(await other.feeds.seen('wire', 'g1')).toEqual(item);
    expect((await other.feeds.seenUrl('https://example.org/a1'))?.guid).toBe('g1');
    expect((await other.feeds.seenHash('hash-1'))?.guid).toBe('g1');
    expect(await other.feeds.seen('wire', 'g2')).toBeUndefined();
    // A replica that stops mid-fetch: its lease runs out and another fetches the feed.
    expect(await r1.feeds.lease('wire', now + 3_600_000, 1000)).toBe(true);
    expect(await r2.feeds.lease('wire', now + 3_600_500, 1000)).toBe(false);
    expect(await r2.feeds.lease('wire', now + 3_601_001, 1000)).toBe(true);
    await r2.feeds.failed('wire', 'HTTP 503', now + 7_200_000, false, now + 3_601_002);
    expect(await r3.feeds.get('wire')).toMatchObject({ failures: 1, lastError: 'HTTP 503', paused: false });
    expect((await r3.feeds.all()).map((f) => f.name)).toEqual(['wire']);
    expect((await r3.feeds.byUrl('https://example.org/rss'))?.name).toBe('wire');
    expect(await r3.feeds.remove('wire')).toBe(true);
    expect(await r3.feeds.all()).toEqual([]);
  });
});

test('an unreachable PostgreSQL is a StateError naming DATABASE_URL', async () => {
  await expect(SqlStateStore.open(new PostgresDatabase('postgres://nobody:x@127.0.0.1:1/none'))).rejects.toThrow(
    /DATABASE_URL cannot be reached/,
  );
});

test('an SQLite database of the previous release (schema 3) is upgraded in place: its subscription kept, its open claim taken over once the lease runs out', async () => {
  const dir = tempDir();
  const old = new Database(join(dir, 'briefing.db'));
  for (const step of schemaSteps('sqlite').slice(0, 3)) old.exec(step);
  old.pragma('user_version = 3');
  old
    .prepare(
      `INSERT INTO subscriptions (platform, channel_id, cron, zone, label, created_at) VALUES ('slack', 'C1', '0 8 * * *', 'UTC', '08:00', ?)`,
    )
    .run(T0.toISOString());
  old
    .prepare(
      `INSERT INTO digests (platform, channel_id, slot, state, owner, claimed_at) VALUES ('slack', 'C1', 'slot-1', 'claimed', '123-old', ?)`,
    )
    .run(T0.toISOString());
  old.prepare(`INSERT INTO deliveries VALUES ('slack', 'C1', 'h-a', 'a.txt', 1)`).run();
  old.close();
  const s = await SqlStateStore.open(SqliteDatabase.inFolder(dir));
  expect((await s.subscriptions()).map((x) => x.channelId)).toEqual(['C1']);
  expect(await s.takeOverStale(at(1000))).toEqual([
    { digestId: 1, platform: 'slack', channelId: 'C1', slot: 'slot-1', docs: docs('a') },
  ]);
  await s.close();
});
