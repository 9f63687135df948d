import { join } from 'node:path';
import { DigestStore } from '../../src/digest/store';
import { startFeeds } from '../../src/feeds/start';
import { FeedStore } from '../../src/feeds/store';
import { tempDir } from '../helpers';

const cfg = { allowPrivate: false, backfillDays: 2, admins: [], minIntervalS: 300 };

test('FEEDS_FILE adds its feeds at start (at least the minimum interval); a bad file is named in one warning and changes nothing', () => {
  const state = new DigestStore(tempDir());
  const logs: string[] = [];
  const good = join(
    tempDir({
      'feeds.json': JSON.stringify([
        { url: 'https://feeds.example/world.xml', name: 'world', every: '1m' },
        { url: 'https://other.example/rss' },
      ]),
    }),
    'feeds.json',
  );
  const a = startFeeds(
    state.db,
    tempDir(),
    { ...cfg, file: good },
    () => undefined,
    (m) => logs.push(m),
  );
  a.stop();
  const store = new FeedStore(state.db);
  expect(store.all().map((f) => [f.name, f.url, f.intervalS, f.origin])).toEqual([
    ['other.example', 'https://other.example/rss', 3600, 'file'],
    ['world', 'https://feeds.example/world.xml', 300, 'file'],
  ]);
  const bad = join(tempDir({ 'feeds.json': JSON.stringify([{ url: 'not a url' }]) }), 'feeds.json');
  const b = startFeeds(
    state.db,
    tempDir(),
    { ...cfg, file: bad },
    () => undefined,
    (m) => logs.push(m),
  );
  b.stop();
  expect(logs.filter((l) => l.startsWith('warning:'))).toEqual([
    expect.stringMatching(/FEEDS_FILE .*feeds\.json ignored: 0\.url/),
  ]);
  expect(store.all()).toHaveLength(2);
});
