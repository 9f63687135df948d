// /search <words> — fast, typo-tolerant search of every line.
import { searchAnswer } from '../src/answers/search';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'search',
  description: 'Search every line, forgiving typos; exact phrases first',
  usage: '/search <words>',
  examples: ['/search boots on the ground', '/search Witkof'],
  options: [{ name: 'query', description: 'Words or a phrase', required: true }],
  cached: true,
  run: (ctx, args) => searchAnswer(ctx.corpus, args.query, ctx.limit),
});
