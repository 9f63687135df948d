import { REST, Routes } from 'discord.js';
import { commands } from '../../../commands';
import { loadConfig, loadDotEnv, type DiscordConfig } from '../../config';
import { discordCommandData } from './commands';

/**
 * `npm run discord:deploy [-- --global] [--clear-other]`: registers every command — to one server
 * when DISCORD_GUILD_ID is set (instant, for development), globally otherwise or with --global
 * (Discord may take up to an hour to show them). Commands registered in both scopes show twice in
 * that server: the script says so, and `--clear-other` removes them from the scope not deployed.
 */
export async function deploy(cfg: DiscordConfig | undefined, argv: string[] = []): Promise<number> {
  if (!cfg || !cfg.applicationId) {
    console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register to one server).');
    return 2;
  }
  const clearOther = argv.includes('--clear-other');
  // --global with DISCORD_GUILD_ID set: deploy globally, and that server is the other scope to check.
  const guildId = argv.includes('--global') ? undefined : cfg.guildId;
  const otherGuild = guildId ? undefined : cfg.guildId;
  const rest = new REST(cfg.apiUrl ? { api: cfg.apiUrl } : {}).setToken(cfg.token);
  const body = commands.map(discordCommandData);
  const global = Routes.applicationCommands(cfg.applicationId);
  const route = guildId ? Routes.applicationGuildCommands(cfg.applicationId, guildId) : global;
  try {
    const result = (await rest.put(route, { body })) as Array<{ name: string }>;
    const where = guildId ? `server ${guildId}` : 'all servers (global; may take up to an hour to appear)';
    console.log(`Registered ${result.length} commands to ${where}: ${result.map((c) => `/${c.name}`).join(', ')}`);
  } catch (e) {
    console.error(`Registration failed: ${(e as Error).message}`);
    return 1;
  }
  // The other scope: global after a server deploy; after a global deploy, the server named by DISCORD_GUILD_ID if any.
  const other = guildId
    ? global
    : otherGuild
      ? Routes.applicationGuildCommands(cfg.applicationId, otherGuild)
      : undefined;
  if (!other) return 0;
  try {
    const existing = (await rest.get(other)) as Array<{ name: string }>;
    const names = new Set(body.map((c) => c.name));
    const twice = existing.filter((c) => names.has(c.name));
    if (!twice.length) return 0;
    const scope = guildId ? 'globally' : `in server ${otherGuild}`;
    if (clearOther) {
      await rest.put(other, { body: [] });
      console.log(`Cleared the ${existing.length} commands registered ${scope}, so none shows twice.`);
    } else {
      console.log(
        `Note: ${twice.length} of these commands are also registered ${scope} (${twice.map((c) => `/${c.name}`).join(', ')}), so they show twice there. Run \`npm run discord:deploy -- --clear-other\` to remove them from that scope.`,
      );
    }
  } catch (e) {
    console.error(`Could not check the other scope for duplicates: ${(e as Error).message}`);
  }
  return 0;
}

if (require.main === module) {
  loadDotEnv();
  deploy(loadConfig().discord, process.argv.slice(2)).then((code) => (process.exitCode = code));
}
