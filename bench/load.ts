/**
 * Answers under load through the real platform paths: the bot process (`npm start`'s entry, through
 * the launcher) on a corpus and its snapshot, 50 signed slash commands posted at once to its Slack
 * HTTP endpoint, and 50 interactions dispatched at once on the fake Discord gateway. The fakes are
 * the test suite's own (test/fakes), on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { APP_ID, FakeDiscord } from '../test/fakes/fakeDiscord';
import { FakeSlack } from '../test/fakes/fakeSlack';
import { freePort } from '../test/fakes/ports';
import { type BurstOrder, type BurstResult, type BurstTarget } from './slackBurst';

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

/** A process and its descendants (the launcher runs the bot as its child): Linux's /proc. */
export function tree(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // not Linux, or gone
  }
  return [pid, ...kids.flatMap(tree)];
}

/** Waits until the bot has used under 10% of a core for 300 ms (Linux's /proc; elsewhere a fixed second). */
export async function quiet(pid: number, timeoutMs = 30_000): Promise<void> {
  const cpu = () => {
    let ticks = 0;
    try {
      for (const p of tree(pid)) {
        const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (1/100 s)
      }
    } catch {
      return undefined;
    }
    return ticks;
  };
  if (cpu() === undefined) return new Promise((r) => setTimeout(r, 1000));
  const end = Date.now() + timeoutMs;
  let before = cpu()!;
  for (let calm = 0; calm < 3 && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpu() ?? before;
    calm = now - before <= 1 ? calm + 1 : 0;
    before = now;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10 : NaN;
};

/** Slack's side of the bursts, on a worker thread (see slackBurst.ts): each resolves with its send times and acknowledgements. */
export function slackSender(target: BurstTarget): {
  burst: (order: BurstOrder) => Promise<BurstResult>;
  stop: () => void;
} {
  const worker = new Worker(join(__dirname, 'slackBurst.js'), { workerData: target });
  return {
    burst: (order) =>
      new Promise((resolve, reject) => {
        const failed = (e: Error) => reject(new Error(`load test: the Slack burst failed: ${e.message}`));
        worker.once('error', failed);
        worker.once('message', (m: ({ ok: true } & BurstResult) | { ok: false; error: string }) => {
          worker.off('error', failed);
          if (m.ok) resolve({ sentAt: m.sentAt, ackMs: m.ackMs });
          else failed(new Error(m.error));
        });
        worker.postMessage(order);
      }),
    stop: () => void worker.terminate(),
  };
}

/** The environment of a bot on the fake Slack over HTTP on 127.0.0.1:`port`. */
export const slackEnv = (port: number, apiUrl: string) => ({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_PORT: String(port),
  SLACK_HOST: '127.0.0.1',
  SLACK_API_URL: apiUrl,
});

/**
 * The bot process (`npm start`'s entry, through the launcher) with `env` and nothing else of this
 * process's environment but PATH and HOME; its output collected, and a wait that fails with it.
 */
export function startBenchBot(env: Record<string, string>, what: string, defaultWaitMs: number) {
  const bot = spawn(process.execPath, [join(ROOT, 'scripts', 'launch.js'), 'src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  bot.stdout.on('data', (d) => (out += String(d)));
  bot.stderr.on('data', (d) => (out += String(d)));
  const log = () => out;
  const until = async (step: string, probe: () => boolean, ms = defaultWaitMs) => {
    for (const end = Date.now() + ms; !probe(); await new Promise((r) => setTimeout(r, 10)))
      if (Date.now() > end || bot.exitCode !== null) throw new Error(`${what}: ${step} not reached:\n${out}`);
  };
  return { bot, log, until };
}

export async function underLoad(corpusDir: string, dataDir: string, concurrent = 50): Promise<LoadFigures> {
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  await Promise.all([slack.start(), discord.start()]);
  const port = await freePort();
  const { bot, log, until } = startBenchBot(
    {
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      ...slackEnv(port, slack.apiUrl),
      DISCORD_TOKEN: 'bench',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    },
    'load test',
    120_000,
  );
  const sender = slackSender({ port, secret: SECRET });
  try {
    await until('Slack listening', () => /Slack: listening/.test(log()));
    await until('Discord logged in', () => /Discord: logged in/.test(log()));
    // Steady state, as in a meeting: the watcher's first walk of thousands of files is start-up work
    // (chokidar's 'ready' can come before its walk ends, so the bot's CPU time is watched too).
    await until('the watcher ready', () => /Watching the corpus/.test(log()));
    await quiet(bot.pid!);
    // A burst of /help on each platform first, as the meeting's earlier questions were: the
    // connections are open and both code paths compiled as in a bot that has been running (one
    // request leaves them interpreted, which no bot in use for a day is).
    await sender.burst(
      Array.from({ length: concurrent }, (_, i) => ({
        command: '/help',
        text: '',
        responseUrl: slack.responseUrl(`warm-${i}`),
      })),
    );
    const helps = Array.from({ length: concurrent }, () =>
      discord.interact(2, { id: '900', name: 'help', type: 1, options: [] }),
    );
    await until(
      'the warm-up answers',
      () =>
        slack.responses.filter((r) => r.path.startsWith('warm-')).length >= concurrent &&
        helps.every((h) => discord.answerTo(h)),
      30_000,
    );
    await quiet(bot.pid!);
    // discord.js counts every REST call but the interaction callbacks against a local 50-a-second
    // window (@discordjs/rest's globalRequestsPerSecond): the warm-up's answers edited in must not
    // share a second with the measured burst's, or the burst measures that window, not the bot.
    await new Promise((r) => setTimeout(r, 1100));
    const order: BurstOrder = Array.from({ length: concurrent }, (_, i) => {
      const c = COMMANDS[i % COMMANDS.length]!;
      return { command: `/${c.name}`, text: c.text, responseUrl: slack.responseUrl(`load-${i}`) };
    });
    const { sentAt, ackMs: slackAcks } = await sender.burst(order);
    await until(
      'every Slack answer',
      () => slack.responses.filter((r) => r.path.startsWith('load-')).length >= concurrent,
      30_000,
    );
    const slackAnswers = sentAt.map((t, i) => slack.responses.find((r) => r.path === `load-${i}`)!.at - t);

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
    const callsOf = (s: (typeof sent)[number]) => discord.callsFor(s);
    const answerOf = (s: (typeof sent)[number]) => discord.answerTo(s);
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
    sender.stop();
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await Promise.all([slack.stop(), discord.stop()]);
  }
}
