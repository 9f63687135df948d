import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { searchAnswer } from '../src/answers/search';
import { LiveIndex } from '../src/liveIndex';
import { compactSnapshot } from '../src/persist/snapshot';
import { liveSeeds } from './helpers';

const setup = () => liveSeeds();

const found = (live: LiveIndex, q: string) => searchAnswer(live.corpus, q, 5).status === 'ok';
const article = (word: string) => `News ${word}\n\nNorway will send ${word} medics, Oslo said.\n`;

/** Adds files to the corpus and applies them the way the watcher does (slices, then the journal). */
async function add(live: LiveIndex, corpus: string, words: string[]) {
  for (const w of words) writeFileSync(join(corpus, `${w}.txt`), article(w));
  await live.syncInSlices(new Map([[live.sources[0]!, new Set(words.map((w) => `${w}.txt`))]]));
}

/** The compiled worker the bot runs (the test runner loads TypeScript, so it compacts inline otherwise). */
const WORKER = join(__dirname, '..', 'dist', 'src', 'persist', 'compactWorker.js');

beforeAll(() => {
  // Built the way `npm start` builds it.
  require('../scripts/launch.js').ensureBuilt();
}, 120_000);

describe('the snapshot journal', () => {
  test('changes go to the journal, not a new snapshot, and a restart replays them without reading the files', async () => {
    const { corpus, open } = setup();
    const live = open();
    const base = readFileSync(live.snapshotPath);
    await add(live, corpus, ['fjordword', 'glacierword']);
    expect(readFileSync(live.snapshotPath).equals(base)).toBe(true);
    expect(statSync(live.journalPath).size).toBeGreaterThan(0);
    await live.stop();

    const again = open();
    expect(again.startup.from).toBe('snapshot');
    expect(again.startup.journal?.entries).toBe(2);
    // Nothing was read again from the sources: the journal held both documents.
    expect(again.startup.report).toMatchObject({ added: [], replaced: [], removed: [] });
    expect(found(again, 'fjordword')).toBe(true);
    expect(found(again, 'glacierword')).toBe(true);
    await again.stop();
  });

  test('a compaction folds the journal into a new snapshot that answers the same', async () => {
    const { corpus, open } = setup();
    const live = open();
    await add(live, corpus, ['fjordword']);
    const journalBefore = live.persistence.journalBytes;
    await live.compact();
    expect(live.persistence.journalBytes).toBeLessThan(journalBefore);
    await live.stop();
    const again = open();
    expect(again.startup.journal?.entries).toBe(0);
    expect(again.startup.report).toMatchObject({ added: [], replaced: [], removed: [] });
    expect(found(again, 'fjordword')).toBe(true);
    expect(again.corpus.sentenceCount).toBe(live.corpus.sentenceCount);
    await again.stop();
  });

  test('a crash after a compaction but before the journal restarts loses nothing: the sources fill the gap', async () => {
    const { corpus, open } = setup();
    const live = open();
    await add(live, corpus, ['fjordword']);
    const upTo = live.persistence.journalBytes;
    await add(live, corpus, ['glacierword']);
    // The worker's part only (the journal as it stood when it started), then the process dies.
    const r = compactSnapshot(live.snapshotPath, ...settingsOf(live), upTo);
    expect(r.ok).toBe(true);
    await live.stop();
    const again = open();
    // The journal, made for the snapshot before, is ignored; the sources fill the gap.
    expect(again.startup.journal?.ignored).toMatch(/another snapshot/);
    expect(found(again, 'fjordword') && found(again, 'glacierword')).toBe(true);
    await again.stop();
  });

  test('a torn last entry (a crash mid-write) is dropped and the file it held read again', async () => {
    const { corpus, open } = setup();
    const live = open();
    await add(live, corpus, ['fjordword', 'glacierword']);
    await live.stop();
    const bytes = readFileSync(live.journalPath);
    writeFileSync(live.journalPath, bytes.subarray(0, bytes.length - 10));
    const again = open();
    expect(again.startup.journal?.entries).toBe(1);
    expect(again.startup.report?.added.length).toBe(1);
    expect(found(again, 'fjordword') && found(again, 'glacierword')).toBe(true);
    await again.stop();
  });

  test('garbage in the journal does not stop the bot from starting', async () => {
    const { corpus, open } = setup();
    const live = open();
    await add(live, corpus, ['fjordword']);
    await live.stop();
    appendFileSync(live.journalPath, Buffer.from([4, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    const again = open();
    expect(again.startup.from).toBe('snapshot');
    expect(found(again, 'fjordword')).toBe(true);
    await again.stop();
  });

  test('through the compiled worker thread, entries appended while it runs start the new journal', async () => {
    const { corpus, open } = liveSeeds({ compactWorker: WORKER });
    const live = open();
    await add(live, corpus, ['fjordword']);
    const before = readFileSync(live.snapshotPath);
    const compaction = live.compact();
    await add(live, corpus, ['glacierword']);
    await compaction;
    expect(readFileSync(live.snapshotPath).equals(before)).toBe(false);
    await live.stop();
    const again = open();
    expect(again.startup.journal).toMatchObject({ entries: 1 });
    expect(again.startup.report).toMatchObject({ added: [], replaced: [], removed: [] });
    expect(found(again, 'fjordword') && found(again, 'glacierword')).toBe(true);
    await again.stop();
  }, 60_000);

  test('who is who is saved with the snapshot and used at start, unless the journal changed the lessons since; a compaction saves it again', async () => {
    const { corpus, open } = setup();
    const people = (live: LiveIndex) => [...live.corpus.knowledge.people.entries()];
    const live = open();
    const learnedFirst = people(live);
    await live.stop();
    let again = open();
    expect(again.startup).toMatchObject({ from: 'snapshot', learned: true });
    expect(people(again)).toEqual(learnedFirst);
    // A document that teaches someone new goes to the journal: the saved learning no longer fits its lessons.
    writeFileSync(
      join(corpus, 'envoy.txt'),
      'Envoy named\n\nNorwegian envoy Ingrid Solberg said on Monday that Norway would host the talks. Solberg said Oslo was ready.\n',
    );
    await again.syncInSlices(new Map([[again.sources[0]!, new Set(['envoy.txt'])]]));
    const learnedAfter = people(again);
    expect(learnedAfter.some(([, p]) => p.name === 'Ingrid Solberg')).toBe(true);
    await again.stop();
    again = open();
    expect(again.startup).toMatchObject({ from: 'snapshot', learned: false });
    expect(again.startup.journal?.entries).toBe(1);
    expect(people(again)).toEqual(learnedAfter);
    // Compacted (inline here: the test runner has no compiled worker of its own), it is saved again.
    await again.compact();
    await again.stop();
    const next = open();
    expect(next.startup).toMatchObject({ from: 'snapshot', learned: true });
    expect(people(next)).toEqual(learnedAfter);
    await next.stop();
  }, 60_000);

  test('the compiled compaction worker saves who is who too', async () => {
    const { corpus, open } = liveSeeds({ compactWorker: WORKER });
    const live = open();
    await add(live, corpus, ['fjordword']);
    const journalBefore = live.persistence.journalBytes;
    await live.compact();
    expect(live.persistence.journalBytes).toBeLessThan(journalBefore);
    const people = [...live.corpus.knowledge.people.entries()];
    await live.stop();
    const again = open();
    expect(again.startup).toMatchObject({ from: 'snapshot', learned: true });
    expect([...again.corpus.knowledge.people.entries()]).toEqual(people);
    await again.stop();
  }, 60_000);

  test('the compiled worker thread compacts the snapshot off the answering thread', async () => {
    const { corpus, open } = setup();
    const live = open();
    await add(live, corpus, ['fjordword']);
    const before = readFileSync(live.snapshotPath);
    const [settings, sources] = settingsOf(live);
    const result = await new Promise<{ ok: boolean; journalUsed?: number }>((resolve, reject) => {
      const w = new Worker(WORKER, {
        workerData: { path: live.snapshotPath, settings, sources, upTo: live.persistence.journalBytes },
      });
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(result).toMatchObject({ ok: true, journalUsed: live.persistence.journalBytes });
    expect(readFileSync(live.snapshotPath).equals(before)).toBe(false);
    await live.stop();
  }, 60_000);
});

/** The settings and sources a snapshot header carries, as the worker is given them. */
function settingsOf(live: LiveIndex): [string, string] {
  const header = JSON.parse(readFileSync(live.snapshotPath, 'utf8').split('\n', 1)[0]!) as {
    settings: string;
    sources: string;
  };
  return [header.settings, header.sources];
}
