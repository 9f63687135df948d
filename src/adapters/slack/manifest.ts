import { commands } from '../../../commands';
import type { CommandDef } from '../../commandModel';
import { loadConfig, type SlackManifestConfig } from '../../config';

/** Slack's usage hint: the options after the command name. */
export function usageHint(def: CommandDef): string {
  return def.usage.replace(new RegExp(`^/${def.name}\\s*`), '');
}

/** Where people install the app in their workspace, and where Slack sends them back (many workspaces). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot's scopes; the history scopes let a replica taking over a briefing see which parts were posted. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'files:write',
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
];

/**
 * The Slack app manifest, from the same command definitions: paste it at api.slack.com/apps →
 * "Create New App" → "From a manifest". With Socket Mode no public URL is needed; over HTTP,
 * SLACK_PUBLIC_URL is where Slack reaches `/slack/events`. `--oauth` (`npm run slack:manifest --
 * --oauth`) gives the variant installed in many workspaces: HTTP, the redirect URL, uninstall events.
 */
export function slackManifest(cfg: SlackManifestConfig, oauth = false): Record<string, unknown> {
  // The install flow runs on the HTTP port: no Socket Mode for an app installed in many workspaces.
  const socket = cfg.socketMode && !oauth;
  const url = cfg.publicUrl ? `${cfg.publicUrl}/slack/events` : undefined;
  return {
    display_information: {
      name: cfg.appName,
      description: 'Positions, quotes and search over your team’s news articles, and a daily briefing.',
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: cfg.appName, always_online: true },
      app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description.slice(0, 100),
        usage_hint: usageHint(c).slice(0, 1000) || undefined,
        should_escape: false,
        ...(socket ? {} : { url }),
      })),
    },
    oauth_config: {
      scopes: { bot: BOT_SCOPES },
      // Installs in many workspaces: Slack sends each installer back here with the code for its tokens.
      ...(oauth && cfg.publicUrl ? { redirect_urls: [`${cfg.publicUrl}${REDIRECT_PATH}`] } : {}),
    },
    settings: {
      // Mentions in channels and direct messages are read as /ask; with installs in many workspaces, an
      // uninstall or revoked tokens remove that workspace's tokens and subscriptions.
      event_subscriptions: {
        bot_events: ['app_mention', 'message.im', ...(oauth ? ['app_uninstalled', 'tokens_revoked'] : [])],
        ...(socket ? {} : { request_url: url }),
      },
      interactivity: { is_enabled: true, ...(socket ? {} : { request_url: url }) },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  };
}

if (require.main === module) {
  const oauth = process.argv.includes('--oauth');
  const cfg = loadConfig().slackManifest;
  if (oauth && !cfg.publicUrl) {
    process.stderr.write(
      '--oauth needs SLACK_PUBLIC_URL: Slack sends installers back to <SLACK_PUBLIC_URL>/slack/oauth_redirect.\n',
    );
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(slackManifest(cfg, oauth), null, 2)}\n`);
}
