import { commands } from '../../commands';
import { runEntry } from '../e2e/run';

test('npm run slack:manifest prints a valid manifest with every command, its usage hint, scopes and Socket Mode', () => {
  const r = runEntry('src/adapters/slack/manifest.js', [], { env: { SLACK_APP_TOKEN: 'xapp-1' } });
  const m = JSON.parse(r.stdout);
  const cmds = m.features.slash_commands as Array<{ command: string; description: string; usage_hint?: string }>;
  expect(cmds.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
  expect(cmds.find((c) => c.command === '/position')!.usage_hint).toBe('<actor> [topic]');
  for (const c of cmds) expect(c.description.length).toBeLessThanOrEqual(100);
  expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write']));
  expect(m.settings.socket_mode_enabled).toBe(true);
});

test('over HTTP the manifest points Slack at the public URL', () => {
  const r = runEntry('src/adapters/slack/manifest.js', [], { env: { SLACK_PUBLIC_URL: 'https://bot.example.org/' } });
  const m = JSON.parse(r.stdout);
  expect(m.settings.socket_mode_enabled).toBe(false);
  expect(m.features.slash_commands[0].url).toBe('https://bot.example.org/slack/events');
  expect(m.settings.interactivity.request_url).toBe('https://bot.example.org/slack/events');
});
