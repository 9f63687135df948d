import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlack, signedHeaders, slashCommandBody, slackBotEnv } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { freshDatabase } from '../fakes/postgres';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 's3cret';
jest.setTimeout(60000);

test('with DATABASE_URL the real bot keeps its state in PostgreSQL: another process on another DATA_DIR finds the subscription and posts nothing twice', async () => {
  const db = await freshDatabase();
  const slack = new FakeSlack();
  await slack.start();
  const corpus = tempDir();
  mkdirSync(corpus, { recursive: true });
  cpSync(join(SEEDS, '000_7be51bb2aaf4d83e.txt'), join(corpus, 'a.txt'));
  const bots: BotProcess[] = [];
  const start = async (data: string) => {
    const port = await freePort();
    const bot = new BotProcess(
      slackBotEnv(slack, port, SECRET, {
        CORPUS_DIR: corpus,
        DATA_DIR: data,
        DATABASE_URL: db.url,
        DIGEST_SCHEDULE: '*/2 * * * * *',
      }),
    );
    bots.push(bot);
    await bot.waitForLog(/Slack: listening/);
    return port;
  };
  const command = async (port: number, text: string) => {
    const id = `r-${Math.random().toString(36).slice(2)}`;
    const body = slashCommandBody('/digest', text, slack.responseUrl(id), {
      channel_id: 'C123',
      channel_name: 'briefings',
    });
    await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
    return JSON.stringify((await waitFor(`reply ${id}`, () => slack.responses.find((r) => r.path === id))).body);
  };
  const briefings = () => slack.posts().filter((p) => p.body.channel === 'C123' && !p.body.thread_ts);
  try {
    const dataA = tempDir();
    const a = await start(dataA);
    expect(await command(a, 'subscribe')).toContain('Subscribed #briefings');
    await waitFor('first briefing', () => briefings()[0]);
    // Nothing of the state went to DATA_DIR.
    expect(existsSync(join(dataA, 'briefing.db'))).toBe(false);
    await bots[0]!.stop();
    const b = await start(tempDir());
    const status = await command(b, 'status');
    expect(status).toContain('Briefing status for #briefings');
    expect(status).toContain('nothing new so far');
    await new Promise((r) => setTimeout(r, 4500));
    expect(briefings()).toHaveLength(1);
  } finally {
    for (const bot of bots) await bot.stop();
    await slack.stop();
    await db.drop();
  }
});
