// /help — every command with its usage, generated from the command definitions.
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'help',
  description: 'What the bot can do',
  usage: '/help',
  examples: ['/help'],
  options: [],
  run: (ctx) => ({
    command: 'help',
    query: '',
    status: 'ok',
    title: 'Briefing bot — commands',
    sections: [
      {
        items: ctx.commands.map((c) => ({
          label: c.usage,
          detail: `${c.description}.${c.subcommands?.length ? ` Subcommands: ${c.subcommands.map((s) => s.name).join(', ')}.` : ''} e.g. ${c.examples.join(', ')}`,
        })),
      },
    ],
    total: ctx.commands.length,
  }),
});
