import { connect } from 'node:net';
import { cpSync } from 'node:fs';
import { FakeSlack, shareClickBody, signedHeaders, slashCommandBody, slackBotEnv } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { hostileCorpus } from '../hostile/corpus';
import { slackProblems } from '../hostile/invariants';
import { BotProcess } from './run';

const SECRET = 'test-signing-secret';

/** The real bot process on a hostile corpus, attacked over its Slack HTTP port as a scanner or a broken proxy would. */
describe('Slack under hostile requests and a hostile corpus', () => {
  const slack = new FakeSlack();
  let bot: BotProcess;
  let port: number;
  const data = tempDir();
  const corpus = hostileCorpus();
  cpSync(SEEDS, corpus, { recursive: true });
  const env = () =>
    slackBotEnv(slack, port, SECRET, {
      CORPUS_DIR: corpus,
      DATA_DIR: data,
      ANSWER_LIMIT: '50',
    });

  beforeAll(async () => {
    await slack.start();
    port = await freePort();
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening on 127\.0\.0\.1:\d+/);
  });

  afterAll(async () => {
    await bot.stop();
    await slack.stop();
  });

  const signed = (body: string) => signedHeaders(SECRET, body);

  async function command(name: string, text: string, extra: Record<string, string> = {}) {
    const id = `${name.slice(1)}-${Math.random().toString(36).slice(2)}`;
    const body = slashCommandBody(name, text, slack.responseUrl(id), extra);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signed(body), body });
    return { status: res.status, id };
  }
  const responseFor = (id: string) => waitFor(`response ${id}`, () => slack.responses.find((r) => r.path === id));

  test('requests other than POST /slack/events get 404/405 or a health answer, and the bot keeps running', async () => {
    const url = (p: string) => `http://127.0.0.1:${port}${p}`;
    const cases: Array<[string, string, number]> = [
      ['GET', '/', 404],
      ['HEAD', '/', 404],
      ['OPTIONS', '/slack/events', 405],
      ['PUT', '/slack/events', 405],
      ['GET', '/slack/events', 405],
      ['POST', '/other', 404],
      ['DELETE', '/slack/events/../../etc/passwd', 404],
      ['GET', '/healthz', 200],
      ['HEAD', '/healthz', 200],
    ];
    for (const [method, path, status] of cases) {
      const res = await fetch(url(path), { method, body: method === 'POST' || method === 'PUT' ? 'x=1' : undefined });
      expect([method, path, res.status]).toEqual([method, path, status]);
    }
    expect(await (await fetch(url('/healthz'))).json()).toEqual({
      ok: true,
      ready: expect.any(Boolean),
      documents: expect.any(Number),
      stopping: false,
    });
    // Malformed at the HTTP level: a garbage request line, a bad URL, an absurd header.
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n',
      `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX: ${'a'.repeat(20000)}\r\n\r\nhello`,
      'POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ]) {
      await new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.end(raw));
        s.setTimeout(3000, () => s.destroy());
        s.on('data', () => undefined);
        s.on('error', () => resolve());
        s.on('close', () => resolve());
      });
    }
    // Signed but broken bodies: not JSON, no command, an unknown command (Bolt gives up on what no listener
    // acknowledges after 3 s, so they go in parallel).
    const broken = await Promise.all(
      ['{not json', 'payload=%7Bbroken', 'command=%2Fnope&text=x', ''].map((body) =>
        fetch(url('/slack/events'), { method: 'POST', headers: signed(body), body }),
      ),
    );
    for (const res of broken) expect(res.status).toBeLessThan(600);
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.exited).toBeNull();
    const r = await command('/position', 'UK');
    expect(JSON.stringify((await responseFor(r.id)).body.blocks)).toContain('Position: United Kingdom');
  });

  test('a command without a trigger_id is answered, every time', async () => {
    const a = await command('/search', 'Witkoff', { trigger_id: '' });
    const b = await command('/search', 'Witkoff', { trigger_id: '' });
    expect(JSON.stringify((await responseFor(a.id)).body.blocks)).toContain('Witkoff');
    expect(JSON.stringify((await responseFor(b.id)).body.blocks)).toContain('Witkoff');
  });

  test('hostile documents and file names reach Slack as text: no mention, no link, no broken citation, within limits', async () => {
    for (const q of [
      ['/search', 'harmless'],
      ['/search', 'Britain said'],
      ['/search', 'envoys capital'],
      ['/position', 'UK'],
      ['/sources', ''],
      ['/search', 'clause7 statement'],
    ]) {
      const r = await command(q[0]!, q[1]!);
      const resp = await responseFor(r.id);
      const message = { ...resp.body };
      delete message.response_type;
      expect(slackProblems(message as never)).toEqual([]);
    }
    expect(slack.refused).toEqual([]);
  });

  test('symlinks out of the corpus are never indexed', async () => {
    const r = await command('/search', 'must never be read');
    const resp = await responseFor(r.id);
    expect(JSON.stringify(resp.body)).not.toContain('outside the corpus');
  });

  test('when Slack refuses the blocks, the user gets a short plain answer instead of silence', async () => {
    slack.refuseBlocks = true;
    try {
      const r = await command('/position', 'UK');
      const resp = await responseFor(r.id);
      expect(resp.body.blocks ?? []).toEqual([]);
      expect(String(resp.body.text)).toMatch(/Position: United Kingdom[\s\S]*shortened/);
      expect(slack.refused.some((x) => x.path === r.id)).toBe(true);
    } finally {
      slack.refuseBlocks = false;
    }
  });

  test('the share button still works after a restart (shares are kept in the database)', async () => {
    const first = await responseFor((await command('/quotes', 'Starmer')).id);
    const blocks = first.body.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>;
    const shareId = blocks.find((b) => b.type === 'actions')!.elements![0]!.value!;
    await bot.stop();
    bot = new BotProcess(env());
    await bot.waitForLog(/Slack: listening on 127\.0\.0\.1:\d+/);
    const body = shareClickBody(shareId, slack.responseUrl('shared-after-restart'));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(200);
    const shared = await responseFor('shared-after-restart');
    expect(shared.body.response_type).toBe('in_channel');
    expect(JSON.stringify(shared.body.blocks)).toContain('Shared by ana');
  });
});
