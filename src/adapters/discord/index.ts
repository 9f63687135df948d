import type { Adapter } from '../adapter';

export const discordAdapter: Adapter = {
  platform: 'discord',
  configured: (config) => !!config.discord,
  async start({ bot, config, log, extras }) {
    // Loaded only when Discord is configured: discord.js costs ~250 ms of every start.
    // (require, not import(): the build is CommonJS, and jest runs it without ESM support)
    const { startDiscord } = require('./app') as typeof import('./app');
    const { discordPoster } = require('./poster') as typeof import('./poster');
    const fe = await startDiscord(bot, config.discord!, log, extras);
    return { poster: discordPoster(fe), stop: () => fe.stop() };
  },
};
