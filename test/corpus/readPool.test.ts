import { cpSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDocumentFiles, readDocument, readSidecar } from '../../src/corpus/loadCorpus';
import { ReadPool } from '../../src/corpus/readPool';
import { FolderSource } from '../../src/sources/folder';
import { LiveIndex } from '../../src/liveIndex';
import { searchAnswer } from '../../src/answers/search';
import { SEEDS, tempDir } from '../helpers';

/** The compiled worker: the test runner loads TypeScript, a worker thread runs the build's JavaScript. */
const WORKER = join(__dirname, '..', '..', 'dist', 'src', 'corpus', 'readWorker.js');
const FIXTURES = join(__dirname, '..', 'fixtures');

/** The seeds, the test corpus (binary, Latin-1, empty, not a document) and the hostile files, in one folder. */
function mixedFolder(): string {
  const dir = tempDir();
  cpSync(SEEDS, dir, { recursive: true });
  for (const sub of ['corpus', 'hostile'])
    for (const f of readdirSync(join(FIXTURES, sub))) cpSync(join(FIXTURES, sub, f), join(dir, `${sub}-${f}`));
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 255, 254, 0, 0, 7]));
  return dir;
}

function inline(dir: string) {
  const sidecar = readSidecar(dir);
  return listDocumentFiles(dir).map((f) => readDocument(dir, f, sidecar));
}

describe('the read pool reads and splits files on other threads', () => {
  beforeAll(() => {
    require('../../scripts/launch.js').ensureBuilt();
  });

  test('what the threads read is what this thread reads, in order, bad files included', async () => {
    const dir = mixedFolder();
    const files = listDocumentFiles(dir);
    const expected = inline(dir);
    expect(expected.filter((r) => !r.ok).length).toBeGreaterThan(0); // the folder has files to refuse
    const pool = new ReadPool(2, WORKER, 2);
    try {
      expect(await pool.read(dir, files, readSidecar(dir))).toEqual(expected);
      expect(pool.readBlocking(dir, files, readSidecar(dir))).toEqual(expected);
    } finally {
      pool.close();
    }
  });

  test('without a compiled worker, or with one that fails, this thread reads everything', async () => {
    const dir = mixedFolder();
    const files = listDocumentFiles(dir);
    const expected = inline(dir);
    for (const file of ['/nonexistent.js', join(__dirname, '..', '..', 'dist', 'src', 'util', 'memo.js')]) {
      const pool = new ReadPool(1, file, 2);
      try {
        expect(await pool.read(dir, files)).toEqual(expected);
        expect(pool.readBlocking(dir, files)).toEqual(expected);
      } finally {
        pool.close();
      }
    }
  });

  test('a folder read ahead for a batch gives the same documents, and a file changed since is read again', async () => {
    const dir = tempDir();
    cpSync(SEEDS, dir, { recursive: true });
    const files = listDocumentFiles(dir);
    const plain = new FolderSource(dir, '', new ReadPool(1, '/nonexistent.js')).scan(new Map(), files);
    const pool = new ReadPool(1, WORKER, 2);
    try {
      const ahead = new FolderSource(dir, '', pool);
      await ahead.prefetch(files);
      const changed = files[0]!;
      const before = statSync(join(dir, changed));
      writeFileSync(join(dir, changed), 'Changed\n\nThe UK said on Monday that the talks had ended, officials said.\n');
      utimesSync(join(dir, changed), before.atime, new Date(before.mtimeMs + 5000));
      const scan = ahead.scan(new Map(), files);
      const byFile = new Map(scan.change.upsert.map((d) => [d.file, d]));
      expect(
        byFile
          .get(changed)!
          .sentences.map((s) => s.text)
          .join(' '),
      ).toContain('the talks had ended');
      for (const d of plain.change.upsert.filter((x) => x.file !== changed)) expect(byFile.get(d.file)).toEqual(d);
    } finally {
      pool.close();
    }
  });

  test('a batch of new files in a running index is read ahead by the pool, then indexed and answerable', async () => {
    const corpus = tempDir();
    cpSync(SEEDS, corpus, { recursive: true });
    const pool = new ReadPool(1, WORKER);
    const read = jest.spyOn(pool, 'read');
    const source = new FolderSource(corpus, '', pool);
    const live = new LiveIndex({ sources: [source], dataDir: tempDir(), log: () => undefined }).open();
    try {
      const towns = ['Aberdeen', 'Bristol', 'Cardiff', 'Dover', 'Exeter', 'Falmouth'];
      const files = towns.map((_, i) => `batch-${i}.txt`);
      towns.forEach((town, i) =>
        writeFileSync(
          join(corpus, files[i]!),
          `${town} harbour\n\nThe ${town} harbour authority said on Monday that dredging had ended, officials said.\n`,
        ),
      );
      const report = await live.syncInSlices(new Map([[source, new Set(files)]]));
      expect([...report.added].sort()).toEqual(files);
      expect(read).toHaveBeenCalledTimes(1);
      expect(read.mock.calls[0]![1]).toEqual(files);
      towns.forEach((town, i) => {
        const lines = searchAnswer(live.corpus, `${town} dredging`, 5).sections.flatMap((x) => x.lines ?? []);
        expect(lines[0]?.doc).toBe(files[i]);
      });
    } finally {
      await live.stop();
      pool.close();
    }
  });
});
