import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../../src/answers/model';
import type { Poster } from '../../src/digest/poster';
import { DigestScheduler, MAX_DOCUMENTS_PER_BRIEFING, NOW_COOLDOWN_MS } from '../../src/digest/scheduler';
import { openStateStore } from '../../src/state/open';
import { StateError } from '../../src/state/sql';
import type { StateStore } from '../../src/state/types';
import commandsDigest from '../../commands/digest';
import { corpusFrom, tempDir } from '../helpers';

/** A corpus of n small articles, each with its own date so "newest first" is well defined. */
function manyDocs(n: number) {
  const texts: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    texts[`a${String(i).padStart(4, '0')}.md`] =
      `---\ntitle: Article ${i}\ndate: 2026-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z\n---\n\nNorway will send medics number ${i}, Oslo said.\n`;
  return corpusFrom(texts);
}

function recorder(): Poster & { posts: Answer[] } {
  const posts: Answer[] = [];
  return { posts, post: async (_c, a) => void posts.push(a) };
}

const channel = { platform: 'slack' as const, id: 'C1', name: 'news' };

function scheduler(store: StateStore, b = manyDocs(3), clock = () => new Date('2026-03-02T09:00:00Z')) {
  const s = new DigestScheduler(store, {
    defaults: { cron: '0 8 * * *', zone: 'UTC' },
    catchUp: false,
    corpus: () => b,
    clock,
    log: () => undefined,
  });
  const poster = recorder();
  s.posters.set('slack', poster);
  return { s, poster };
}

test('a briefing with more new documents than fit carries the rest over, newest first, and says so', async () => {
  const store = await openStateStore({ dataDir: tempDir() });
  const total = MAX_DOCUMENTS_PER_BRIEFING * 2 + 7;
  const { s, poster } = scheduler(store, manyDocs(total));
  const sub = await store.upsertSubscription({
    platform: 'slack',
    channelId: 'C1',
    cron: '0 8 * * *',
    zone: 'UTC',
    label: '08:00',
  });
  const first = await s.runSlot(sub, 'slot-1');
  expect(first).toEqual({ posted: MAX_DOCUMENTS_PER_BRIEFING, remaining: total - MAX_DOCUMENTS_PER_BRIEFING });
  expect(poster.posts[0]!.summary).toMatch(
    new RegExp(`${total - MAX_DOCUMENTS_PER_BRIEFING} more new documents will come in the next briefing`),
  );
  expect(poster.posts[0]!.sections[0]!.heading).toBe(`Article ${total - 1}`);
  expect((await s.runSlot(sub, 'slot-2'))!.posted).toBe(MAX_DOCUMENTS_PER_BRIEFING);
  expect(await s.runSlot(sub, 'slot-3')).toEqual({ posted: 7, remaining: 0 });
  expect(await s.runSlot(sub, 'slot-4')).toEqual({ posted: 0, remaining: 0 });
  // Every document was briefed exactly once.
  const headings = poster.posts.flatMap((a) => a.sections.filter((x) => x.sameDocument).map((x) => x.heading));
  expect(new Set(headings).size).toBe(total);
  expect(headings.length).toBe(total);
  await store.close();
});

test('/digest now answers with the number it really posted, and cannot be repeated to flood a channel', async () => {
  const store = await openStateStore({ dataDir: tempDir() });
  let now = new Date('2026-03-02T09:00:00Z');
  const b = manyDocs(MAX_DOCUMENTS_PER_BRIEFING + 5);
  const { s, poster } = scheduler(store, b, () => now);
  await s.subscribe(channel, {});
  const first = await s.now(channel);
  expect(first.title).toBe(`Posted a briefing of ${MAX_DOCUMENTS_PER_BRIEFING} documents here.`);
  expect(first.message).toMatch(/5 more new documents will come in the next briefing/);
  const again = await s.now(channel);
  expect(again.status).toBe('usage');
  expect(again.message).toMatch(/try again in 10 minutes/);
  expect(poster.posts).toHaveLength(1);
  // Another channel is not held up by this one.
  const other = { platform: 'slack' as const, id: 'C2' };
  expect((await s.now(other)).status).toBe('ok');
  now = new Date(now.getTime() + NOW_COOLDOWN_MS + 1000);
  expect((await s.now(channel)).title).toBe('Posted a briefing of 5 documents here.');
  // Nothing new is answered at once and does not start the cooldown.
  now = new Date(now.getTime() + 1000);
  expect((await s.now(channel)).message).toMatch(/Nothing new/);
  await s.stop();
  await store.close();
});

test('a second process on the same database follows a schedule changed by the first, and its stale timer posts nothing', async () => {
  const dir = tempDir();
  const storeA = await openStateStore({ dataDir: dir });
  const storeB = await openStateStore({ dataDir: dir });
  const a = scheduler(storeA);
  const b = scheduler(storeB);
  await a.s.subscribe(channel, { time: '08:00' });
  await b.s.start();
  expect(b.s.scheduled('slack', 'C1')).toEqual({ cron: '0 8 * * *', zone: 'UTC' });
  await a.s.subscribe(channel, { time: '17:30', zone: 'Europe/Paris' });
  // B's old 08:00 timer fires before B has re-read the database: it must not post on the old schedule.
  await b.s.onTick('slack', 'C1', new Date('2026-03-02T08:00:00Z'), { cron: '0 8 * * *', zone: 'UTC' });
  expect(b.poster.posts).toHaveLength(0);
  expect(b.s.scheduled('slack', 'C1')).toEqual({ cron: '30 17 * * *', zone: 'Europe/Paris' });
  await a.s.unsubscribe(channel);
  expect(await b.s.reconcile()).toBe(1);
  expect(b.s.scheduled('slack', 'C1')).toBeUndefined();
  await a.s.stop();
  await b.s.stop();
  await storeA.close();
  await storeB.close();
});

describe('a state database that cannot be trusted', () => {
  test('emptied to 0 bytes: refused loudly, never migrated over', async () => {
    const dir = tempDir();
    const s = await openStateStore({ dataDir: dir });
    await s.upsertSubscription({ platform: 'slack', channelId: 'C1', cron: '0 8 * * *', zone: 'UTC', label: '08:00' });
    await s.close();
    writeFileSync(join(dir, 'briefing.db'), '');
    await expect(openStateStore({ dataDir: dir })).rejects.toThrow(StateError);
    await expect(openStateStore({ dataDir: dir })).rejects.toThrow(
      /is empty \(0 bytes\).*Restore it from a backup, or delete it/,
    );
  });

  test('damaged (not a database): refused with the reason', async () => {
    const dir = tempDir({
      'briefing.db': Buffer.from(
        'this is not an SQLite database, just some bytes that were written over it '.repeat(100),
      ),
    });
    await expect(openStateStore({ dataDir: dir })).rejects.toThrow(/cannot be opened \(file is not a database\)/);
  });

  test('a DATA_DIR that cannot be made (a file stands at its path): refused with the reason', async () => {
    const parent = tempDir({ blocked: 'a file, not a folder' });
    await expect(openStateStore({ dataDir: join(parent, 'blocked', 'data') })).rejects.toThrow(/ENOTDIR|EEXIST/);
  });

  test('/digest says why briefings are off instead of asking for a channel; the preview still works', async () => {
    const b = manyDocs(2);
    const ctx = {
      corpus: b,
      limit: 10,
      channel,
      services: { digestUnavailable: 'data/briefing.db is empty (0 bytes)' },
      commands: [],
    };
    const sub = await commandsDigest.run(ctx, { subcommand: 'subscribe' });
    expect(sub.message).toBe('Scheduled briefings are off: data/briefing.db is empty (0 bytes)');
    expect((await commandsDigest.run(ctx, { subcommand: 'preview' })).status).toBe('ok');
  });

  test('an unregistered /digest subcommand is refused, never run as "now"', async () => {
    const store = await openStateStore({ dataDir: tempDir() });
    const { s, poster } = scheduler(store);
    const ctx = { corpus: manyDocs(2), limit: 10, channel, services: { digest: s }, commands: [] };
    const a = await commandsDigest.run(ctx, { subcommand: 'flood' });
    expect(a.status).toBe('usage');
    expect(poster.posts).toHaveLength(0);
    await s.stop();
    await store.close();
  });
});

test('the preview keeps to the line limit (`--limit`) and counts what it left out', async () => {
  const b = manyDocs(12);
  const a = await commandsDigest.run({ corpus: b, limit: 4, services: {}, commands: [] }, {});
  expect(a.sections.flatMap((x) => x.lines ?? []).length).toBeLessThanOrEqual(4);
  expect(a.summary).toMatch(/more documents not shown/);
});

/** Two replicas on one database with 1 s leases, a scheduler on the second, and a clock to move. */
async function twoReplicas(docs: number) {
  const dir = tempDir();
  const b = manyDocs(docs);
  const clock = { now: new Date('2026-03-02T08:00:00Z') };
  const dead = await openStateStore({ dataDir: dir }, { leaseMs: 1000 });
  const alive = await openStateStore({ dataDir: dir }, { leaseMs: 1000 });
  const { s, poster } = scheduler(alive, b, () => clock.now);
  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  const close = async () => {
    await s.stop();
    await dead.close();
    await alive.close();
  };
  return { b, clock, later, dead, alive, s, poster, close };
}

const C1_DAILY = { platform: 'slack', channelId: 'C1', cron: '0 8 * * *', zone: 'UTC', label: '08:00' };

test('a briefing claimed by a replica that stopped is posted by another once its lease runs out, once', async () => {
  const { b, clock, later, dead, alive, s, poster, close } = await twoReplicas(3);
  await alive.upsertSubscription(C1_DAILY);
  // The stopped replica claimed the slot and reserved every document, then posted nothing.
  const claim = (await dead.claim('slack', 'C1', 'slot-1', b.documents, clock.now))!;
  expect(claim.docs).toHaveLength(3);
  expect(await s.takeOverStale()).toBe(0);
  later(1500);
  expect(await s.takeOverStale()).toBe(1);
  expect(poster.posts).toHaveLength(1);
  expect(poster.posts[0]!.sections.filter((x) => x.sameDocument)).toHaveLength(3);
  expect((await alive.lastDigest('slack', 'C1'))!.state).toBe('posted');
  later(60_000);
  expect(await s.takeOverStale()).toBe(0);
  expect(poster.posts).toHaveLength(1);
  await close();
});

test('a briefing left behind for a channel that unsubscribed since is closed, not posted', async () => {
  const { b, clock, later, dead, alive, s, poster, close } = await twoReplicas(2);
  await dead.claim('slack', 'C1', 'slot-1', b.documents, clock.now);
  later(1500);
  expect(await s.takeOverStale()).toBe(1);
  expect(poster.posts).toHaveLength(0);
  expect((await alive.lastDigest('slack', 'C1'))!).toMatchObject({
    state: 'failed',
    detail: 'the channel is no longer subscribed',
  });
  await close();
});

test('a replica whose lease ran out while it still posts (its renewals failed) does not take its own briefing over', async () => {
  const real = await openStateStore({ dataDir: tempDir() }, { leaseMs: 1000 });
  // Renewals that never reach the database.
  const store: StateStore = Object.assign(Object.create(real) as StateStore, { renewClaim: async () => false });
  let now = new Date('2026-03-02T08:00:00Z');
  const b = manyDocs(2);
  const s = new DigestScheduler(store, {
    defaults: { cron: '0 8 * * *', zone: 'UTC' },
    catchUp: false,
    corpus: () => b,
    clock: () => now,
    log: () => undefined,
  });
  let release!: () => void;
  const calls: Answer[] = [];
  s.posters.set('slack', {
    post: (_c, a) => {
      calls.push(a);
      return new Promise<void>((r) => (release = r));
    },
  });
  const sub = await store.upsertSubscription(C1_DAILY);
  const running = s.runSlot(sub, 'slot-1');
  while (!calls.length) await new Promise((r) => setTimeout(r, 5));
  now = new Date(now.getTime() + 5000);
  await s.takeOverStale();
  expect(calls).toHaveLength(1);
  release();
  expect(await running).toEqual({ posted: 2, remaining: 0 });
  expect((await real.lastDigest('slack', 'C1'))!.state).toBe('posted');
  await s.stop();
  await real.close();
});
