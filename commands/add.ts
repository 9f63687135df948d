// /add URL — read one article now: it becomes answerable and goes in the next briefing.
import { problem } from '../src/answers/model';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'add',
  description: 'Read one article from a link now',
  usage: '/add <URL>',
  examples: ['/add https://www.theguardian.com/world/2026/mar/02/example'],
  options: [{ name: 'url', description: 'The article’s URL', required: true }],
  slow: () => true,
  managesChannel: true,
  run: async (ctx, args) => {
    const feeds = ctx.services.feeds;
    if (!feeds) return problem('add', args.url ?? '', 'error', 'Reading links is not available here.');
    return feeds.addArticle(args.url, ctx.user);
  },
});
