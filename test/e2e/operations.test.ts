import { FakeSlack, signedHeaders, slashCommandBody, slackBotEnv } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 's3cret';
jest.setTimeout(60000);

/**
 * The operator's view of a real bot process on the local fake Slack: health, readiness and metrics on
 * its HTTP port, one JSON log line per event, and a SIGTERM that finishes the answer under way.
 */
describe('operations, end to end', () => {
  const slack = new FakeSlack();
  let port: number;
  let bot: BotProcess;
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;

  async function command(name: string, text: string, id = `r-${Math.random().toString(36).slice(2)}`) {
    const body = slashCommandBody(`/${name}`, text, slack.responseUrl(id), {
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: `t-${id}`,
    });
    const res = await fetch(url('/slack/events'), { method: 'POST', headers: signedHeaders(SECRET, body), body });
    expect(res.status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    await slack.start();
    port = await freePort();
    bot = new BotProcess(
      slackBotEnv(slack, port, SECRET, { CORPUS_DIR: SEEDS, DATA_DIR: tempDir(), LOG_FORMAT: 'json' }),
    );
    await bot.waitForLog(/Slack: listening/);
  });
  afterAll(async () => {
    await bot.stop();
    await slack.stop();
  });

  test('health, readiness and metrics on the Slack port; each command answered is a JSON log line with a request id', async () => {
    expect((await fetch(url('/healthz'))).status).toBe(200);
    await waitFor('ready', async () => (await fetch(url('/readyz'))).status === 200 || undefined);
    const id = await command('search', 'troops');
    await waitFor('answer', () => slack.responses.find((r) => r.path === id));
    const line = await waitFor('command event', () =>
      bot.err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((e) => e.event === 'command'),
    );
    expect(line).toMatchObject({
      level: 30,
      event: 'command',
      platform: 'slack',
      team: 'T1',
      channel: 'C1',
      command: 'search',
      status: 'ok',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ms: expect.any(Number),
    });
    // Every line on stderr is one JSON object: the start-up messages too.
    const lines = bot.err.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toContain('briefing_commands_total{platform="slack",command="search",status="ok"} 1');
    expect(metrics).toMatch(/^briefing_ready 1$/m);
    expect(metrics).toMatch(/^briefing_documents 5$/m);
  });

  test('SIGTERM: not ready at once, the answer under way is delivered, then the process ends cleanly', async () => {
    slack.respondDelayMs = 1500;
    const id = await command('position', 'UK');
    // The answer is on its way to the response_url (held there) when the operator stops the bot.
    await new Promise((r) => setTimeout(r, 300));
    let exitedAt = 0;
    const exited = new Promise<number | null>((r) =>
      bot.child.once('exit', (code) => {
        exitedAt = Date.now();
        r(code);
      }),
    );
    bot.child.kill('SIGTERM');
    await waitFor('not ready', async () => {
      const res = await fetch(url('/readyz')).catch(() => undefined);
      return res?.status === 503 || undefined;
    });
    expect(await exited).toBe(0);
    // Delivered before the process ended: it waited for the reply to be taken.
    const answer = slack.responses.find((r) => r.path === id);
    expect(answer).toBeDefined();
    expect(exitedAt).toBeGreaterThanOrEqual(answer!.at);
    expect(bot.err).toMatch(/SIGTERM: shutting down; finishing 1 answer\(s\) under way/);
    expect(bot.err).toMatch(/SIGTERM: stopped/);
  });
});
