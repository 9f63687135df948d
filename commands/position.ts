// /position <actor> [topic] — the lines that state an actor's position, quoted word for word.
import { positionAnswer } from '../src/answers/position';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'position',
  description: 'Lines stating an actor’s position, quoted with their source',
  usage: '/position <actor> [topic]',
  examples: ['/position UK', '/position Russia', '/position US troops'],
  options: [
    {
      name: 'actor',
      description: 'A country, organisation or person (UK, NATO, Starmer)',
      required: true,
      autocomplete: 'actor',
    },
    { name: 'topic', description: 'Only lines about this (troops, sanctions)' },
  ],
  // "United States troops": the longest leading phrase that names a known actor is the actor; the rest is the topic.
  // "Bush election", where several people are Bush: "Bush" is the actor, so the answer asks which one.
  parse: (text, ctx) => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const k = ctx.corpus.knowledge;
    for (const names of [(h: string) => !!k.resolve(h), (h: string) => k.sharedBy(h).length > 0])
      for (let n = Math.min(words.length, 5); n > 0; n--) {
        const head = words.slice(0, n).join(' ');
        if (names(head)) return { actor: head, topic: words.slice(n).join(' ') || undefined };
      }
    return { actor: words.join(' ') || undefined };
  },
  cached: true,
  run: (ctx, args) => positionAnswer(ctx.corpus, args.actor, args.topic, ctx.limit),
});
