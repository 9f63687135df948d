import { loadConfig, loadDotEnv, clampInt } from '../../config';
import { toJson } from '../../render/json';
import { renderTerminal } from './render';
import { BotRuntime } from '../../runtime';

/**
 * `npm run -s ask -- "/position UK" [--json] [--limit N] [--corpus DIR] [--actors FILE]`:
 * answers once and exits. With --json it prints exactly one JSON object on stdout.
 */
export async function main(argv: string[]): Promise<number> {
  const words: string[] = [];
  let json = false;
  let limit: number | undefined;
  const overrides: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--limit') limit = clampInt(argv[++i], 10, 1, 1000);
    else if (a === '--corpus') overrides.CORPUS_DIR = argv[++i];
    else if (a === '--actors') overrides.ACTORS_FILE = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run -s ask -- "/position UK" [--json] [--limit N] [--corpus DIR] [--actors FILE]');
      return 0;
    } else words.push(a);
  }
  loadDotEnv();
  const config = loadConfig(undefined, overrides);
  const bot = new BotRuntime(config);
  const answer = await bot.ask(words.join(' ') || '/help', { platform: 'terminal', id: 'cli' }, limit ?? 10);
  if (json) process.stdout.write(`${JSON.stringify(toJson(answer))}\n`);
  else
    process.stdout.write(
      `${renderTerminal(answer, { color: !!process.stdout.isTTY, width: process.stdout.columns ?? 100 })}\n`,
    );
  return answer.status === 'error' ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
