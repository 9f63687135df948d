import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the running bot answers from a file within 2 s of it landing, and restarts from its snapshot', async () => {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  const data = tempDir();
  const env = { CORPUS_DIR: corpus, DATA_DIR: data };
  let bot = new BotProcess(env);
  try {
    await bot.waitForLog(/Indexed 5 documents, 173 sentences .*\(indexed in/);
    await sleep(500); // the watcher's first scan
    writeFileSync(
      join(corpus, 'oslo.md'),
      '---\ntitle: Oslo rules out combat role\n---\nNorway will not send combat troops, Oslo said on Monday.\n',
    );
    await sleep(2000);
    bot.child.stdin!.write('/position Norway\n/sources\n');
    await bot.waitForLog(/Position: Norway[\s\S]*Norway will not send combat troops/, 5000);
    await bot.waitForLog(/Oslo rules out combat role — oslo\.md · 1 line · 1 sentence · indexed 20\d\d-/, 5000);
  } finally {
    await bot.stop();
  }
  bot = new BotProcess(env);
  try {
    await bot.waitForLog(/Indexed 6 documents, \d+ sentences .*\(from the index snapshot in \d+ ms\)/);
  } finally {
    await bot.stop();
  }
});
