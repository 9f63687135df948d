// /feeds add URL [name] [every 15m] | list | remove NAME — follow news feeds (RSS, Atom, JSON Feed).
import { problem } from '../src/answers/model';
import { defineCommand } from '../src/commandModel';

const USAGE = '/feeds [list | add <URL> [name] [every 1h] | remove <name>]';

export default defineCommand({
  name: 'feeds',
  description: 'Follow news feeds: their articles become answerable and go in the briefings',
  usage: USAGE,
  examples: [
    '/feeds add https://feeds.bbci.co.uk/news/world/rss.xml bbc-world every 30m',
    '/feeds list',
    '/feeds remove bbc-world',
  ],
  options: [],
  subcommands: [
    { name: 'list', description: 'The feeds followed: last fetch, items, errors', options: [] },
    {
      name: 'add',
      description: 'Follow a feed (or a page that links one)',
      options: [
        { name: 'url', description: 'The feed’s URL, or a page that links its feed', required: true },
        { name: 'name', description: 'A short name (letters, digits, dashes)' },
        { name: 'every', description: 'How often to look: 15m, 1h, 6h (default 1h)' },
      ],
    },
    {
      name: 'remove',
      description: 'Stop following a feed',
      options: [{ name: 'name', description: 'The feed’s name (see /feeds list)', required: true }],
    },
  ],
  slow: (args) => args.subcommand === 'add',
  // Following a feed changes what everyone's briefings carry: for the people who run the server.
  managesChannel: true,
  parse: (text) => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const sub = (words.shift() ?? 'list').toLowerCase();
    if (sub === 'add') {
      const [url, ...rest] = words;
      const everyAt = rest.findIndex((w) => /^every$/i.test(w) || /^\d+\s*[smhd]?$/i.test(w));
      const every = everyAt >= 0 ? rest.slice(everyAt).join(' ') : undefined;
      const name = (everyAt >= 0 ? rest.slice(0, everyAt) : rest)[0];
      return { subcommand: 'add', url, name, every };
    }
    if (sub === 'remove') return { subcommand: 'remove', name: words[0] };
    return { subcommand: sub };
  },
  run: async (ctx, args) => {
    const feeds = ctx.services.feeds;
    if (!feeds)
      return problem(
        'feeds',
        '',
        'error',
        ctx.services.digestUnavailable
          ? `Feeds are off: ${ctx.services.digestUnavailable}`
          : 'Feeds are not available here.',
      );
    switch (args.subcommand ?? 'list') {
      case 'list':
        return feeds.list();
      case 'add':
        return feeds.add(args.url ?? '', args.name, args.every, ctx.user);
      case 'remove':
        return feeds.remove(args.name, ctx.user);
      default:
        return problem('feeds', args.subcommand ?? '', 'usage', `Unknown /feeds option. Usage: ${USAGE}`);
    }
  },
});
