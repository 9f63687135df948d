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

test('--oauth: the variant installed in many workspaces (HTTP, the redirect URL, uninstall events); it needs the public URL', () => {
  const r = runEntry('src/adapters/slack/manifest.js', ['--oauth'], {
    env: { SLACK_PUBLIC_URL: 'https://bot.example.org', SLACK_APP_TOKEN: 'xapp-1' },
  });
  const m = JSON.parse(r.stdout);
  expect(m.settings.socket_mode_enabled).toBe(false);
  expect(m.oauth_config.redirect_urls).toEqual(['https://bot.example.org/slack/oauth_redirect']);
  expect(m.settings.event_subscriptions.bot_events).toEqual(
    expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
  );
  expect(m.features.slash_commands[0].url).toBe('https://bot.example.org/slack/events');
  const without = runEntry('src/adapters/slack/manifest.js', ['--oauth'], { env: {} });
  expect(without.status).toBe(2);
  expect(without.stderr).toMatch(/--oauth needs SLACK_PUBLIC_URL/);
});
