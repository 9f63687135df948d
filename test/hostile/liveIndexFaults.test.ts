import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchAnswer } from '../../src/answers/search';
import { LiveIndex } from '../../src/liveIndex';
import { sweepStaleTemps } from '../../src/persist/snapshot';
import { waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';

/** Live updates land within a couple of seconds (the folder check runs every 2 s). */
const until = (probe: () => boolean) => waitFor('the corpus to follow the folder', probe, 8000);

function setup() {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  const data = tempDir();
  const logs: string[] = [];
  const live = new LiveIndex({ corpusDir: corpus, dataDir: data, log: (m) => logs.push(m) }).open();
  return { corpus, data, logs, live };
}

describe('the watcher and hostile folders', () => {
  test('a symlink to "/" (and to folders and files outside) is neither watched nor indexed', async () => {
    const corpus = tempDir();
    cpSync(SEEDS, corpus, { recursive: true });
    const outside = tempDir({ 'secret.txt': 'Secret\n\nBritain said zqxsecret must never be read.\n' });
    symlinkSync('/', join(corpus, 'root-link'));
    symlinkSync(outside, join(corpus, 'outside-folder'));
    symlinkSync(join(outside, 'secret.txt'), join(corpus, 'outside.txt'));
    const live = new LiveIndex({ corpusDir: corpus, dataDir: tempDir(), log: () => undefined }).open();
    live.watch();
    try {
      await live.ready();
      expect(live.watchedFolders().every((p) => p.startsWith(corpus) || corpus.startsWith(p))).toBe(true);
      expect(live.watchedFolders().length).toBeLessThan(10);
      expect(live.corpus.documents.map((d) => d.file)).not.toContain('outside.txt');
      expect(searchAnswer(live.corpus, 'zqxsecret', 5).status).toBe('empty');
    } finally {
      await live.stop();
    }
  });

  test('a corpus folder deleted and made again is re-read without a restart', async () => {
    const { corpus, live } = setup();
    live.watch();
    try {
      await live.ready();
      rmSync(corpus, { recursive: true, force: true });
      await until(() => live.corpus.documents.length === 0);
      mkdirSync(corpus);
      writeFileSync(join(corpus, 'back.txt'), 'Back again\n\nNorway will send medics, Oslo said.\n');
      await until(() => searchAnswer(live.corpus, 'medics', 5).status === 'ok');
    } finally {
      await live.stop();
    }
  });

  test('a corpus folder swapped for another by rename is re-read without a restart', async () => {
    const { corpus, live } = setup();
    live.watch();
    try {
      await live.ready();
      const next = tempDir({ 'fresh.txt': 'Fresh\n\nDenmark will help, Copenhagen said.\n' });
      renameSync(corpus, `${corpus}-old`);
      renameSync(next, corpus);
      await until(
        () => live.corpus.documents.length === 1 && searchAnswer(live.corpus, 'Copenhagen', 5).status === 'ok',
      );
      // And the new folder is watched: a file added to it is answered.
      writeFileSync(join(corpus, 'later.txt'), 'Later\n\nSweden will send engineers, Stockholm said.\n');
      await until(() => searchAnswer(live.corpus, 'engineers', 5).status === 'ok');
    } finally {
      await live.stop();
    }
  });
});

describe('snapshot writes that fail', () => {
  test('temporary files left by a killed save are removed at start; a live writer’s are left alone', () => {
    const data = tempDir();
    writeFileSync(join(data, 'index-0123456789ab.snapshot.999999.tmp'), Buffer.alloc(1024));
    writeFileSync(join(data, 'index-0123456789ab.snapshot.424242.tmp'), Buffer.alloc(1024));
    writeFileSync(join(data, 'unrelated.tmp'), 'keep');
    const removed = sweepStaleTemps(data, (pid) => pid === 424242);
    expect(removed).toEqual(['index-0123456789ab.snapshot.999999.tmp']);
    expect(readdirSync(data).sort()).toEqual(['index-0123456789ab.snapshot.424242.tmp', 'unrelated.tmp']);
  });

  test('a full disk: the save fails with a clear warning, leaves no temporary file, and answers go on', () => {
    const corpus = tempDir();
    cpSync(SEEDS, corpus, { recursive: true });
    const data = tempDir();
    const logs: string[] = [];
    const full = {
      writeFile(path: string, d: Buffer) {
        writeFileSync(path, d.subarray(0, 100));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    const live = new LiveIndex({ corpusDir: corpus, dataDir: data, log: (m) => logs.push(m), io: full }).open();
    expect(logs.join('\n')).toMatch(
      /could not save the index snapshot: the disk holding DATA_DIR .* is full \(ENOSPC\)/,
    );
    expect(readdirSync(data).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(live.snapshotPath)).toBe(false);
    expect(searchAnswer(live.corpus, 'Witkoff', 3).status).toBe('ok');
  });
});
