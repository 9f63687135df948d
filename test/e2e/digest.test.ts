import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlack, signedHeaders, slashCommandBody, slackBotEnv } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 's3cret';
jest.setTimeout(60000);

describe('scheduled briefings, end to end with the real bot and a local fake Slack', () => {
  const slack = new FakeSlack();
  const corpus = tempDir();
  const data = tempDir();
  let port: number;
  let bot: BotProcess;

  const env = () =>
    slackBotEnv(slack, port, SECRET, {
      CORPUS_DIR: corpus,
      DATA_DIR: data,
      // Every two seconds, so a test sees several runs.
      DIGEST_SCHEDULE: '*/2 * * * * *',
      DIGEST_TIMEZONE: 'Europe/London',
    });

  async function command(text: string, channel = 'C123', id = `r-${Math.random().toString(36).slice(2)}`) {
    const body = slashCommandBody('/digest', text, slack.responseUrl(id), {
      channel_id: channel,
      channel_name: channel === 'C123' ? 'briefings' : 'gone',
    });
    await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
    return JSON.stringify((await waitFor(`reply ${id}`, () => slack.responses.find((r) => r.path === id))).body);
  }

  /** Top-level briefings posted to a channel (thread replies continue one briefing). */
  const briefings = (channel = 'C123') => slack.posts().filter((p) => p.body.channel === channel && !p.body.thread_ts);
  const text = (p: { body: Record<string, unknown> }) => JSON.stringify(p.body.blocks);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  function addDoc(name: string, title: string, line: string) {
    writeFileSync(
      join(corpus, name),
      `---\ntitle: ${title}\ndate: 2026-11-2${name.length % 9}\nsource: Test Wire\n---\n${line}\n`,
    );
  }

  beforeAll(async () => {
    mkdirSync(corpus, { recursive: true });
    cpSync(join(SEEDS, '000_7be51bb2aaf4d83e.txt'), join(corpus, 'a.txt'));
    cpSync(join(SEEDS, '003_45b5778ab0da8b76.txt'), join(corpus, 'b.txt'));
    await slack.start();
    port = await freePort();
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening/);
  });

  afterAll(async () => {
    await bot.stop();
    await slack.stop();
  });

  test('a subscription made with the command posts a briefing at its time, with the current documents once', async () => {
    const reply = await command('subscribe');
    expect(reply).toContain('Subscribed #briefings');
    expect(reply).toContain('carries the 2 current documents once');
    const first = await waitFor('first briefing', () => briefings()[0]);
    const t = text(first);
    expect(t).toMatch(/Briefing — \w+ \d+ \w+ 2026/);
    expect(t).toContain('a.txt:');
    expect(t).toContain('b.txt:');
    expect(t).toContain('Latest positions');
  });

  test('the next runs, with nothing new, post nothing', async () => {
    await sleep(4500);
    expect(briefings()).toHaveLength(1);
  });

  test('a document added to the folder is carried by the next briefing, alone', async () => {
    addDoc('c.txt', 'Oslo rules out combat role', 'Norway will not send combat troops, Oslo said on Monday.');
    const second = await waitFor('second briefing', () => briefings()[1]);
    const t = text(second);
    expect(t).toContain('Oslo rules out combat role');
    expect(t).toContain('c.txt:');
    expect(t).not.toContain('a.txt:');
    expect(t).not.toContain('b.txt:');
  });

  test('/digest status tells the schedule, the next and last runs, and what is pending', async () => {
    const s = await command('status');
    expect(s).toContain('Schedule');
    expect(s).toContain('Next run');
    expect(s).toMatch(/Last briefing.*1 document/);
    expect(s).toContain('nothing new so far');
  });

  test('killed and restarted with the same DATA_DIR: the subscription survives and nothing is posted twice', async () => {
    const before = briefings().length;
    await bot.stop('SIGKILL');
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening/);
    await sleep(4500);
    expect(briefings()).toHaveLength(before);
    addDoc('d.txt', 'Helsinki backs the mission', 'Finland will contribute air defence, Helsinki said.');
    const next = await waitFor('briefing after restart', () => briefings()[before]);
    expect(text(next)).toContain('Helsinki backs the mission');
    expect(text(next)).not.toContain('Oslo rules out combat role');
    await sleep(2500);
    expect(briefings()).toHaveLength(before + 1);
  });

  test('a 429 from Slack is retried after its Retry-After', async () => {
    const before = briefings().length;
    slack.rateLimit['chat.postMessage'] = { times: 1, retryAfter: 1 };
    addDoc('e.txt', 'Tallinn weighs in', 'Estonia will send engineers, Tallinn said.');
    const posted = await waitFor('briefing after 429', () => briefings()[before], 20000);
    const limited = slack.calls.find((c) => c.path === 'chat.postMessage:429')!;
    expect(limited).toBeDefined();
    expect(posted.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(text(posted)).toContain('Tallinn weighs in');
    expect(briefings()).toHaveLength(before + 1);
  });

  test('a channel the bot can no longer post to is paused and reported; the others keep receiving', async () => {
    slack.failChannel.C999 = 'channel_not_found';
    expect(await command('subscribe', 'C999')).toContain('Subscribed #gone');
    await bot.waitForLog(/slack:C999 can no longer be posted to \(Slack: channel_not_found\)/);
    const s = await command('status', 'C999');
    expect(s).toMatch(/paused — the bot cannot post here \(Slack: channel_not_found\)/);
    const before = briefings().length;
    addDoc('f.txt', 'Riga joins', 'Latvia will host a training base, Riga said.');
    const ok = await waitFor('others still served', () => briefings()[before]);
    expect(text(ok)).toContain('Riga joins');
    const attempts = slack.calls.filter((c) => c.path === 'chat.postMessage' && c.body.channel === 'C999').length;
    await sleep(4500);
    expect(slack.calls.filter((c) => c.path === 'chat.postMessage' && c.body.channel === 'C999').length).toBe(attempts);
  });

  test('invalid subscriptions are refused, naming what is wrong, and nothing is saved', async () => {
    expect(await command('subscribe 25:00', 'C555')).toMatch(/not a time of day/);
    expect(await command('subscribe 08:00 Mars/Olympus', 'C555')).toMatch(/not a time zone/);
    expect(await command('status', 'C555')).toMatch(/has no briefing subscription/);
  });
});
