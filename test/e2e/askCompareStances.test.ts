import { inflateSync } from 'node:zlib';
import { discordBotEnv, FakeDiscord } from '../fakes/fakeDiscord';
import { eventBody, FakeSlack, signedHeaders, slackBotEnv, slashCommandBody } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess, runEntry } from './run';

/** A PNG's width and height from IHDR, after checking the signature and that its pixel data inflates. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (width * 4 + 1));
  return { width, height };
}

describe('/ask, /compare and /stances in the terminal', () => {
  test('each answers with quoted lines, says how a question was read, and prints the stance table', () => {
    const r = runEntry(
      'src/adapters/terminal/ask.js',
      ['/ask What does Britain say about sending troops?', '--corpus', SEEDS],
      { env: { DATA_DIR: tempDir() } },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Read as: /position UK sending troops');
    expect(r.stdout).toContain('avoid sending troops into combat');
    const c = runEntry('src/adapters/terminal/ask.js', ['/compare UK US troops', '--corpus', SEEDS], {
      env: { DATA_DIR: tempDir() },
    });
    expect(c.stdout).toMatch(/They (agree|differ)/);
    expect(c.stdout).toMatch(/United Kingdom[\s\S]*United States/);
    const s = runEntry('src/adapters/terminal/ask.js', ['/stances troops', '--corpus', SEEDS], {
      env: { DATA_DIR: tempDir() },
    });
    expect(s.stdout).toMatch(/UK — troops: (supports|opposes|conditional|undecided) \(\S+\.txt:\d+\)/);
  });
});

describe('what changed, in the terminal', () => {
  test('/position with a topic and the digest flag a dated shift of stance, quoting both lines', () => {
    const corpus = tempDir({
      'feb.md':
        '---\ndate: 2025-02-12\n---\n# Britain rules out combat role\n\nThe UK will not send combat troops to Ukraine, the defence secretary said on Wednesday.\n',
      'mar.md':
        '---\ndate: 2025-03-02\n---\n# UK ready to deploy\n\nIn a reversal of its earlier stance, the UK is now ready to send troops to Ukraine to support a peace deal, the prime minister said.\n',
    });
    const p = runEntry('src/adapters/terminal/ask.js', ['/position UK troops', '--corpus', corpus], {
      env: { DATA_DIR: tempDir() },
    });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('What changed');
    expect(p.stdout).toMatch(/was ‘The UK will not send combat troops[^’]*’ \(12 Feb 2025, opposes; feb\.md:6\)/);
    expect(p.stdout).toMatch(/→ now ‘[^’]*ready to send troops[^’]*’ \(2 Mar 2025, supports; mar\.md:6\)/);
    const d = runEntry('src/adapters/terminal/ask.js', ['/digest', '--corpus', corpus], {
      env: { DATA_DIR: tempDir() },
    });
    expect(d.stdout).toMatch(/What changed[\s\S]*UK on “troops”/);
  });
});

describe('on Slack: the /stances picture by files.uploadV2, and /ask by slash command, mention or direct message', () => {
  const slack = new FakeSlack();
  let bot: BotProcess;
  let port: number;
  const SECRET = 'pic-secret';
  beforeAll(async () => {
    await slack.start();
    port = await freePort();
    bot = new BotProcess(slackBotEnv(slack, port, SECRET, { CORPUS_DIR: SEEDS, DATA_DIR: tempDir() }));
    await bot.waitForLog(/Slack: listening on/);
  });
  afterAll(async () => {
    await bot.stop();
    await slack.stop();
  });
  const send = async (command: string, text: string, id: string) => {
    const body = slashCommandBody(command, text, slack.responseUrl(id));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
    expect(res.status).toBe(200);
    return waitFor(`response ${id}`, () => slack.responses.find((r) => r.path === id));
  };

  test('the table comes back in the response and a valid PNG reaches the channel', async () => {
    const r = await send('/stances', '', 'st1');
    expect(JSON.stringify(r.body.blocks)).toMatch(/troops/);
    const up = await waitFor('upload completed', () => [...slack.uploads.values()].find((u) => u.completed && u.bytes));
    expect(up.channel).toBe('C123');
    expect(up.filename).toBe('stances.png');
    const { width, height } = pngSize(up.bytes!);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(150);
  });
  test('/ask and /compare answer in the response, /ask saying how it read the question', async () => {
    const a = await send('/ask', 'who has ruled out boots on the ground?', 'ask1');
    expect(JSON.stringify(a.body.blocks)).toContain('Read as: /stances boots on the ground');
    const c = await send('/compare', 'UK US troops', 'cmp1');
    expect(JSON.stringify(c.body.blocks)).toMatch(/They (agree|differ)/);
  });

  const deliver = async (body: string, retry = false) => {
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { ...signedHeaders(SECRET, body), ...(retry ? { 'x-slack-retry-num': '1' } : {}) },
      body,
    });
    expect(res.status).toBe(200);
  };
  const postsIn = (thread: string) => slack.posts().filter((p) => p.body.thread_ts === thread);

  test('a mention in a channel is answered in its thread, once, saying how it was read', async () => {
    const body = eventBody(
      {
        type: 'app_mention',
        user: 'U1',
        channel: 'C123',
        ts: '1700000000.000100',
        text: '<@UBOT> what does Britain say about sending troops?',
      },
      'EvMention1',
    );
    await deliver(body);
    const post = await waitFor('answer in thread', () => postsIn('1700000000.000100')[0]);
    expect(post.body.channel).toBe('C123');
    expect(JSON.stringify(post.body.blocks)).toContain('Read as: /position UK sending troops');
    // Slack re-delivers (with X-Slack-Retry-Num) and replays the same event id: neither is answered twice.
    await deliver(body, true);
    await deliver(body);
    await new Promise((r) => setTimeout(r, 300));
    expect(postsIn('1700000000.000100')).toHaveLength(1);
  });

  test('a direct message is answered; the bot’s own posts and edits are not', async () => {
    await deliver(
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D1',
        user: 'U1',
        ts: '1700000000.000200',
        text: 'who has ruled out boots on the ground?',
      }),
    );
    const post = await waitFor('DM answer', () => postsIn('1700000000.000200')[0]);
    expect(post.body.channel).toBe('D1');
    expect(JSON.stringify(post.body.blocks)).toContain('Read as: /stances boots on the ground');
    await deliver(
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D1',
        bot_id: 'B1',
        user: 'UBOT',
        ts: '1700000000.000300',
        text: 'what does Britain say?',
      }),
    );
    await deliver(
      eventBody({
        type: 'message',
        subtype: 'message_changed',
        channel_type: 'im',
        channel: 'D1',
        ts: '1700000000.000400',
        message: { text: 'what does Britain say?' },
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(postsIn('1700000000.000300')).toHaveLength(0);
    expect(postsIn('1700000000.000400')).toHaveLength(0);
  });

  test('a mention asking where everyone stands gets the table in its thread and the picture in the same thread', async () => {
    await deliver(
      eventBody({
        type: 'app_mention',
        user: 'U1',
        channel: 'C123',
        ts: '1700000000.000700',
        text: '<@UBOT> where does everyone stand on troops?',
      }),
    );
    const post = await waitFor('stances answer', () => postsIn('1700000000.000700')[0]);
    expect(JSON.stringify(post.body.blocks)).toContain('Read as: /stances troops');
    const up = await waitFor('picture in thread', () =>
      [...slack.uploads.values()].find((u) => u.completed && u.threadTs === '1700000000.000700'),
    );
    expect(up.channel).toBe('C123');
    expect(pngSize(up.bytes!).width).toBeGreaterThan(300);
  });

  test('a mention with no question gets the usage, and markup in the question is not echoed as markup', async () => {
    await deliver(
      eventBody({ type: 'app_mention', user: 'U1', channel: 'C123', ts: '1700000000.000500', text: '<@UBOT>' }),
    );
    const post = await waitFor('usage answer', () => postsIn('1700000000.000500')[0]);
    expect(JSON.stringify(post.body)).toMatch(/\/ask/);
    await deliver(
      eventBody({
        type: 'app_mention',
        user: 'U1',
        channel: 'C123',
        ts: '1700000000.000600',
        text: '<@UBOT> what does <!channel> say about @here?',
      }),
    );
    const p2 = await waitFor('hostile answer', () => postsIn('1700000000.000600')[0]);
    expect(JSON.stringify(p2.body)).not.toMatch(/<!channel>|<!here>|<!everyone>/);
  });
});

describe('/stances on Discord: the picture is attached to the answer', () => {
  const discord = new FakeDiscord();
  let bot: BotProcess;
  beforeAll(async () => {
    await discord.start();
    bot = new BotProcess(discordBotEnv(discord, { CORPUS_DIR: SEEDS, DATA_DIR: tempDir() }));
    await bot.waitForLog(/Discord: logged in as briefing/);
  });
  afterAll(async () => {
    await bot.stop();
    await discord.stop();
  });

  test('a valid PNG arrives as stances.png with the table in the embed', async () => {
    const { id } = discord.interact(2, { id: '901', name: 'stances', type: 1, options: [] });
    const cb = await waitFor(`callback ${id}`, () => discord.callbacks(id)[0]);
    expect(JSON.stringify(cb.body)).toMatch(/troops/);
    const file = await waitFor('attachment', () => discord.files.find((f) => f.name === 'stances.png'));
    const { width, height } = pngSize(file.bytes);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(150);
  });
  test('/ask and /compare through the gateway', async () => {
    const a = discord.interact(2, {
      id: '902',
      name: 'ask',
      type: 1,
      options: [{ name: 'question', type: 3, value: 'How do the UK and the US differ on troops?' }],
    });
    const cb = await waitFor(`callback ${a.id}`, () => discord.callbacks(a.id)[0]);
    expect(JSON.stringify(cb.body)).toContain('Read as: /compare UK US troops');
    const c = discord.interact(2, {
      id: '903',
      name: 'compare',
      type: 1,
      options: [
        { name: 'actors', type: 3, value: 'UK US' },
        { name: 'topic', type: 3, value: 'troops' },
      ],
    });
    const cc = await waitFor(`callback ${c.id}`, () => discord.callbacks(c.id)[0]);
    expect(JSON.stringify(cc.body)).toMatch(/They (agree|differ)/);
  });
});
