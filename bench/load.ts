/**
 * Answers under load through the real platform paths: the bot process (`npm start`'s entry, through
 * the launcher) on a corpus and its snapshot, 50 signed slash commands posted at once to its Slack
 * HTTP endpoint, and 50 interactions dispatched at once on the fake Discord gateway. The fakes are
 * the test suite's own (test/fakes), on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { APP_ID, FakeDiscord } from '../test/fakes/fakeDiscord';
import { FakeSlack, signedHeaders, slashCommandBody } from '../test/fakes/fakeSlack';
import { freePort } from '../test/fakes/ports';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'bench-secret';

export interface LoadFigures {
  /** Concurrent commands sent per platform. */
  concurrent: number;
  /** ms from sending to the acknowledgement (Slack: the HTTP response; Discord: the interaction callback). */
  slack: { ackP50: number; ackP99: number; answerP50: number; answerP99: number; answered: number };
  discord: { ackP50: number; ackP99: number; answerP50: number; answerP99: number; answered: number };
}

/** The commands sent, per platform: a meeting's mix of positions, quotes and searches. */
const COMMANDS: Array<{ name: 'position' | 'quotes' | 'search'; option: string; text: string }> = [
  { name: 'position', option: 'actor', text: 'UK' },
  { name: 'position', option: 'actor', text: 'Russia' },
  { name: 'quotes', option: 'speaker', text: 'Blair' },
  { name: 'search', option: 'query', text: 'interest rates' },
  { name: 'search', option: 'query', text: 'electon' },
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10 : NaN;
};

export async function underLoad(corpusDir: string, dataDir: string, concurrent = 50): Promise<LoadFigures> {
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  await Promise.all([slack.start(), discord.start()]);
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: String(port),
    SLACK_HOST: '127.0.0.1',
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: 'bench',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
  };
  const bot = spawn(process.execPath, [join(ROOT, 'scripts', 'launch.js'), 'src/main.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  bot.stdout.on('data', (d) => (log += String(d)));
  bot.stderr.on('data', (d) => (log += String(d)));
  const until = async (what: string, probe: () => boolean, ms = 120_000) => {
    for (const end = Date.now() + ms; !probe(); await new Promise((r) => setTimeout(r, 10)))
      if (Date.now() > end || bot.exitCode !== null) throw new Error(`load test: ${what} not reached:\n${log}`);
  };
  try {
    await until('Slack listening', () => /Slack: listening/.test(log));
    await until('Discord logged in', () => /Discord: logged in/.test(log));
    const slackAcks: number[] = [];
    const slackSent = new Map<string, number>();
    await Promise.all(
      Array.from({ length: concurrent }, async (_, i) => {
        const c = COMMANDS[i % COMMANDS.length]!;
        const id = `load-${i}`;
        const body = slashCommandBody(`/${c.name}`, c.text, slack.responseUrl(id));
        const t = Date.now();
        slackSent.set(id, t);
        const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: 'POST',
          headers: signedHeaders(SECRET, body),
          body,
        });
        await res.text();
        slackAcks.push(Date.now() - t);
      }),
    );
    await until(
      'every Slack answer',
      () => slack.responses.filter((r) => r.path.startsWith('load-')).length >= concurrent,
      30_000,
    );
    const slackAnswers = [...slackSent].map(([id, t]) => slack.responses.find((r) => r.path === id)!.at - t);

    const sent: Array<{ id: string; token: string; at: number }> = [];
    for (let i = 0; i < concurrent; i++) {
      const c = COMMANDS[i % COMMANDS.length]!;
      const at = Date.now();
      const { id, token } = discord.interact(2, {
        id: '900',
        name: c.name,
        type: 1,
        options: [{ name: c.option, type: 3, value: c.text }],
      });
      sent.push({ id, token, at });
    }
    const callsOf = (s: (typeof sent)[number]) =>
      discord.calls.filter((c) => c.path.includes(`/interactions/${s.id}/`) || c.path.includes(s.token));
    // The answer is the call that carries it: an immediate reply (type 4) or the edit of a deferred one.
    const answerOf = (s: (typeof sent)[number]) =>
      callsOf(s).find((c) => {
        const b = c.body as Record<string, unknown>;
        const d = (b.data ?? b) as Record<string, unknown>;
        return b.type !== 5 && (d.content || d.embeds);
      });
    await until('every Discord answer', () => sent.every((s) => answerOf(s)), 30_000);
    return {
      concurrent,
      slack: {
        ackP50: pct(slackAcks, 50),
        ackP99: pct(slackAcks, 99),
        answerP50: pct(slackAnswers, 50),
        answerP99: pct(slackAnswers, 99),
        answered: slackAnswers.length,
      },
      discord: {
        ackP50: pct(
          sent.map((s) => callsOf(s)[0]!.at - s.at),
          50,
        ),
        ackP99: pct(
          sent.map((s) => callsOf(s)[0]!.at - s.at),
          99,
        ),
        answerP50: pct(
          sent.map((s) => answerOf(s)!.at - s.at),
          50,
        ),
        answerP99: pct(
          sent.map((s) => answerOf(s)!.at - s.at),
          99,
        ),
        answered: sent.length,
      },
    };
  } finally {
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await Promise.all([slack.stop(), discord.stop()]);
  }
}
