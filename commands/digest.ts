// /digest [preview|subscribe|unsubscribe|status|now] — the briefing, now or on a schedule.
import { digestAnswer } from '../src/answers/digest';
import { problem } from '../src/answers/model';
import { defineCommand } from '../src/commandModel';

const USAGE = '/digest [preview | subscribe [HH:MM] [time zone] [weekdays] | unsubscribe | status | now]';
const SUBCOMMANDS = new Set(['preview', 'subscribe', 'unsubscribe', 'status', 'now']);

export default defineCommand({
  name: 'digest',
  description: 'A briefing of the documents: preview it, post it now, or subscribe this channel',
  usage: USAGE,
  examples: ['/digest', '/digest subscribe 08:00 Europe/London weekdays', '/digest status'],
  options: [],
  subcommands: [
    { name: 'preview', description: 'Show the briefing as it would look now', options: [] },
    {
      name: 'subscribe',
      description: 'Post a briefing to this channel on a schedule',
      options: [
        { name: 'time', description: 'HH:MM, 24-hour (default from DIGEST_SCHEDULE)' },
        { name: 'zone', description: 'IANA time zone, e.g. Europe/London (default DIGEST_TIMEZONE)' },
        { name: 'days', description: 'daily, weekdays, or e.g. mon,wed,fri' },
      ],
    },
    { name: 'unsubscribe', description: 'Stop this channel’s briefings', options: [] },
    { name: 'status', description: 'Next run, last run and what the next briefing will carry', options: [] },
    { name: 'now', description: 'Post the briefing here now', options: [] },
  ],
  slow: (args) => args.subcommand === 'now',
  // Subscribing and posting to a channel are for the people who run it; server admins can open it to
  // more roles in Server Settings → Integrations (Discord sets permissions per command, not per subcommand).
  managesChannel: true,
  channelOnly: true,
  run: async (ctx, args) => {
    const sub = args.subcommand ?? 'preview';
    // Only the subcommands above: anything else (a forged interaction, a stale registration) is refused, never posted.
    if (!SUBCOMMANDS.has(sub)) return problem('digest', sub, 'usage', `Unknown /digest option. Usage: ${USAGE}`);
    if (sub === 'preview') return digestAnswer(ctx.corpus, undefined, { limit: ctx.limit });
    const svc = ctx.services.digest;
    if (!svc) {
      const why = ctx.services.digestUnavailable;
      return problem(
        'digest',
        sub,
        'error',
        why ? `Scheduled briefings are off: ${why}` : 'Scheduled briefings are not available here.',
      );
    }
    if (!ctx.channel)
      return problem(
        'digest',
        sub,
        'error',
        'Scheduled briefings need a channel: use this command in a chat channel (or the terminal chat).',
      );
    switch (sub) {
      case 'subscribe':
        return svc.subscribe(ctx.channel, { time: args.time, zone: args.zone, days: args.days });
      case 'unsubscribe':
        return svc.unsubscribe(ctx.channel);
      case 'status':
        return svc.status(ctx.channel);
      default:
        return svc.now(ctx.channel);
    }
  },
});
