import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

test('started from a snapshot, the bot answers first, then loads its search index, compares the folder and watches it', async () => {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  const data = tempDir();
  // The seeds' index is far below the default 4 MB: every start here answers before loading it.
  const env = { CORPUS_DIR: corpus, DATA_DIR: data, INDEX_SEARCH_LATER_MB: '0' };
  let bot = new BotProcess(env);
  try {
    await bot.waitForLog(/Watching the corpus for changes/);
  } finally {
    await bot.stop();
  }
  // Written while the bot is down: found by the comparison that follows the loading.
  writeFileSync(
    join(corpus, 'oslo.md'),
    '# Oslo rules out combat role\n\nNorway will not send fjordword troops, Oslo said.\n',
  );
  bot = new BotProcess(env);
  try {
    await bot.waitForLog(/Watching the corpus for changes/);
    const log = bot.err;
    // Answering first, then the search index, then the folder compared (the new file), then the watcher.
    const order = [
      /Indexed 5 documents, 173 sentences .*\(from the index snapshot in \d+ ms\)/,
      /corpus: 1 added/,
      /Search index loaded \d+ ms after the start; the corpus is up to date/,
      /Watching the corpus for changes/,
    ].map((re) => log.search(re));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    bot.child.stdin!.write('/search fjordword\n');
    await bot.waitForLog(/Norway will not send fjordword troops/, 5000);
  } finally {
    await bot.stop();
  }
});
