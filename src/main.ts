import { getHeapStatistics } from 'node:v8';
import type { RunningAdapter } from './adapters/adapter';
import { adapters } from './adapters';
import { loadConfig, loadDotEnv, type Config } from './config';
import { DigestScheduler } from './digest/scheduler';
import { BotRuntime } from './runtime';
import { startFeeds, type FeedsRuntime } from './feeds/start';
import { DatabaseShares } from './shares';
import { feedsFolder } from './sources';
import { opsHandler, startOpsServer, type OpsState } from './ops/http';
import { createLog } from './ops/log';
import { enableMetrics } from './ops/metrics';
import { openStateStore } from './state/open';
import type { StateStore } from './state/types';

type Stop = () => Promise<void> | void;

/** How long a graceful shutdown waits for each kind of work under way (answers, briefings, feed polls). */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Feed items older than the subscription, or than FEEDS_BACKFILL_DAYS, are answerable but not
 * announced: following a feed with 200 old items must not flood the next briefing.
 */
function announceFeedItems(config: Config) {
  const origin = `folder:${feedsFolder(config)}`;
  return (doc: { origin?: string; date?: string }, sub: { createdAt: string }, now: Date) => {
    if (doc.origin !== origin || !doc.date) return true;
    const cutoff = Math.max(Date.parse(sub.createdAt), now.getTime() - config.feeds.backfillDays * 86400_000);
    const t = Date.parse(doc.date);
    return !Number.isFinite(t) || t >= cutoff;
  };
}

/**
 * The scheduled-briefing service, feeds and the share store on the state store (PostgreSQL with
 * DATABASE_URL, else SQLite in DATA_DIR), or — when it cannot be used — no briefings, shares in
 * memory, a loud warning, and /digest saying why.
 */
async function startDigests(
  bot: BotRuntime,
  config: Config,
  log: (m: string) => void,
): Promise<{ scheduler?: DigestScheduler; store?: StateStore; feeds?: FeedsRuntime }> {
  let store: StateStore;
  try {
    store = await openStateStore(
      { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      { log, leaseMs: config.leaseMs },
    );
  } catch (e) {
    const why = (e as Error).message;
    bot.services.digestUnavailable = why;
    log(`warning: scheduled briefings are OFF: ${why}`);
    return {};
  }
  bot.shares = new DatabaseShares(store);
  let feeds: FeedsRuntime | undefined;
  try {
    feeds = await startFeeds(store.feeds, feedsFolder(config), config.feeds, () => bot.refresh(), log, config.leaseMs);
    bot.services.feeds = feeds.service;
  } catch (e) {
    log(`warning: feeds are OFF: ${(e as Error).message}`);
  }
  try {
    const scheduler = new DigestScheduler(store, {
      defaults: { cron: config.digest.cron, zone: config.digest.zone },
      catchUp: config.digest.catchUp,
      corpus: () => bot.corpus,
      refresh: () => bot.refresh(),
      announce: announceFeedItems(config),
      log,
    });
    bot.services.digest = scheduler;
    return { scheduler, store, feeds };
  } catch (e) {
    bot.services.digestUnavailable = (e as Error).message;
    log(`warning: scheduled briefings are OFF: ${(e as Error).message}`);
    return { store, feeds };
  }
}

/**
 * `npm start`, the composition root: the runtime (index, sources, state), then every configured
 * chat adapter — or, with none configured, the terminal chat — and the digest posting through them.
 */
async function main() {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  const log = createLog(config.logFormat);
  const bot = new BotRuntime(config, undefined, log, { searchLater: true });
  log(`Indexed ${bot.describe()}.`);
  void bot.live?.loaded.then(() => {
    const ms = bot.live?.startup.searchMs;
    if (ms !== undefined) log(`Search index loaded ${Math.round(ms)} ms after the start; the corpus is up to date.`);
  });
  // The launcher raises the heap limit for large corpora; saying which one is in force saves guessing.
  log(`Heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB.`);
  const stops: Stop[] = [];
  const { scheduler, store, feeds } = await startDigests(bot, config, log);
  if (bot.live) {
    const live = bot.live;
    // The watcher's first walk of the folder competes with answers and the loading for the CPU: after.
    void live.loaded.then(async () => {
      live.watch();
      await live.ready();
      log('Watching the corpus for changes.');
    });
    stops.push(() => live.stop());
  }
  stops.push(() => feeds?.stop());

  const chat = adapters.filter((a) => !a.fallback && a.configured(config));
  const chosen = chat.length ? chat : adapters.filter((a) => a.fallback);
  // A bot serving a platform is run by an operator: counters for /metrics, and the endpoints on Slack's
  // port and on OPS_PORT. The terminal chat loads none of it.
  const ops: OpsState = {
    ready: () => bot.ready,
    status: () => ({ documents: bot.corpus.documents.length, stopping: bot.stopping }),
    metrics:
      chat.length || config.ops
        ? enableMetrics({
            documents: () => bot.corpus.documents.length,
            sentences: () => bot.corpus.sentenceCount,
            ready: () => bot.ready,
          })
        : undefined,
  };
  if (config.ops) {
    try {
      const server = await startOpsServer(ops, config.ops.port, config.ops.host);
      const addr = server.address();
      log(
        `Operations: /healthz, /readyz, /metrics on port ${typeof addr === 'object' && addr ? addr.port : config.ops.port}.`,
      );
      stops.push(() => new Promise<void>((r) => server.close(() => r())));
    } catch (e) {
      log(`warning: OPS_PORT ${config.ops.port} not opened: ${(e as Error).message}`);
    }
  }
  const extras = { event: log.event, ops: opsHandler(ops), state: store };
  const running: RunningAdapter[] = [];
  for (const adapter of chosen) {
    try {
      const r = await adapter.start({ bot, config, log, extras });
      running.push(r);
      stops.push(() => r.stop());
      if (r.poster) scheduler?.posters.set(adapter.platform, r.poster);
    } catch (e) {
      log(`${adapter.platform} not started: ${(e as Error).message}`);
    }
  }

  if (scheduler) {
    try {
      for (const [platform, channel] of Object.entries(config.digest.channels)) {
        // Installed in many workspaces, a channel id alone names no workspace (and so no token).
        if (platform === 'slack' && config.slack?.oauth)
          log(
            'warning: DIGEST_SLACK_CHANNEL is ignored with installs in many workspaces: subscribe with /digest subscribe.',
          );
        else if (scheduler.posters.has(platform)) await scheduler.ensureSubscribed(platform, channel);
      }
      await scheduler.start();
    } catch (e) {
      log(`Scheduled briefings: ${(e as Error).message}`);
    }
    stops.push(async () => {
      await scheduler.stop();
      await store?.close();
    });
  } else if (store) stops.push(() => store.close());

  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log(`while stopping: ${(e as Error).message}`);
      }
    }
  };
  if (!running.length) {
    // Every configured platform failed to start: say so by the exit code, not by waiting forever.
    await stopAll();
    process.exitCode = 1;
    return;
  }
  const ended = running.map((r) => r.done).filter((d): d is Promise<void> => !!d);
  if (ended.length) {
    await Promise.race(ended);
    await stopAll();
    return;
  }
  /**
   * SIGTERM (an orchestrator stopping a replica) or SIGINT: /readyz says 503 at once, answers and
   * briefings under way are finished (up to SHUTDOWN_GRACE_MS each step), feed polls are let end,
   * this replica's other leases are given back so another replica takes the work at once, and only
   * then are the platforms, the index and the database closed.
   */
  const shutdown = async (signal: string) => {
    if (bot.stopping) return;
    bot.stopping = true;
    log(`${signal}: shutting down; finishing ${bot.inFlight.size} answer(s) under way.`);
    if (!(await bot.inFlight.drain(SHUTDOWN_GRACE_MS)))
      log(`${signal}: ${bot.inFlight.size} answer(s) still under way after ${SHUTDOWN_GRACE_MS} ms; stopping anyway.`);
    try {
      feeds?.stop();
      await feeds?.poller.idle(SHUTDOWN_GRACE_MS);
      await scheduler?.stop({ timeoutMs: SHUTDOWN_GRACE_MS });
      if (!scheduler) await store?.releaseLeases();
    } catch (e) {
      log(`while stopping: ${(e as Error).message}`);
    }
    await stopAll();
    log(`${signal}: stopped.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

// One bad message must never take the bot down: log what escaped and keep serving.
process.on('unhandledRejection', (e) => console.error('unhandled rejection:', e));

main().catch((e) => {
  console.error('fatal:', e);
  process.exit(1);
});
