import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionAnswer } from '../src/answers/position';
import { searchAnswer } from '../src/answers/search';
import type { ChangeReport } from '../src/corpusIndex';
import { LiveIndex } from '../src/liveIndex';
import { saveSnapshot } from '../src/persist/snapshot';
import { liveSeeds, SEEDS, tempDir } from './helpers';

const lines = (a: ReturnType<typeof positionAnswer>) =>
  a.sections.flatMap((s) => s.lines ?? []).map((l) => `${l.doc}:${l.line} ${l.text}`);

const setup = () => liveSeeds();

/** The index watching its folders, with every change report it makes kept. */
async function watching(live: LiveIndex): Promise<{ live: LiveIndex; reports: ChangeReport[] }> {
  const reports: ChangeReport[] = [];
  live.onChange((r) => reports.push(r));
  live.watch();
  await live.ready();
  return { live, reports };
}

describe('the index snapshot', () => {
  test('a restart over an unchanged corpus loads the snapshot and reads no document', () => {
    const { open } = setup();
    const first = open();
    expect(first.startup.from).toBe('scratch');
    const second = open();
    expect(second.startup.from).toBe('snapshot');
    expect(second.startup.report).toMatchObject({ added: [], replaced: [], removed: [], reanalysed: 0 });
    expect(lines(positionAnswer(second.corpus, 'UK', undefined, 20))).toEqual(
      lines(positionAnswer(first.corpus, 'UK', undefined, 20)),
    );
    expect(searchAnswer(second.corpus, 'Witkof', 3).sections[0]!.lines![0]!.text).toMatch(/Witkoff/);
    expect(second.corpus.quotes.length).toBe(first.corpus.quotes.length);
  });

  test('a corpus changed while the bot was down: only what differs is re-indexed', () => {
    const { corpus, open } = setup();
    open();
    writeFileSync(join(corpus, 'new.txt'), 'Oslo says no\n\nNorway will not send troops, Oslo said.\n');
    rmSync(join(corpus, '002_5dea0eb155ccf4de.txt'));
    writeFileSync(
      join(corpus, '003_45b5778ab0da8b76.txt'),
      readFileSync(join(corpus, '003_45b5778ab0da8b76.txt'), 'utf8').replace(
        'Karoline Leavitt has described',
        'Karoline Leavitt has flatly described',
      ),
    );
    const live = open();
    expect(live.startup.from).toBe('snapshot');
    expect(live.startup.report).toMatchObject({
      added: ['new.txt'],
      replaced: ['003_45b5778ab0da8b76.txt'],
      removed: ['002_5dea0eb155ccf4de.txt'],
    });
    const b = live.corpus;
    expect(b.documents.map((d) => d.file)).not.toContain('002_5dea0eb155ccf4de.txt');
    expect(searchAnswer(b, 'flatly described', 1).sections[0]!.lines![0]!.text).toContain('flatly described');
    expect(lines(positionAnswer(b, 'Norway', undefined, 5))[0]).toContain('Norway will not send troops');
    expect(searchAnswer(b, 'Kaczmarski', 5).status).toBe('empty');
  });

  test.each([
    [
      'a flipped byte',
      (buf: Buffer) => {
        const i = buf.length - 10;
        buf[i] = buf[i]! ^ 0xff;
        return buf;
      },
      /checksum mismatch/,
    ],
    ['a truncated file', (buf: Buffer) => buf.subarray(0, buf.length >> 1), /checksum mismatch/],
    ['garbage', () => Buffer.from('not a snapshot at all'), /corrupt/],
  ])('a corrupt snapshot (%s) is detected and rebuilt, never trusted', (_name, damage, reason) => {
    const { open, logs } = setup();
    const first = open();
    const path = first.snapshotPath;
    writeFileSync(path, damage(readFileSync(path)));
    const again = open();
    expect(again.startup.from).toBe('scratch');
    expect(logs.join('\n')).toMatch(reason);
    expect(lines(positionAnswer(again.corpus, 'UK', undefined, 10))).toEqual(
      lines(positionAnswer(first.corpus, 'UK', undefined, 10)),
    );
    // And the rebuilt one is good again.
    expect(open().startup.from).toBe('snapshot');
  });

  test('a snapshot that passes its checksum but does not restore is rebuilt, not crashed on', () => {
    const { open, logs } = setup();
    const first = open();
    const header = JSON.parse(readFileSync(first.snapshotPath, 'utf8').split('\n', 1)[0]!) as {
      settings: string;
      sources: string;
    };
    const state = first.corpus.exportState();
    // An index that does not add up (as another MiniSearch release might have kept it).
    saveSnapshot(
      first.snapshotPath,
      { ...state, index: { ...state.index, documentCount: state.index.documentCount + 5 } },
      header.settings,
      header.sources,
    );
    const again = open();
    expect(again.startup.from).toBe('scratch');
    expect(logs.join('\n')).toMatch(/snapshot not used: unusable/);
    expect(searchAnswer(again.corpus, 'Witkof', 3).status).toBe('ok');
  });

  test('a snapshot made with other settings (another actors file) is rebuilt', () => {
    const corpus = tempDir();
    cpSync(SEEDS, corpus, { recursive: true });
    const data = tempDir();
    const actors = join(tempDir(), 'actors.json');
    writeFileSync(actors, '{"actors":[]}');
    const logs: string[] = [];
    const open = () =>
      new LiveIndex({ corpusDir: corpus, dataDir: data, actorsFile: actors, log: (m) => logs.push(m) }).open();
    open();
    writeFileSync(actors, '{"actors":[{"name":"Coalition","aliases":["coalition of the willing"]}]}');
    const live = open();
    expect(live.startup.from).toBe('scratch');
    expect(logs.join('\n')).toMatch(/other index settings, code or actors/);
    expect(lines(positionAnswer(live.corpus, 'Coalition', undefined, 5))[0]).toContain('coalition of the willing');
  });
});

describe('learning follows the documents', () => {
  test('a new document that names a person’s role re-reads the older lines about them; removing it forgets', () => {
    const { corpus, open } = setup();
    writeFileSync(join(corpus, 'a.txt'), 'Summit talks\n\nPekka Haavisto will not attend the summit.\n');
    const live = open();
    const finland = () => lines(positionAnswer(live.corpus, 'Finland', undefined, 20)).join('\n');
    expect(finland()).not.toContain('Pekka Haavisto will not attend');
    writeFileSync(
      join(corpus, 'b.txt'),
      'Nordic meeting\n\nFinnish Foreign Minister Pekka Haavisto spoke on Monday.\n',
    );
    const r = live.sync();
    expect(r.added).toEqual(['b.txt']);
    expect(r.reanalysed).toBeGreaterThan(1);
    expect(finland()).toContain('Pekka Haavisto will not attend the summit.');
    rmSync(join(corpus, 'b.txt'));
    live.sync();
    expect(finland()).not.toContain('Pekka Haavisto will not attend');
  });
  test('a batch applied in slices learns once at the end and re-reads what the learning touches', async () => {
    const { corpus, open } = setup();
    writeFileSync(join(corpus, 'a.txt'), 'Summit talks\n\nPekka Haavisto will not attend the summit.\n');
    const live = open();
    const finland = () => lines(positionAnswer(live.corpus, 'Finland', undefined, 20)).join('\n');
    writeFileSync(
      join(corpus, 'b.txt'),
      'Nordic meeting\n\nFinnish Foreign Minister Pekka Haavisto spoke on Monday.\n',
    );
    writeFileSync(join(corpus, 'c.txt'), 'Later\n\nPekka Haavisto will chair the next round.\n');
    const r = await live.syncInSlices(new Map([[live.sources[0]!, new Set(['b.txt', 'c.txt'])]]));
    expect(r.added).toEqual(['b.txt', 'c.txt']);
    // a.txt was read again (the snapshot journal must write it again too), as were the new files.
    expect(r.touched.sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(finland()).toContain('Pekka Haavisto will not attend the summit.');
    expect(finland()).toContain('Pekka Haavisto will chair the next round.');
    await live.stop();
  });
});

describe('watching the folder', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function until<T>(probe: () => T | undefined | false, ms = 2000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > end) throw new Error('not within the time');
      await wait(20);
    }
  }

  test('added, changed and removed files are answered within 2 seconds; an editor’s save is one update; a broken file is skipped', async () => {
    const { corpus, logs, open } = setup();
    const { live, reports } = await watching(open());
    try {
      const has = (q: string, text: string) =>
        searchAnswer(live.corpus, q, 5).sections[0]?.lines?.some((l) => l.text.includes(text));

      writeFileSync(join(corpus, 'oslo.txt'), 'Oslo says no\n\nNorway will not send troops, Oslo said.\n');
      await until(() => has('Oslo troops', 'Norway will not send troops'));
      // The batch is answerable file by file before it is reported as a whole.
      await until(() => reports.some((r) => r.added.includes('oslo.txt')));

      // An editor's save: a temporary file, several writes, a rename over the original.
      const before = reports.length;
      const tmp = join(corpus, '.oslo.txt.swp');
      writeFileSync(tmp, 'Oslo says yes\n\nNorway will send');
      writeFileSync(tmp, 'Oslo says yes\n\nNorway will send medics, Oslo said.\n');
      renameSync(tmp, join(corpus, 'oslo.txt'));
      await until(() => has('medics', 'Norway will send medics'));
      await wait(600);
      expect(reports.length - before).toBe(1);
      expect(has('Oslo troops', 'Norway will not send troops')).toBeFalsy();

      rmSync(join(corpus, 'oslo.txt'));
      await until(() => searchAnswer(live.corpus, 'medics', 5).status === 'empty');

      writeFileSync(join(corpus, 'broken.txt'), Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x02]));
      writeFileSync(join(corpus, 'fine.txt'), 'Fine\n\nDenmark will help, Copenhagen said.\n');
      await until(() => has('Copenhagen', 'Denmark will help'));
      // Files are answerable one by one; what was skipped is said when the batch ends, once.
      await until(() => logs.some((l) => /broken\.txt/.test(l)));
      await wait(300);
      expect(logs.filter((l) => /broken\.txt/.test(l))).toHaveLength(1);
    } finally {
      await live.stop();
    }
  });

  test('a burst of new files is indexed a file at a time with the event loop free between, and reported per batch', async () => {
    const { corpus, open } = setup();
    const { live, reports } = await watching(open());
    try {
      // The corpus versions the event loop sees while the batch is applied: one per slice when it is free
      // between them, only the first and the last when the batch holds the loop throughout.
      const seen = new Set<number>();
      let spinning = true;
      const spin = () => {
        if (!spinning) return;
        seen.add(live.corpus.version);
        setImmediate(spin);
      };
      spin();
      for (let i = 0; i < 12; i++)
        writeFileSync(
          join(corpus, `burst${i}.txt`),
          `Burst ${i}\n\nNorway will send burstword${i} medics, Oslo said.\n`,
        );
      const added = () => reports.reduce((n, r) => n + r.added.length, 0);
      await until(() => added() === 12);
      spinning = false;
      expect(seen.size).toBeGreaterThan(5);
      // Listeners hear of a batch, not of each slice (the watcher may still split a burst in two).
      expect(reports.filter((r) => r.added.length).length).toBeLessThanOrEqual(2);
      expect(searchAnswer(live.corpus, 'burstword11', 3).status).toBe('ok');
    } finally {
      await live.stop();
    }
  });
});
