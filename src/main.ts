import { loadConfig, loadDotEnv } from './config';
import { discordPoster, slackPoster, terminalPoster } from './digest/posters';
import { DigestScheduler } from './digest/scheduler';
import { DigestStore } from './digest/store';
import { discordConfigFromEnv, startDiscord } from './adapters/discord/app';
import { slackConfigFromEnv, startSlack } from './adapters/slack/app';
import { startTerminal } from './adapters/terminal/chat';
import { BotRuntime } from './runtime';
import { DatabaseShares } from './shares';

type Stop = () => Promise<void> | void;

/**
 * The scheduled-briefing service and the share store on the state database, or — when the database
 * cannot be used — no briefings, shares in memory, a loud warning, and /digest saying why.
 */
function startDigests(bot: BotRuntime, log: (m: string) => void): { scheduler?: DigestScheduler; store?: DigestStore } {
  const env = process.env;
  let store: DigestStore;
  try {
    store = new DigestStore(bot.config.dataDir);
  } catch (e) {
    const why = (e as Error).message;
    bot.services.digestUnavailable = why;
    log(`warning: scheduled briefings are OFF: ${why}`);
    return {};
  }
  bot.shares = new DatabaseShares(store);
  try {
    const scheduler = new DigestScheduler(store, {
      defaults: { cron: env.DIGEST_SCHEDULE || '0 8 * * *', zone: env.DIGEST_TIMEZONE || 'UTC' },
      catchUp: env.DIGEST_CATCH_UP !== 'false',
      corpus: () => bot.corpus,
      refresh: () => bot.refresh(),
      log,
    });
    bot.services.digest = scheduler;
    return { scheduler, store };
  } catch (e) {
    bot.services.digestUnavailable = (e as Error).message;
    log(`warning: scheduled briefings are OFF: ${(e as Error).message}`);
    return { store };
  }
}

/**
 * `npm start`: joins Slack and/or Discord when their tokens are set; with none, opens the local
 * terminal chat over the corpus folder.
 */
async function main() {
  loadDotEnv();
  const config = loadConfig();
  const log = (m: string) => console.error(m);
  const bot = new BotRuntime(config, undefined, log);
  log(`Indexed ${bot.describe()}.`);
  const stops: Stop[] = [];
  let platforms = 0;
  const { scheduler, store } = startDigests(bot, log);
  if (bot.live) {
    bot.live.watch();
    stops.push(() => bot.live!.stop());
  }

  const slack = slackConfigFromEnv();
  if (slack) {
    try {
      const fe = await startSlack(bot, slack, log);
      stops.push(() => fe.stop());
      scheduler?.posters.set('slack', slackPoster(fe));
      platforms++;
    } catch (e) {
      log(`Slack not started: ${(e as Error).message}`);
    }
  }

  const discord = discordConfigFromEnv();
  if (discord) {
    try {
      const fe = await startDiscord(bot, discord, log);
      stops.push(() => fe.stop());
      scheduler?.posters.set('discord', discordPoster(fe));
      platforms++;
    } catch (e) {
      log(`Discord not started: ${(e as Error).message}`);
    }
  }

  if (scheduler) {
    if (!platforms) scheduler.posters.set('terminal', terminalPoster());
    try {
      if (process.env.DIGEST_SLACK_CHANNEL && scheduler.posters.has('slack')) scheduler.ensureSubscribed('slack', process.env.DIGEST_SLACK_CHANNEL);
      if (process.env.DIGEST_DISCORD_CHANNEL && scheduler.posters.has('discord')) scheduler.ensureSubscribed('discord', process.env.DIGEST_DISCORD_CHANNEL);
      await scheduler.start();
    } catch (e) {
      log(`Scheduled briefings: ${(e as Error).message}`);
    }
    stops.push(async () => {
      await scheduler.stop();
      store?.close();
    });
  } else if (store) stops.push(() => store.close());

  if (!platforms) {
    if (slack || discord) {
      for (const stop of stops) await stop();
      process.exitCode = 1;
      return;
    }
    await startTerminal(bot);
    for (const stop of stops) await stop();
    return;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down.`);
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log(`while stopping: ${(e as Error).message}`);
      }
    }
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
