import { commands } from '../../../commands';
import type { CommandDef } from '../../commandModel';
import { loadConfig, type SlackManifestConfig } from '../../config';

/** Slack's usage hint: the options after the command name. */
export function usageHint(def: CommandDef): string {
  return def.usage.replace(new RegExp(`^/${def.name}\\s*`), '');
}

/**
 * The Slack app manifest, from the same command definitions: paste it at api.slack.com/apps →
 * "Create New App" → "From a manifest". With Socket Mode no public URL is needed; over HTTP,
 * SLACK_PUBLIC_URL is where Slack reaches `/slack/events`.
 */
export function slackManifest(cfg: SlackManifestConfig): Record<string, unknown> {
  const socket = cfg.socketMode;
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
      scopes: {
        // The history scopes let a replica taking over a briefing see which of its parts were posted already.
        bot: [
          'commands',
          'chat:write',
          'chat:write.public',
          'files:write',
          'app_mentions:read',
          'im:history',
          'channels:history',
          'groups:history',
        ],
      },
    },
    settings: {
      // Mentions in channels and direct messages are read as /ask.
      event_subscriptions: { bot_events: ['app_mention', 'message.im'], ...(socket ? {} : { request_url: url }) },
      interactivity: { is_enabled: true, ...(socket ? {} : { request_url: url }) },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  };
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(slackManifest(loadConfig().slackManifest), null, 2)}\n`);
}
