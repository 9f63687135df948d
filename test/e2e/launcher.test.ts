import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { SEEDS } from '../helpers';
import { BotProcess, runEntry } from './run';

const { heapMegabytes } = require('../../scripts/launch.js') as {
  heapMegabytes: (env?: NodeJS.ProcessEnv) => number | undefined;
};

const heapLimit = (log: string) => Number(/Heap limit (\d+) MB/.exec(log)?.[1]);

/** `npm start` sets the heap the bot needs itself: nobody has to know about NODE_OPTIONS. */
describe('the launcher', () => {
  test('starts the bot with the larger heap it chose, or the default when that is as large', () => {
    const env = { CORPUS_DIR: SEEDS, NODE_OPTIONS: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'briefing-heap-')) };
    const chosen = heapMegabytes(env);
    const r = runEntry('src/main.js', [], { env, input: '/help\n' });
    expect(r.status).toBe(0);
    const limit = heapLimit(r.stderr);
    const defaultLimit = getHeapStatistics().heap_size_limit / 2 ** 20;
    if (chosen) expect(limit).toBeGreaterThanOrEqual(chosen);
    else expect(limit).toBeLessThan(defaultLimit * 1.1);
  });

  test('a limit set by hand in NODE_OPTIONS is kept', () => {
    const r = runEntry('src/main.js', [], {
      env: { CORPUS_DIR: SEEDS, NODE_OPTIONS: '--max-old-space-size=300' },
      input: '/help\n',
    });
    expect(r.status).toBe(0);
    expect(heapLimit(r.stderr)).toBeGreaterThanOrEqual(300);
    expect(heapLimit(r.stderr)).toBeLessThan(400);
  });

  const roomy = !!heapMegabytes({ DATA_DIR: mkdtempSync(join(tmpdir(), 'briefing-heap-')) });
  (roomy ? test : test.skip)('a snapshot that fits the default heap with room to spare starts in-process', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'briefing-heap-'));
    const env = { CORPUS_DIR: SEEDS, NODE_OPTIONS: '', DATA_DIR: dataDir };
    // First start: no snapshot, the size of the corpus unknown, so the larger heap.
    const first = runEntry('src/main.js', [], { env, input: '/help\n' });
    expect(first.status).toBe(0);
    expect(heapLimit(first.stderr)).toBeGreaterThanOrEqual(
      heapMegabytes({ DATA_DIR: mkdtempSync(join(tmpdir(), 'x-')) })!,
    );
    // The seeds' snapshot is a few hundred kilobytes: the default heap, one process.
    expect(heapMegabytes(env)).toBeUndefined();
    const again = runEntry('src/main.js', [], { env, input: '/help\n' });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/from the index snapshot/);
    const defaultLimit = getHeapStatistics().heap_size_limit / 2 ** 20;
    expect(heapLimit(again.stderr)).toBeLessThan(defaultLimit * 1.1);
  });

  (roomy ? test : test.skip)('a snapshot too big for the default heap, or DATA_DIR named in .env, is counted', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'briefing-heap-'));
    // Sparse: its size is what counts, and it takes no disk.
    const big = join(dataDir, 'index-0123456789ab.snapshot');
    writeFileSync(big, '');
    truncateSync(big, Math.ceil(getHeapStatistics().heap_size_limit / 16) + 1);
    expect(heapMegabytes({ DATA_DIR: dataDir })).toBeDefined();
    truncateSync(big, 1000);
    expect(heapMegabytes({ DATA_DIR: dataDir })).toBeUndefined();
    // Other files in the folder are not snapshots.
    truncateSync(big, 0);
    writeFileSync(join(dataDir, 'notes.snapshot'), 'x');
    expect(heapMegabytes({ DATA_DIR: dataDir })).toBeDefined();
    // With DATA_DIR unset, `.env` in the working folder names it, as the bot's configuration reads it.
    const cwd = process.cwd();
    const work = mkdtempSync(join(tmpdir(), 'briefing-cwd-'));
    writeFileSync(join(dataDir, 'index-0123456789ab.snapshot'), 'x');
    writeFileSync(join(work, '.env'), `# the data\nDATA_DIR=${dataDir}\n`);
    try {
      process.chdir(work);
      expect(heapMegabytes({})).toBeUndefined();
      writeFileSync(join(work, '.env'), `DATA_DIR=${join(dataDir, 'elsewhere')}\n`);
      expect(heapMegabytes({})).toBeDefined();
    } finally {
      process.chdir(cwd);
    }
  });

  const linux = process.platform === 'linux' && roomy;
  (linux ? test : test.skip)('the bot stops when its launcher is killed outright', async () => {
    const bot = new BotProcess({ CORPUS_DIR: SEEDS, NODE_OPTIONS: '' });
    await bot.waitForLog(/Indexed 5 documents/);
    const pid = bot.child.pid!;
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
    expect(kids).toHaveLength(1);
    // Only the launcher: the bot learns it from its closed IPC channel.
    process.kill(pid, 'SIGKILL');
    const alive = () => {
      try {
        // A zombie (exited, not yet reaped by whoever adopted it) counts as stopped.
        return readFileSync(`/proc/${kids[0]}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
      } catch {
        return false;
      }
    };
    for (const end = Date.now() + 10_000; alive() && Date.now() < end;) await new Promise((r) => setTimeout(r, 25));
    expect(alive()).toBe(false);
  });
});
