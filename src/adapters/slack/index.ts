import type { Adapter } from '../adapter';

export const slackAdapter: Adapter = {
  platform: 'slack',
  configured: (config) => !!config.slack,
  async start({ bot, config, log, extras }) {
    // Loaded only when Slack is configured: Bolt and its HTTP stack cost ~150 ms of every start.
    // (require, not import(): the build is CommonJS, and jest runs it without ESM support)
    const { startSlack } = require('./app') as typeof import('./app');
    const { slackPoster } = require('./poster') as typeof import('./poster');
    const fe = await startSlack(bot, config.slack!, log, extras);
    return { poster: slackPoster(fe), stop: () => fe.stop() };
  },
};
