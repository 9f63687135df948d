import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusIndex } from '../../src/corpusIndex';
import { searchAnswer } from '../../src/answers/search';
import { docFromText, SEEDS } from '../helpers';

/** The compiled worker: the test runner loads TypeScript, a worker thread runs the build's JavaScript. */
const WORKER = join(__dirname, '..', '..', 'dist', 'src', 'search', 'indexWorker.js');

const seeds = () =>
  readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => docFromText(f, readFileSync(join(SEEDS, f), 'utf8')));

describe('a first build makes its search index in a worker thread', () => {
  beforeAll(() => {
    require('../../scripts/launch.js').ensureBuilt();
  });

  test('the index the worker builds is the one built inline', () => {
    const inline = new CorpusIndex(seeds(), [], undefined, undefined, { workerFrom: Infinity });
    const parallel = new CorpusIndex(seeds(), [], undefined, undefined, { workerFrom: 0, workerFile: WORKER });
    expect(inline.searchBuiltBy).toBe('inline');
    expect(parallel.searchBuiltBy).toBe('worker');
    expect(parallel.index.toState()).toEqual(inline.index.toState());
    for (const q of ['boots on the ground', 'Witkof', 'Starmer troops'])
      expect(searchAnswer(parallel, q, 5)).toEqual(searchAnswer(inline, q, 5));
  });

  test('without a compiled worker, or with one that fails, the index is built inline', () => {
    const missing = new CorpusIndex(seeds(), [], undefined, undefined, {
      workerFrom: 0,
      workerFile: '/nonexistent.js',
    });
    expect(missing.searchBuiltBy).toBe('inline');
    // A script that is not the worker: it exits without answering.
    const broken = new CorpusIndex(seeds(), [], undefined, undefined, {
      workerFrom: 0,
      workerFile: join(__dirname, '..', '..', 'dist', 'src', 'util', 'memo.js'),
    });
    expect(broken.searchBuiltBy).toBe('inline');
    expect(searchAnswer(broken, 'Witkof', 3).sections[0]!.lines![0]!.text).toMatch(/Witkoff/);
  });
});
