import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../../src/feeds/fetch';
import { FeedPoller, MAX_FAILURES } from '../../src/feeds/poller';
import { Feeds } from '../../src/feeds/service';
import { openStateStore } from '../../src/state/open';
import { readFrontMatter } from '../../src/corpus/frontMatter';
import { articlePage, FeedServer } from '../fakes/feedServer';
import { tempDir } from '../helpers';

const server = new FeedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

async function setup() {
  const state = await openStateStore({ dataDir: tempDir() });
  const store = state.feeds;
  const dir = tempDir();
  let clock = Date.parse('2026-03-02T08:00:00Z');
  const poller = new FeedPoller({
    store,
    dir,
    limits: { ...DEFAULT_LIMITS, allowPrivate: true },
    log: () => undefined,
    now: () => clock,
  });
  const feeds = new Feeds({ store, poller, admins: [], minIntervalS: 1, defaultIntervalS: 3600, now: () => clock });
  const files = () =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  return { state, store, dir, poller, feeds, files, tick: (ms: number) => (clock += ms) };
}

/** An RSS feed of the given items, each linking an article page on the local server. */
function rss(items: Array<{ guid: string; title: string; path?: string; body?: string; date?: string }>) {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Example Wire</title><link>http://x/</link>${items
    .map(
      (i) =>
        `<item><title>${i.title}</title><guid>${i.guid}</guid>${i.path ? `<link>${server.url(i.path)}</link>` : ''}<description>${i.body ?? 'Summary only.'}</description><pubDate>${i.date ?? 'Mon, 02 Mar 2026 07:00:00 GMT'}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
}

const story = (who: string) => [
  `${who} will send engineers to rebuild the bridge, the foreign ministry said on Monday in a statement.`,
  `Officials in ${who} argued that the work could start within weeks, once the funding is agreed by parliament.`,
  'The decision follows months of talks between the two governments over the future of the crossing and its cost to taxpayers.',
];

test('a feed added in chat: its articles are read in reader view and written once as documents with source and link', async () => {
  const { feeds, files, store } = await setup();
  server.serve('/a1', articlePage('Norway pledges engineers', story('Norway')), 'text/html');
  server.serve('/a2', articlePage('Sweden pledges engineers', story('Sweden')), 'text/html');
  server.serve(
    '/wire.xml',
    rss([
      { guid: 'g1', title: 'Norway pledges engineers', path: '/a1' },
      { guid: 'g2', title: 'Sweden pledges engineers', path: '/a2' },
    ]),
    'application/rss+xml',
    { etag: '"w1"' },
  );
  const a = await feeds.add(server.url('/wire.xml'), 'wire', 'every 15m');
  expect(a.status).toBe('ok');
  expect(a.message).toMatch(/2 articles read now/);
  const docs = files();
  expect(docs).toHaveLength(2);
  const text = readFileSync(
    docs.find((f) => f.includes('norway'))!,
    'utf8',
  );
  expect(readFrontMatter(text).fields).toMatchObject({
    title: 'Norway pledges engineers',
    source: 'Example Wire',
    url: server.url('/a1'),
    date: '2026-03-02T07:00:00.000Z',
  });
  expect(text).toContain('Norway will send engineers to rebuild the bridge');
  // The page's boilerplate is left out.
  expect(text).not.toMatch(/Most read|Cookies help us|Ten best beaches/);
  expect(await store.get('wire')).toMatchObject({ items: 2, failures: 0, intervalS: 900, etag: '"w1"' });
  expect((await feeds.list()).sections[0]!.items![0]!.detail).toMatch(
    /every 15 min · last fetch 2026-03-02 08:00 UTC · 2 items · ok/,
  );
});

test('a second poll sends the validators and adds nothing; an edited article replaces its document; a syndicated copy is skipped', async () => {
  const { feeds, poller, store, files } = await setup();
  server.serve('/b1', articlePage('Oslo story', story('Norway')), 'text/html');
  server.serve('/feed-b.xml', rss([{ guid: 'b1', title: 'Oslo story', path: '/b1' }]), 'application/rss+xml', {
    etag: '"b1"',
  });
  await feeds.add(server.url('/feed-b.xml'), 'b', '1m');
  const again = await poller.poll((await store.get('b'))!);
  expect(again).toEqual({ added: 0, updated: 0, notModified: true });
  expect(server.hits('/feed-b.xml').pop()!.headers['if-none-match']).toBe('"b1"');
  // A syndicated copy joins the feed; the known item is not fetched again while its date stays.
  server.serve(
    '/feed-b.xml',
    rss([
      { guid: 'b1', title: 'Oslo story', path: '/b1' },
      { guid: 'copy-of-b1', title: 'Oslo story (syndicated)', path: '/b1' },
    ]),
    'application/rss+xml',
    { etag: '"b2"' },
  );
  const pageHits = server.hits('/b1').length;
  expect(await poller.poll((await store.get('b'))!)).toEqual({ added: 0, updated: 0, notModified: false });
  // Neither page is read again: the copy links a URL already read, the known item kept its date.
  expect(server.hits('/b1').length).toBe(pageHits);
  // The article is edited and the feed dates it anew: the same document is rewritten, not duplicated.
  server.serve(
    '/b1',
    articlePage('Oslo story', [
      ...story('Norway'),
      'Update: the first engineers arrived on Tuesday, the ministry said.',
    ]),
    'text/html',
  );
  server.serve(
    '/feed-b.xml',
    rss([
      { guid: 'b1', title: 'Oslo story', path: '/b1', date: 'Tue, 03 Mar 2026 09:00:00 GMT' },
      { guid: 'copy-of-b1', title: 'Oslo story (syndicated)', path: '/b1' },
    ]),
    'application/rss+xml',
    { etag: '"b3"' },
  );
  const third = await poller.poll((await store.get('b'))!);
  expect(third).toEqual({ added: 0, updated: 1, notModified: false });
  expect(files()).toHaveLength(1);
  expect(readFileSync(files()[0]!, 'utf8')).toContain('the first engineers arrived');
});

test('429 with Retry-After is honoured; a feed that keeps failing is paused and says so in /feeds list', async () => {
  const { feeds, poller, store } = await setup();
  server.serve('/ok.xml', rss([]), 'application/rss+xml');
  await feeds.add(server.url('/ok.xml'), 'flaky', '1m');
  server.routes.set('/ok.xml', (_req, res) => res.writeHead(429, { 'retry-after': '600' }).end());
  await expect(poller.poll((await store.get('flaky'))!)).rejects.toMatchObject({ kind: 'rate-limited' });
  expect((await store.get('flaky'))!.nextAt - Date.parse('2026-03-02T08:00:00Z')).toBeGreaterThanOrEqual(600_000);
  server.routes.set('/ok.xml', (_req, res) => res.writeHead(500).end());
  for (let i = 1; i < MAX_FAILURES; i++) await poller.poll((await store.get('flaky'))!).catch(() => undefined);
  expect(await store.get('flaky')).toMatchObject({ paused: true, failures: MAX_FAILURES });
  expect((await feeds.list()).sections[0]!.items![0]!.detail).toMatch(
    /PAUSED after 6 failures · last error: 127\.0\.0\.1:\d+ answered 500/,
  );
});

test('a page that links its feed is followed to it; a page that does not, a malformed feed and a private address get a clear answer', async () => {
  const { feeds } = await setup();
  server.serve('/jf.json', server.fixture('jsonfeed.json'), 'application/feed+json');
  server.serve(
    '/home',
    `<!doctype html><html><head><link rel="alternate" type="application/feed+json" href="/jf.json"></head><body>Home</body></html>`,
    'text/html',
  );
  const a = await feeds.add(server.url('/home'), undefined, undefined);
  expect(a.title).toBe('Following “json-feed”: JSON Feed');
  expect(a.message).toContain(server.url('/jf.json'));
  server.serve('/plain', '<!doctype html><html><body>No feed here</body></html>', 'text/html');
  expect((await feeds.add(server.url('/plain'), 'p', undefined)).message).toMatch(/links none/);
  server.serve('/broken.xml', '<rss><channel><item><title>cut off', 'application/rss+xml');
  expect((await feeds.add(server.url('/broken.xml'), 'broken', undefined)).message).toMatch(
    /not a feed this bot can read/,
  );
  const strictStore = (await openStateStore({ dataDir: tempDir() })).feeds;
  const strict = new Feeds({
    store: strictStore,
    poller: new FeedPoller({ store: strictStore, dir: tempDir(), log: () => undefined }),
    admins: [],
    minIntervalS: 1,
    defaultIntervalS: 3600,
  });
  expect((await strict.add(server.url('/jf.json'), 'x', undefined)).message).toMatch(
    /Could not follow that feed: 127\.0\.0\.1 is a private or local address/,
  );
});

test('FEEDS_ADMINS: only the listed people may change feeds', async () => {
  const { store, poller } = await setup();
  const feeds = new Feeds({ store, poller, admins: ['U-ADMIN'], minIntervalS: 1, defaultIntervalS: 3600 });
  expect((await feeds.add(server.url('/x'), 'x', undefined, { id: 'U-OTHER' })).message).toMatch(
    /Only the people listed in FEEDS_ADMINS/,
  );
  expect((await feeds.remove('x', { id: 'U-OTHER' })).message).toMatch(/FEEDS_ADMINS/);
  expect((await feeds.list()).status).toBe('empty');
});

test('/add on a real news page (BBC, served gzipped): the article in reader view, without the page around it', async () => {
  const { feeds, files } = await setup();
  const page = server.fixture('bbc-article.html.gz');
  server.routes.set('/news/world-us-canada-33646704', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(page),
  );
  const a = await feeds.addArticle(server.url('/news/world-us-canada-33646704'));
  expect(a.title).toBe("Read: Obama admits US gun laws are his 'biggest frustration'");
  const text = readFileSync(files()[0]!, 'utf8');
  expect(text).toContain('President Barack Obama has admitted that his failure to pass "common sense gun safety laws"');
  expect(text).not.toMatch(/Top Stories|Most Popular|Copyright/);
  // The same link again is known, not read twice.
  expect((await feeds.addArticle(server.url('/news/world-us-canada-33646704'))).title).toMatch(/^Already read/);
  expect(files()).toHaveLength(1);
});

test('one request at a time per host: two feeds on one server never overlap', async () => {
  const { store, poller } = await setup();
  let inFlight = 0;
  let most = 0;
  const slow = (body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    inFlight++;
    most = Math.max(most, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    }, 80);
  };
  server.routes.set('/s1.xml', slow(rss([])));
  server.routes.set('/s2.xml', slow(rss([])));
  await store.upsert({ name: 's1', url: server.url('/s1.xml'), intervalS: 60, origin: 'chat' });
  await store.upsert({ name: 's2', url: server.url('/s2.xml'), intervalS: 60, origin: 'chat' });
  await Promise.all([poller.poll((await store.get('s1'))!), poller.poll((await store.get('s2'))!)]);
  expect(most).toBe(1);
});
