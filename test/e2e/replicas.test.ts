import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { articlePage, FeedServer } from '../fakes/feedServer';
import { FakeSlack, signedHeaders, slackBotEnv, slashCommandBody } from '../fakes/fakeSlack';
import { freePort } from '../fakes/ports';
import { freshDatabase } from '../fakes/postgres';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

jest.setTimeout(120_000);

/** Waits for a probe (which may query the database) to give a value. */
async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const story = (title: string, who: string) =>
  articlePage(title, [
    `${who} will send engineers to rebuild the bridge, the foreign ministry said on Monday in a statement.`,
    `Officials in ${who} argued that the work could start within weeks, once the funding is agreed by parliament.`,
    'The decision follows months of talks between the two governments over the future of the crossing.',
  ]);

const rss = (web: FeedServer, items: Array<[guid: string, title: string, path: string, date: string]>) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://x/</link>${items
    .map(
      ([g, t, p, d]) =>
        `<item><title>${t}</title><guid>${g}</guid><link>${web.url(p)}</link><pubDate>${d}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

/**
 * Three real bot processes on one PostgreSQL, the local fake Slack and a local feed server, sharing
 * the corpus and feeds folders: over several scheduled briefings, with the replica posting one of
 * them killed (SIGKILL) while its post is under way, each channel gets each briefing once and every
 * document once, and every feed article is fetched once.
 */
test('replicas on one PostgreSQL: each briefing once, each document once, each feed item fetched once, a replica killed mid-post', async () => {
  const db = await freshDatabase();
  const slack = new FakeSlack();
  const web = new FeedServer();
  await Promise.all([slack.start(), web.start()]);
  const corpus = tempDir();
  const feedsDir = tempDir();
  mkdirSync(corpus, { recursive: true });
  cpSync(join(SEEDS, '000_7be51bb2aaf4d83e.txt'), join(corpus, 'seed.txt'));
  const items: Array<[string, string, string, string]> = [];
  const publish = (n: number) => {
    items.push([`g${n}`, `Wire story ${n}`, `/p${n}`, new Date().toUTCString()]);
    web.serve(
      `/p${n}`,
      story(`Wire story ${n}`, ['Norway', 'Sweden', 'Finland', 'Denmark', 'Iceland'][n % 5]!),
      'text/html',
    );
    web.serve('/wire.xml', rss(web, items), 'application/rss+xml');
  };
  // Nothing yet: items published before a channel subscribed are not announced to it.
  web.serve('/wire.xml', rss(web, []), 'application/rss+xml');
  const feedsFile = join(tempDir(), 'feeds.json');
  writeFileSync(feedsFile, JSON.stringify([{ url: web.url('/wire.xml'), name: 'wire', every: '2s' }]));
  const bots: BotProcess[] = [];
  const ports: number[] = [];
  const sql = new pg.Client({ connectionString: db.url });
  try {
    for (let i = 0; i < 3; i++) {
      ports.push(await freePort());
      const bot = new BotProcess(
        slackBotEnv(slack, ports[i]!, 'secret', {
          CORPUS_DIR: corpus,
          DATA_DIR: tempDir(),
          FEEDS_DIR: feedsDir,
          DATABASE_URL: db.url,
          DIGEST_SCHEDULE: '*/3 * * * * *',
          DIGEST_SLACK_CHANNEL: 'C1',
          STATE_LEASE_SECONDS: '2',
          FEEDS_FILE: feedsFile,
          FEEDS_ALLOW_PRIVATE: 'true',
          FEEDS_MIN_INTERVAL: '1',
          LOG_FORMAT: 'json',
        }),
      );
      bots.push(bot);
      await bot.waitForLog(/Slack: listening/);
    }
    await sql.connect();
    await until('C1 subscribed', async () => (await sql.query(`SELECT 1 FROM subscriptions`)).rowCount || undefined);
    // A second channel subscribes in chat, through the third replica; every replica's clock picks it up.
    const body = slashCommandBody('/digest', 'subscribe', slack.responseUrl('sub-c2'), {
      channel_id: 'C2',
      channel_name: 'second',
    });
    await fetch(`http://127.0.0.1:${ports[2]}/slack/events`, {
      method: 'POST',
      headers: signedHeaders('secret', body),
      body,
    });
    await until('C2 subscribed', () => slack.responses.find((r) => r.path === 'sub-c2'));
    // Feed dates are to the second: stories dated in the second a channel subscribed count as older.
    await new Promise((r) => setTimeout(r, 1100));
    publish(1);
    publish(2);
    const top = (channel: string) => slack.posts().filter((p) => p.body.channel === channel && !p.body.thread_ts);
    const text = (channel: string) =>
      slack
        .posts()
        .filter((p) => p.body.channel === channel)
        .map((p) => JSON.stringify(p.body.blocks))
        .join('\n');
    const countIn = (channel: string, s: string) => text(channel).split(s).length - 1;
    // Briefed in both channels (the checks below say: once each).
    const count = (s: string) => Math.min(countIn('C1', s), countIn('C2', s));
    // The first briefing, with the wire's first stories.
    await until(
      'the wire stories briefed',
      () => (count('Wire story 1') && count('Wire story 2')) || undefined,
      30_000,
    );

    // The next briefing is held in Slack (posted, not yet answered) and its replica killed.
    slack.holdPosts = { times: 1, ms: 4000, held: 0 };
    publish(3);
    await until('a post under way', () => slack.holdPosts.held || undefined, 30_000);
    const claimed = await until(
      'its claim',
      async () =>
        (await sql.query<{ id: string; owner: string }>(`SELECT id, owner FROM digests WHERE state = 'claimed'`))
          .rows[0],
    );
    const pid = Number(claimed.owner.split(':')[1]);
    // The comma ends the number: pid 123 must not match "pid":1234.
    const victim = bots.find((b) => b.err.includes(`"pid":${pid},`))!;
    expect(victim).toBeDefined();
    await victim.stop('SIGKILL');
    // Another replica takes it over once the lease runs out, and finds it was posted already.
    await until(
      'the take-over',
      async () =>
        (await sql.query(`SELECT 1 FROM digests WHERE id = $1 AND state = 'posted'`, [claimed.id])).rowCount ||
        undefined,
      30_000,
    );
    expect(bots.filter((b) => b !== victim).some((b) => /taking over the briefing/.test(b.err))).toBe(true);

    // Life goes on with two replicas: a new story and a new file are briefed once.
    publish(4);
    writeFileSync(
      join(corpus, 'late.md'),
      '---\ntitle: Late file\n---\nIceland will host the talks next month, Reykjavik said.\n',
    );
    await until('the later news briefed', () => (count('Wire story 4') && count('Late file')) || undefined, 30_000);
    await new Promise((r) => setTimeout(r, 4000));

    for (const channel of ['C1', 'C2']) {
      // Each briefing posted once: one first message per key.
      const keys = top(channel).map(
        (p) => (p.body.metadata as { event_payload: { key: string; part: number } }).event_payload,
      );
      expect(keys.every((k) => k.part === 0)).toBe(true);
      expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
      expect(keys.length).toBeGreaterThanOrEqual(3);
      // Each document once in the channel.
      for (const title of ['Wire story 1', 'Wire story 2', 'Wire story 3', 'Wire story 4', 'Late file'])
        expect([channel, title, countIn(channel, title)]).toEqual([channel, title, 1]);
    }
    // Each feed article fetched once, by one replica.
    for (const n of [1, 2, 3, 4]) expect([n, web.hits(`/p${n}`).length]).toEqual([n, 1]);
    // Nothing left claimed.
    expect((await sql.query(`SELECT id FROM digests WHERE state = 'claimed'`)).rowCount).toBe(0);
  } finally {
    await sql.end().catch(() => undefined);
    for (const b of bots) await b.stop();
    await Promise.all([slack.stop(), web.stop()]);
    await db.drop();
  }
});
