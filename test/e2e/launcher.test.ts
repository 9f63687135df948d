import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { SEEDS } from '../helpers';
import { BotProcess, runEntry } from './run';

const { heapMegabytes } = require('../../scripts/launch.js') as { heapMegabytes: () => number | undefined };

const heapLimit = (log: string) => Number(/Heap limit (\d+) MB/.exec(log)?.[1]);

/** `npm start` sets the heap the bot needs itself: nobody has to know about NODE_OPTIONS. */
describe('the launcher', () => {
  test('starts the bot with the larger heap it chose, or the default when that is as large', () => {
    const r = runEntry('src/main.js', [], { env: { CORPUS_DIR: SEEDS, NODE_OPTIONS: '' }, input: '/help\n' });
    expect(r.status).toBe(0);
    const chosen = heapMegabytes();
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

  const linux = process.platform === 'linux' && !!heapMegabytes();
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
