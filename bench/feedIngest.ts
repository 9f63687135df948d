import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchAnswer } from '../src/answers/search';
import { DEFAULT_LIMITS } from '../src/feeds/fetch';
import { FeedPoller } from '../src/feeds/poller';
import { LiveIndex } from '../src/liveIndex';
import { FolderSource } from '../src/sources/folder';
import { openStateStore } from '../src/state/open';

export interface FeedIngestResult {
  items: number;
  /** Fetched, parsed, article pages read in reader view and written as documents, per second. */
  fetchedPerS: number;
  /** The same, and indexed, per second. */
  indexedPerS: number;
  /** From an item appearing in the feed to it being answerable, when the poll comes (plus the wait for the poll itself). */
  newItemAnswerableMs: number;
}

const words =
  'government minister talks troops border sanctions parliament economy election summit ceasefire agreement'.split(' ');
const paragraph = (i: number, k: number) =>
  `Britain will ${words[(i + k) % words.length]} the ${words[(i * 3 + k) % words.length]} plan number ${i}-${k}, officials in London said on Monday after a long meeting with their partners in the region.`;
const page = (i: number) =>
  `<!doctype html><html><head><title>Story ${i}</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Story ${i}</h1>${[0, 1, 2, 3, 4, 5].map((k) => `<p>${paragraph(i, k)}</p>`).join('')}</article><footer>Cookies and subscriptions.</footer></body></html>`;

/**
 * Feed ingest from a local server: a feed of `n` items, each linking an article page. Measures the
 * whole path (fetch, parse, reader view, write, index) and the time from a new item's appearance
 * to it being answerable once the poll comes.
 */
export async function feedIngest(n = 100): Promise<FeedIngestResult> {
  let count = n;
  const server = createServer((req, res) => {
    const m = /^\/story\/(\d+)$/.exec(req.url ?? '');
    if (m) return res.writeHead(200, { 'content-type': 'text/html' }).end(page(Number(m[1])));
    if (req.url === '/feed.xml') {
      const items = Array.from(
        { length: count },
        (_, i) =>
          `<item><title>Story ${i}</title><link>http://127.0.0.1:${port}/story/${i}</link><guid>s${i}</guid><pubDate>${new Date().toUTCString()}</pubDate></item>`,
      ).join('');
      return res
        .writeHead(200, { 'content-type': 'application/rss+xml', etag: `"${count}"` })
        .end(`<rss version="2.0"><channel><title>Bench Wire</title>${items}</channel></rss>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const data = mkdtempSync(join(tmpdir(), 'briefing-bench-feeds-'));
  try {
    const state = await openStateStore({ dataDir: data });
    const store = state.feeds;
    const dir = join(data, 'feeds');
    const live = new LiveIndex({
      sources: [new FolderSource(dir, 'feeds/')],
      dataDir: data,
      snapshots: false,
      log: () => undefined,
    }).open();
    const poller = new FeedPoller({
      store,
      dir,
      limits: { ...DEFAULT_LIMITS, allowPrivate: true },
      written: () => live.sync(),
      log: () => undefined,
    });
    await store.upsert({ name: 'bench', url: `http://127.0.0.1:${port}/feed.xml`, intervalS: 60, origin: 'chat' });
    const t0 = performance.now();
    const first = await poller.poll((await store.get('bench'))!);
    const total = (performance.now() - t0) / 1000;
    if (first.added !== n) throw new Error(`expected ${n} items, got ${first.added}`);
    // Fetch and write alone, on a second feed of the same pages without indexing.
    const state2 = await openStateStore({ dataDir: join(data, 'fetch-only') });
    const store2 = state2.feeds;
    const poller2 = new FeedPoller({
      store: store2,
      dir: join(data, 'fetch-only', 'feeds'),
      limits: { ...DEFAULT_LIMITS, allowPrivate: true },
      log: () => undefined,
    });
    await store2.upsert({ name: 'bench', url: `http://127.0.0.1:${port}/feed.xml`, intervalS: 60, origin: 'chat' });
    const t1 = performance.now();
    await poller2.poll((await store2.get('bench'))!);
    const fetchOnly = (performance.now() - t1) / 1000;
    await state2.close();
    // A new item appears; the next poll makes it answerable.
    count = n + 1;
    const t2 = performance.now();
    await poller.poll((await store.get('bench'))!);
    const found = searchAnswer(live.corpus, `plan number ${n}-3`, 3).status === 'ok';
    const newItemMs = performance.now() - t2;
    if (!found) throw new Error('the new item was not answerable after the poll');
    await live.stop();
    await state.close();
    return {
      items: n,
      fetchedPerS: Math.round(n / fetchOnly),
      indexedPerS: Math.round(n / total),
      newItemAnswerableMs: Math.round(newItemMs),
    };
  } finally {
    server.close();
    rmSync(data, { recursive: true, force: true });
  }
}
