import type { Adapter } from '../adapter';
import { startDiscord } from './app';
import { discordPoster } from './poster';

export const discordAdapter: Adapter = {
  platform: 'discord',
  configured: (config) => !!config.discord,
  async start({ bot, config, log }) {
    const fe = await startDiscord(bot, config.discord!, log);
    return { poster: discordPoster(fe), stop: () => fe.stop() };
  },
};
