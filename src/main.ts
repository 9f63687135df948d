import { loadConfig, loadDotEnv } from './config';
import { startTerminal } from './frontends/terminal';
import { BotRuntime } from './runtime';

/**
 * `npm start`: joins Slack and/or Discord when their tokens are set; with none, opens the local
 * terminal chat over the corpus folder.
 */
async function main() {
  loadDotEnv();
  const config = loadConfig();
  const bot = new BotRuntime(config);
  console.error(`Indexed ${bot.describe()}.`);
  const stops: Array<() => Promise<void> | void> = [];
  const platforms: string[] = [];
  if (!platforms.length) {
    await startTerminal(bot);
    for (const stop of stops) await stop();
    return;
  }
  const shutdown = async () => {
    for (const stop of stops) await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error('fatal:', e);
  process.exit(1);
});
