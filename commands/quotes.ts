// /quotes <speaker or words> — direct quotations with the speaker they are attributed to.
import { quotesAnswer } from '../src/answers/quotes';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'quotes',
  description: 'Direct quotes by a speaker (or containing some words), attributed',
  usage: '/quotes <speaker or words>',
  examples: ['/quotes Trump', '/quotes Starmer', '/quotes boots on the ground'],
  options: [
    {
      name: 'speaker',
      description: 'A person, an actor (their people’s quotes) or words from the quote',
      required: true,
      autocomplete: 'speaker',
    },
  ],
  cached: true,
  run: (ctx, args) => quotesAnswer(ctx.corpus, args.speaker, ctx.limit),
});
