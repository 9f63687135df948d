import { loadConfig, loadDotEnv } from './config';
import { discordConfigFromEnv, startDiscord } from './frontends/discord';
import { slackConfigFromEnv, startSlack } from './frontends/slack';
import { startTerminal } from './frontends/terminal';
import { BotRuntime } from './runtime';

type Stop = () => Promise<void> | void;

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

  const slack = slackConfigFromEnv();
  if (slack) {
    try {
      const fe = await startSlack(bot, slack, log);
      stops.push(() => fe.stop());
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
      platforms++;
    } catch (e) {
      log(`Discord not started: ${(e as Error).message}`);
    }
  }

  if (!platforms) {
    if (slack || discord) {
      process.exitCode = 1;
      return;
    }
    await startTerminal(bot);
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
