import type { Adapter } from '../adapter';
import { startSlack } from './app';
import { slackPoster } from './poster';

export const slackAdapter: Adapter = {
  platform: 'slack',
  configured: (config) => !!config.slack,
  async start({ bot, config, log }) {
    const fe = await startSlack(bot, config.slack!, log);
    return { poster: slackPoster(fe), stop: () => fe.stop() };
  },
};
