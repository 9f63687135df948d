import { join } from 'node:path';
import { startFeeds } from '../../src/feeds/start';
import { openStateStore } from '../../src/state/open';
import { tempDir } from '../helpers';

const cfg = { allowPrivate: false, backfillDays: 2, admins: [], minIntervalS: 300 };

test('FEEDS_FILE adds its feeds at start (at least the minimum interval); a bad file is named in one warning and changes nothing', async () => {
  const state = await openStateStore({ dataDir: tempDir() });
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
  const a = await startFeeds(
    state.feeds,
    tempDir(),
    { ...cfg, file: good },
    () => undefined,
    (m) => logs.push(m),
  );
  a.stop();
  const store = state.feeds;
  expect((await store.all()).map((f) => [f.name, f.url, f.intervalS, f.origin])).toEqual([
    ['other.example', 'https://other.example/rss', 3600, 'file'],
    ['world', 'https://feeds.example/world.xml', 300, 'file'],
  ]);
  const bad = join(tempDir({ 'feeds.json': JSON.stringify([{ url: 'not a url' }]) }), 'feeds.json');
  const b = await startFeeds(
    state.feeds,
    tempDir(),
    { ...cfg, file: bad },
    () => undefined,
    (m) => logs.push(m),
  );
  b.stop();
  expect(logs.filter((l) => l.startsWith('warning:'))).toEqual([
    expect.stringMatching(/FEEDS_FILE .*feeds\.json ignored: 0\.url/),
  ]);
  expect(await store.all()).toHaveLength(2);
  await state.close();
});
