// /compare <actor> <actor> [topic] — two to five actors side by side, each line with its stance.
import { compareAnswer } from '../src/answers/compare';
import { defineCommand, type CommandContext } from '../src/commandModel';

/** Actors are the longest phrases that name known actors, in order; what follows them is the topic. */
function splitActors(text: string, ctx: CommandContext): { actors: string[]; topic?: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const actors: string[] = [];
  let i = 0;
  while (i < words.length) {
    let n = Math.min(5, words.length - i);
    for (; n > 0; n--) if (ctx.corpus.knowledge.resolve(words.slice(i, i + n).join(' '))) break;
    if (!n) break;
    actors.push(words.slice(i, i + n).join(' '));
    i += n;
    if (words[i]?.toLowerCase() === 'and' || words[i] === ',' || words[i]?.toLowerCase() === 'vs') i++;
  }
  // Unknown names are kept as actors when no known one came first, so the answer can say which is unknown.
  if (actors.length < 2 && words.length >= 2 && i < 2)
    return { actors: words.slice(0, 2), topic: words.slice(2).join(' ') || undefined };
  return { actors, topic: words.slice(i).join(' ') || undefined };
}

export default defineCommand({
  name: 'compare',
  description: 'Two to five actors side by side on a topic, with their stances',
  usage: '/compare <actor> <actor> [topic]',
  examples: ['/compare UK US troops', '/compare Russia France'],
  options: [
    {
      name: 'actors',
      description: 'Two to five actors (UK US France), then an optional topic',
      required: true,
      autocomplete: 'actor',
    },
    { name: 'topic', description: 'Only lines about this (troops, air support)' },
  ],
  parse: (text, ctx) => {
    const { actors, topic } = splitActors(text, ctx);
    return { actors: actors.join('\u0000'), topic };
  },
  cached: true,
  run: (ctx, args) => {
    // From Discord the options arrive separately: the actors option is split the same way.
    let actors = args.actors?.includes('\u0000') ? args.actors.split('\u0000') : undefined;
    let topic = args.topic;
    if (!actors) {
      const s = splitActors(args.actors ?? '', ctx);
      actors = s.actors;
      topic = [s.topic, topic].filter(Boolean).join(' ') || undefined;
    }
    return compareAnswer(ctx.corpus, actors.filter(Boolean), topic, ctx.limit);
  },
});
