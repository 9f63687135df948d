// /stances [issue, issue…] — who supports, opposes, conditions or has said nothing on each issue, as a picture and a table.
import { stancesAnswer } from '../src/answers/stances';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'stances',
  description: 'Who stands where: actors × issues, as a picture with a text table',
  usage: '/stances [issue, issue…]',
  examples: ['/stances', '/stances troops, air support'],
  options: [
    { name: 'issues', description: 'Issues separated by commas (troops, air support); empty: the most discussed' },
  ],
  parse: (text) => ({ issues: text.trim() || undefined }),
  cached: true,
  run: (ctx, args) => stancesAnswer(ctx.corpus, args.issues),
});
