import { createInterface } from 'node:readline';
import { renderTerminal } from './render';
import type { BotRuntime } from '../../runtime';

/**
 * The local chat, like Hubot's shell adapter: type a command, read the answer. With stdin not a
 * terminal it answers each line piped in and exits at the end of input.
 */
export function startTerminal(bot: BotRuntime, input = process.stdin, output = process.stdout): Promise<void> {
  const tty = !!(input as NodeJS.ReadStream).isTTY && !!output.isTTY;
  const rl = createInterface({ input, output: tty ? output : undefined, terminal: tty, historySize: 200 });
  const channel = { platform: 'terminal', id: 'terminal', label: 'this terminal' };
  if (tty) {
    output.write(`Briefing bot — ${bot.describe()}.\nType /help for the commands, /quit to leave.\n`);
    rl.setPrompt('briefing> ');
    rl.prompt();
  }
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    const text = line.trim();
    queue = queue.then(async () => {
      if (!text) return;
      if (/^\/?(quit|exit)$/i.test(text)) {
        rl.close();
        return;
      }
      const answer = await bot.ask(text, channel);
      output.write(`${renderTerminal(answer, { color: tty, width: output.columns ?? 100 })}\n\n`);
    });
    void queue.then(() => tty && rl.prompt());
  });
  return new Promise((resolve) => rl.on('close', () => void queue.then(resolve)));
}
