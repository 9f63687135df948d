import type { Adapter } from '../adapter';
import { startTerminal } from './chat';
import { terminalPoster } from './poster';

/** The local chat (Hubot's shell): what `npm start` opens when no chat platform is configured. */
export const terminalAdapter: Adapter = {
  platform: 'terminal',
  fallback: true,
  configured: () => true,
  async start({ bot }) {
    return { poster: terminalPoster(), done: startTerminal(bot), stop: () => undefined };
  },
};
