// /digest [preview|subscribe|unsubscribe|status|now] — the briefing, now or on a schedule.
import { digestAnswer } from '../src/answers/digest';
import { problem } from '../src/answers/model';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'digest',
  description: 'A briefing of the documents: preview it, post it now, or subscribe this channel',
  usage: '/digest [preview | subscribe [HH:MM] [time zone] [weekdays] | unsubscribe | status | now]',
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
  run: async (ctx, args) => {
    const sub = args.subcommand ?? 'preview';
    if (sub === 'preview') return digestAnswer(ctx.briefing);
    const svc = ctx.services.digest;
    if (!svc || !ctx.channel) return problem('digest', sub, 'error', 'Scheduled briefings need a channel: use this command in Slack or Discord (or the terminal chat).');
    if (sub === 'subscribe') return svc.subscribe(ctx.channel, { time: args.time, zone: args.zone, days: args.days });
    if (sub === 'unsubscribe') return svc.unsubscribe(ctx.channel);
    if (sub === 'status') return svc.status(ctx.channel);
    return svc.now(ctx.channel);
  },
});
