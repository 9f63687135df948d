import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { articlePage, FeedServer } from '../fakes/feedServer';
import { FakeSlack, signedHeaders, slashCommandBody, slackBotEnv } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 'test-signing-secret';

/** The real bot process following feeds served on 127.0.0.1, answering and briefing in the fake Slack. */
describe('news that arrives by itself', () => {
  const slack = new FakeSlack();
  const web = new FeedServer();
  const data = tempDir();
  const corpus = tempDir();
  cpSync(join(SEEDS, '000_7be51bb2aaf4d83e.txt'), join(corpus, 'a.txt'));
  let bot: BotProcess;
  let port: number;
  const env = () =>
    slackBotEnv(slack, port, SECRET, {
      CORPUS_DIR: corpus,
      DATA_DIR: data,
      DIGEST_SCHEDULE: '*/2 * * * * *',
      FEEDS_ALLOW_PRIVATE: 'true',
      FEEDS_MIN_INTERVAL: '1',
    });

  async function command(name: string, text: string) {
    const id = `${name.slice(1)}-${Math.random().toString(36).slice(2)}`;
    const body = slashCommandBody(name, text, slack.responseUrl(id));
    await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
    return waitFor(`response ${id}`, () => slack.responses.find((r) => r.path === id), 20000);
  }
  const blocks = (r: { body: Record<string, unknown> }) => JSON.stringify(r.body.blocks ?? r.body.text);
  const briefings = () => slack.posts().map((p) => JSON.stringify(p.body.blocks));

  beforeAll(async () => {
    await Promise.all([slack.start(), web.start()]);
    port = await freePort();
    web.serve(
      '/p1',
      articlePage('Britain pledges engineers', [
        'Britain will send engineers to rebuild the Kherson bridge, the Foreign Office said on Monday.',
        'London argued that the work could begin within weeks once parliament agrees the funding for it.',
        'The decision follows months of talks between the two governments over the crossing and its cost.',
      ]),
      'text/html',
    );
    web.serve(
      '/p2',
      articlePage('Norway sends medics', [
        'Norway will send a field hospital and forty medics to the region, Oslo said in a statement.',
        'The Norwegian defence ministry added that the first team would leave at the end of the week.',
        'Officials in Oslo said the mission would last at least six months and could be extended.',
      ]),
      'text/html',
    );
    web.serve('/guardian.xml', web.fixture('guardian.rss'), 'application/rss+xml', { etag: '"g"' });
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening/);
  });

  /** The live feed, its items published now (after the channel subscribed). */
  function publishLive() {
    const now = new Date(Date.now() + 1000).toUTCString();
    web.serve(
      '/live.xml',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Live Wire</title><link>${web.url('/')}</link><item><title>Britain pledges engineers</title><link>${web.url('/p1')}</link><guid>live-1</guid><pubDate>${now}</pubDate></item><item><title>Norway sends medics</title><link>${web.url('/p2')}</link><guid>live-2</guid><pubDate>${now}</pubDate></item></channel></rss>`,
      'application/rss+xml',
      { etag: '"live-1"' },
    );
  }

  afterAll(async () => {
    await bot.stop();
    await Promise.all([slack.stop(), web.stop()]);
  });

  test('a feed added in chat is answerable within one poll, cited with its link, and carried once by the next briefing', async () => {
    expect(blocks(await command('/digest', 'subscribe'))).toContain('Subscribed');
    await waitFor('the first briefing (the folder)', () => slack.posts().length > 0, 20000);
    const before = slack.posts().length;
    publishLive();
    const added = await command('/feeds', `add ${web.url('/live.xml')} live every 1m`);
    expect(blocks(added)).toMatch(/Following “live”: Live Wire/);
    expect(blocks(added)).toMatch(/2 articles read now/);
    let pos = '';
    await waitFor(
      'the article answerable by /position',
      () => {
        void command('/position', 'UK').then((r) => (pos = blocks(r)));
        return pos.includes('Britain will send engineers to rebuild the Kherson bridge') || undefined;
      },
      10000,
    );
    expect(pos).toContain(`<${web.url('/p1')}|Britain pledges engineers>`);
    expect(pos).toMatch(/feeds\/live\/[\w-]+\.md:\d+/);
    const carried = await waitFor(
      'a briefing with the feed',
      () =>
        slack
          .posts()
          .slice(before)
          .find((p) => JSON.stringify(p.body.blocks).includes('Norway sends medics')),
      15000,
    );
    expect(JSON.stringify(carried.body.blocks)).toContain(`<${web.url('/p2')}|Norway sends medics>`);
    // Later briefings do not repeat it.
    await new Promise((r) => setTimeout(r, 4500));
    expect(briefings().filter((b) => b.includes('Norway sends medics'))).toHaveLength(1);
  });

  test('old items of a new feed are answerable but not announced', async () => {
    const added = await command('/feeds', `add ${web.url('/guardian.xml')} guardian every 1m`);
    expect(blocks(added)).toMatch(/4 articles read now/);
    const search = await command('/search', 'State of the Union');
    expect(blocks(search)).toContain('feeds/guardian/');
    await new Promise((r) => setTimeout(r, 4500));
    expect(briefings().some((b) => b.includes('State of the Union'))).toBe(false);
    const list = await command('/feeds', 'list');
    expect(blocks(list)).toMatch(/guardian.*every 1 min.*4 items · ok/);
  });

  test('a restart loses nothing and repeats nothing', async () => {
    const files = readdirSync(join(data, 'feeds'), { recursive: true }).length;
    const pages = web.hits('/p1').length + web.hits('/p2').length;
    const posts = slack.posts().length;
    await bot.stop();
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening/);
    expect(blocks(await command('/feeds', 'list'))).toMatch(/live[\s\S]*guardian|guardian[\s\S]*live/);
    expect(blocks(await command('/search', 'Kherson bridge'))).toContain('Britain will send engineers');
    await new Promise((r) => setTimeout(r, 4500));
    expect(readdirSync(join(data, 'feeds'), { recursive: true }).length).toBe(files);
    expect(web.hits('/p1').length + web.hits('/p2').length).toBe(pages);
    expect(slack.posts().length).toBe(posts);
  });
});
