import type { Answer } from '../../answers/model';
import type { Poster } from '../../digest/poster';
import { renderTerminal } from './render';

/** The terminal: a briefing is printed where the chat runs. */
export function terminalPoster(write: (s: string) => void = (s) => process.stdout.write(s)): Poster {
  return {
    async post(_channelId: string, answer: Answer) {
      write(`\n${renderTerminal(answer)}\n\n`);
    },
  };
}
