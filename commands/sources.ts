// /sources — the indexed documents with title, date and size.
import { sourcesAnswer } from '../src/answers/sources';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'sources',
  description: 'The documents the bot has read',
  usage: '/sources',
  examples: ['/sources'],
  options: [],
  run: (ctx) => sourcesAnswer(ctx.corpus, Math.max(ctx.limit, 50), ctx.indexedAt),
});
