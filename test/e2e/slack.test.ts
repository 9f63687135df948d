import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlack, shareClickBody, signedHeaders, slackSignature, slashCommandBody } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 'test-signing-secret';

function corpusWithTraps(): string {
  const dir = tempDir();
  cpSync(SEEDS, dir, { recursive: true });
  writeFileSync(
    join(dir, 'alarm.txt'),
    'Alarm over notices\n\nBritain will warn <!channel> and <!here> and @everyone and <@U123> via <http://evil.example|this link> today.\n',
  );
  return dir;
}

describe('Slack over HTTP, end to end against a local fake Slack', () => {
  const slack = new FakeSlack();
  let bot: BotProcess;
  let port: number;

  beforeAll(async () => {
    await slack.start();
    port = await freePort();
    bot = new BotProcess({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(port),
      SLACK_HOST: '127.0.0.1',
      SLACK_API_URL: slack.apiUrl,
      CORPUS_DIR: corpusWithTraps(),
      DATA_DIR: tempDir(),
    });
    await bot.waitForLog(/Slack: listening on 127\.0\.0\.1:\d+/);
  });

  afterAll(async () => {
    await bot.stop();
    await slack.stop();
  });

  async function send(
    command: string,
    text: string,
    opts: { ts?: number; secret?: string; headers?: Record<string, string>; id?: string } = {},
  ) {
    const id = opts.id ?? `${command.slice(1)}-${Math.random().toString(36).slice(2)}`;
    const body = slashCommandBody(command, text, slack.responseUrl(id));
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(opts.secret ?? SECRET, ts, body),
        ...opts.headers,
      },
      body,
    });
    return { status: res.status, ms: Date.now() - started, id, body };
  }

  const responseFor = (id: string) => waitFor(`response ${id}`, () => slack.responses.find((r) => r.path === id));
  const blockText = (r: { body: Record<string, unknown> }) => JSON.stringify(r.body.blocks);

  test('/position UK: acked well within 3 s, then the right quoted lines, ephemeral, with a share button', async () => {
    const r = await send('/position', 'UK');
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(1500);
    const resp = await responseFor(r.id);
    expect(resp.body.response_type).toBe('ephemeral');
    const text = blockText(resp);
    expect(text).toContain('Position: United Kingdom');
    expect(text).toContain('Britain has no intention of placing its forces in direct combat with Russia.');
    expect(text).toMatch(/000_7be51bb2aaf4d83e\.txt:4/);
    expect(text).toContain('share_answer');
    expect(auth()).toBe(true);
  });

  const auth = () => slack.calls.some((c) => c.path === 'auth.test');

  test('a wrong signature gets 401 and runs nothing', async () => {
    const r = await send('/position', 'UK', { secret: 'wrong' });
    expect(r.status).toBe(401);
    await new Promise((res) => setTimeout(res, 300));
    expect(slack.responses.find((x) => x.path === r.id)).toBeUndefined();
  });

  test('a timestamp older than 5 minutes, or far in the future, gets 401 and runs nothing', async () => {
    const old = await send('/position', 'UK', { ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    const future = await send('/position', 'UK', { ts: Math.floor(Date.now() / 1000) + 60 * 60 });
    expect(old.status).toBe(401);
    expect(future.status).toBe(401);
    await new Promise((res) => setTimeout(res, 300));
    expect(slack.responses.filter((x) => x.path === old.id || x.path === future.id)).toEqual([]);
  });

  test('a document containing <!channel>, <!here>, @everyone and <@U123> notifies nobody', async () => {
    const r = await send('/search', 'warn notices');
    const text = blockText(await responseFor(r.id));
    expect(text).toContain('Britain will *warn*');
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<http/);
    expect(text).not.toMatch(/(^|[^\u2060])@everyone/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  test('a Slack retry (X-Slack-Retry-Num) never produces a second answer', async () => {
    const first = await send('/search', 'Witkoff', { id: 'retry-1' });
    await responseFor(first.id);
    const retry = await send('/search', 'Witkoff', {
      id: 'retry-1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await new Promise((res) => setTimeout(res, 500));
    expect(slack.responses.filter((x) => x.path === 'retry-1')).toHaveLength(1);
  });

  test('errors a person understands, privately; the app keeps answering', async () => {
    const empty = await responseFor((await send('/position', '')).id);
    expect(empty.body.response_type).toBe('ephemeral');
    expect(blockText(empty)).toContain('Usage: /position');
    const long = await responseFor((await send('/search', 'x'.repeat(3000))).id);
    expect(blockText(long)).toMatch(/limit is 200/);
    const unknown = await responseFor((await send('/position', 'Narnia')).id);
    expect(blockText(unknown)).toMatch(/Narnia/);
    expect(blockText(unknown)).not.toContain('share_answer');
    const ok = await responseFor((await send('/quotes', 'Trump')).id);
    expect(blockText(ok)).toContain('always be with the British');
  });

  test('the share button posts the answer in the channel', async () => {
    const first = await responseFor((await send('/quotes', 'Starmer')).id);
    const blocks = first.body.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>;
    const shareId = blocks.find((b) => b.type === 'actions')!.elements![0]!.value!;
    const body = shareClickBody(shareId, slack.responseUrl('shared-1'));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
    expect(res.status).toBe(200);
    const shared = await responseFor('shared-1');
    expect(shared.body.response_type).toBe('in_channel');
    expect(blockText(shared)).toContain('peace that is tough and fair');
    expect(blockText(shared)).toContain('Shared by ana');
  });
});

describe('Slack in Socket Mode', () => {
  test('connects through apps.connections.open and answers a slash command envelope', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const bot = new BotProcess({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-test',
      SLACK_API_URL: slack.apiUrl,
      CORPUS_DIR: SEEDS,
      DATA_DIR: tempDir(),
    });
    try {
      await bot.waitForLog(/Slack: connected in Socket Mode/);
      expect(slack.calls.some((c) => c.path === 'apps.connections.open')).toBe(true);
      const body = Object.fromEntries(
        new URLSearchParams(slashCommandBody('/position', 'Russia', slack.responseUrl('socket-1'))),
      );
      slack.sendEnvelope({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: body,
      });
      const resp = await waitFor('socket response', () => slack.responses.find((r) => r.path === 'socket-1'));
      expect(JSON.stringify(resp.body.blocks)).toContain(
        'Moscow has strongly opposed any deployment of foreign troops',
      );
      expect(slack.acks.some((a) => a.envelope_id === 'env-1')).toBe(true);
    } finally {
      await bot.stop();
      await slack.stop();
    }
  });
});
