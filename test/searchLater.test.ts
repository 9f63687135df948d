import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../commands';
import { positionAnswer } from '../src/answers/position';
import { searchAnswer } from '../src/answers/search';
import { dispatch } from '../src/dispatch';
import { LiveIndex } from '../src/liveIndex';
import { CorpusIndex } from '../src/corpusIndex';
import { Knowledge } from '../src/actors/knowledge';
import { loadSnapshot } from '../src/persist/snapshot';
import { liveSeeds, tempDir } from './helpers';

/** The seeds' index is far below the size worth deferring: every start here defers it. */
const seeds = () => liveSeeds({ searchLaterFromBytes: 0 });

const lines = (a: ReturnType<typeof positionAnswer>) =>
  a.sections.flatMap((s) => s.lines ?? []).map((l) => `${l.doc}:${l.line} ${l.text}`);

const ask = (live: LiveIndex, text: string) =>
  dispatch(text, { corpus: live.corpus, limit: 5, services: {}, commands, indexedAt: () => undefined });

describe('a start that answers before its search index is loaded', () => {
  test('/position answers at once as a whole start would; /search says it is loading, then answers the same', async () => {
    const { open } = seeds();
    const whole = open();
    const early = open({ searchLater: true });
    expect(early.startup.from).toBe('snapshot');
    expect(early.corpus.index.ready).toBe(false);
    expect(lines(positionAnswer(early.corpus, 'UK', undefined, 20))).toEqual(
      lines(positionAnswer(whole.corpus, 'UK', undefined, 20)),
    );
    const meanwhile = await ask(early, '/search Witkof');
    expect(meanwhile.status).toBe('error');
    expect(meanwhile.message).toMatch(/search index is still loading \(\d+% done\).*ask again in a few seconds/);
    // A refusal is not kept as the answer.
    await early.loaded;
    expect(early.corpus.index.ready).toBe(true);
    expect(early.startup.searchMs).toBeGreaterThanOrEqual(early.startup.ms);
    const after = await ask(early, '/search Witkof');
    expect(after.status).toBe('ok');
    expect(after).toEqual(await ask(whole, '/search Witkof'));
    await Promise.all([whole.stop(), early.stop()]);
  });

  test('the journal and the files changed while the bot was down are in once it has loaded', async () => {
    const { corpus, open } = seeds();
    const first = open();
    writeFileSync(join(corpus, 'fjord.txt'), 'Fjord news\n\nNorway will send fjordword medics, Oslo said.\n');
    await first.syncInSlices(new Map([[first.sources[0]!, new Set(['fjord.txt'])]]));
    await first.stop();
    // Down: one file changed, one removed, one added.
    writeFileSync(
      join(corpus, 'glacier.txt'),
      'Glacier news\n\nIceland will send glacierword medics, Reykjavik said.\n',
    );
    rmSync(join(corpus, '002_5dea0eb155ccf4de.txt'));
    const changed = join(corpus, '003_45b5778ab0da8b76.txt');
    writeFileSync(
      changed,
      readFileSync(changed, 'utf8').replace('Karoline Leavitt has described', 'Karoline Leavitt has flatly described'),
    );

    const early = open({ searchLater: true });
    expect(early.startup.journal?.entries).toBe(1);
    // Nothing is compared with the sources before the search index is in: the refresh waits for it.
    expect(early.sync()).toMatchObject({ added: [], removed: [] });
    await early.loaded;
    expect(early.startup.report).toMatchObject({
      added: ['glacier.txt'],
      replaced: ['003_45b5778ab0da8b76.txt'],
      removed: ['002_5dea0eb155ccf4de.txt'],
    });
    const found = (q: string) => searchAnswer(early.corpus, q, 3).sections[0]?.lines?.[0]?.text ?? '';
    expect(found('fjordword')).toContain('fjordword');
    expect(found('glacierword')).toContain('glacierword');
    expect(found('flatly described')).toContain('flatly described');
    expect(early.corpus.documents.map((d) => d.file)).not.toContain('002_5dea0eb155ccf4de.txt');
    // And it answers as a start that loaded everything at once.
    const whole = open();
    for (const q of ['fjordword', 'Witkof', 'sanctions', 'described'])
      expect(searchAnswer(early.corpus, q, 5)).toEqual(searchAnswer(whole.corpus, q, 5));
    await Promise.all([whole.stop(), early.stop()]);
  });

  test('a snapshot damaged on disk is found out by the checksum once loaded, and everything is read again', async () => {
    const { open, logs } = seeds();
    const first = open();
    const raw = readFileSync(first.snapshotPath);
    // One letter of a document's text: it still decodes, so the early answers come from it.
    // (V8 keeps a string with curly quotes in two bytes a character.)
    const narrow = raw.indexOf('Witkoff');
    const at = narrow >= 0 ? narrow + 6 : raw.indexOf(Buffer.from('Witkoff', 'utf16le')) + 12;
    expect(at).toBeGreaterThan(12);
    raw[at] = 'g'.charCodeAt(0);
    writeFileSync(first.snapshotPath, raw);
    const early = open({ searchLater: true });
    expect(early.startup.from).toBe('snapshot');
    await early.loaded;
    expect(early.startup.from).toBe('scratch');
    expect(logs.join('\n')).toMatch(/snapshot not used: corrupt \(checksum mismatch\); rebuilding/);
    expect(early.corpus.documents.some((d) => d.sentences.some((x) => x.text.includes('Witkofg')))).toBe(false);
    expect(searchAnswer(early.corpus, 'Witkoff', 3)).toEqual(searchAnswer(first.corpus, 'Witkoff', 3));
    // And the snapshot written again is whole.
    expect(open().startup.from).toBe('snapshot');
    await Promise.all([first.stop(), early.stop()]);
  });

  test('a small index is loaded at once: no moment in which /search is refused', () => {
    const { open } = liveSeeds();
    open();
    const small = open({ searchLater: true });
    expect(small.corpus.index.ready).toBe(true);
    expect(small.startup.report).toMatchObject({ added: [], removed: [] });
  });

  test('stopping while it loads stops the loading and starts no watcher', async () => {
    const { open, logs } = seeds();
    open();
    const early = open({ searchLater: true });
    await early.stop();
    early.watch();
    expect(early.watchedFolders()).toEqual([]);
    expect(logs.join('\n')).not.toMatch(/failed|error/i);
  });

  test('mentions are filed by key when first asked for, then all in steps: the same as a whole start, in the same order', async () => {
    const { open } = seeds();
    const whole = open();
    const early = open({ searchLater: true });
    const keys = [...whole.corpus.mentionIndex.keys()];
    expect(keys.length).toBeGreaterThan(10);
    const entries = (m: Map<number, number> | undefined) => [...(m ?? new Map<number, number>())];
    // Two keys asked for before the rest is filed: each alone, whole.
    for (const key of keys.slice(0, 2))
      expect(entries(early.corpus.mentionsOf(key))).toEqual(entries(whole.corpus.mentionsOf(key)));
    await early.loaded;
    for (const key of keys)
      expect(entries(early.corpus.mentionsOf(key))).toEqual(entries(whole.corpus.mentionsOf(key)));
    expect([...early.corpus.mentionIndex.keys()].sort()).toEqual([...keys].sort());
    await Promise.all([whole.stop(), early.stop()]);
  });

  test('what a snapshot keeps of each document is whole before its mentions are filed', async () => {
    const { open } = seeds();
    const whole = open();
    const early = open({ searchLater: true });
    for (const d of whole.corpus.documents)
      expect(early.corpus.exportRecord(d.file)!.mentions).toEqual(whole.corpus.exportRecord(d.file)!.mentions);
    await early.loaded;
    expect(lines(positionAnswer(early.corpus, 'UK', undefined, 20))).toEqual(
      lines(positionAnswer(whole.corpus, 'UK', undefined, 20)),
    );
    await Promise.all([whole.stop(), early.stop()]);
  });

  test('quotes are filed by sentence and speaker in steps, or at once when asked for first: the same as a whole start', async () => {
    const { open } = seeds();
    const whole = open();
    const asked = open({ searchLater: true });
    const stepped = open({ searchLater: true });
    const filed = (live: LiveIndex) => ({
      bySpeaker: [...live.corpus.quotesBySpeaker].map(([k, qs]) => [k, qs]),
      bySentence: [...live.corpus.quotesBySentence].map(([k, qs]) => [k, qs]),
    });
    expect(filed(whole).bySpeaker.length).toBeGreaterThan(5);
    // Asked for before the loading has filed any: all at once.
    expect(filed(asked)).toEqual(filed(whole));
    expect(await ask(asked, '/quotes Trump')).toEqual(await ask(whole, '/quotes Trump'));
    // Filed by the loading's steps.
    await stepped.loaded;
    expect(filed(stepped)).toEqual(filed(whole));
    await asked.loaded;
    expect(filed(asked)).toEqual(filed(whole));
    await Promise.all([whole.stop(), asked.stop(), stepped.stop()]);
  });

  test('filing everything at once midway through the steps leaves the mentions and quotes of a whole start, before and after the steps end', () => {
    // Enough documents for the steps to pause (every 250), each naming two actors and quoting one.
    const corpus = tempDir();
    for (let i = 0; i < 600; i++)
      writeFileSync(
        join(corpus, `n${i}.txt`),
        `Note ${i}\n\nThe UK will send ${i} engineers to France, officials said. "We are ready for item ${i}," Starmer said.\n`,
      );
    const data = tempDir();
    const built = new LiveIndex({ corpusDir: corpus, dataDir: data, log: () => undefined }).open();
    const header = JSON.parse(readFileSync(built.snapshotPath, 'utf8').slice(0, 4096).split('\n')[0]!) as {
      settings: string;
      sources: string;
    };
    const restore = () => {
      const r = loadSnapshot(built.snapshotPath, header.settings, header.sources);
      if (!r.ok) throw new Error(r.reason);
      const lessons = new Map(r.state.docs.map((d) => [d.doc.file, d.lessons]));
      return new CorpusIndex([], [], undefined, {
        state: r.state,
        search: r.search,
        knowledge: Knowledge.fromLessons(lessons),
      });
    };
    const filed = (b: CorpusIndex) => ({
      mentions: [...b.mentionIndex].map(([k, m]) => [k, [...m]]),
      bySpeaker: [...b.quotesBySpeaker],
      bySentence: [...b.quotesBySentence],
    });
    const whole = filed(built.corpus);
    expect(whole.mentions.length).toBeGreaterThan(1);
    expect(whole.bySentence.length).toBe(600);
    for (const pauses of [1, 3, 4]) {
      const b = restore();
      const steps = b.loadSearchSteps();
      for (let i = 0; i < pauses; i++) steps.next();
      b.mentionsOf('united-kingdom');
      expect(filed(b)).toEqual(whole);
      while (!steps.next().done);
      expect(filed(b)).toEqual(whole);
    }
    return built.stop();
  });
});
