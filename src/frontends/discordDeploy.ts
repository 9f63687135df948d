import { REST, Routes } from 'discord.js';
import { commands } from '../../commands';
import { loadDotEnv } from '../config';
import { discordConfigFromEnv } from './discord';
import { discordCommandData } from './discordCommands';

/**
 * `npm run discord:deploy`: registers every command — to one server when DISCORD_GUILD_ID is set
 * (instant, for development), globally otherwise (Discord may take up to an hour to show them).
 */
export async function deploy(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cfg = discordConfigFromEnv(env);
  if (!cfg || !cfg.applicationId) {
    console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register to one server).');
    return 2;
  }
  const rest = new REST(cfg.apiUrl ? { api: cfg.apiUrl } : {}).setToken(cfg.token);
  const body = commands.map(discordCommandData);
  const route = cfg.guildId ? Routes.applicationGuildCommands(cfg.applicationId, cfg.guildId) : Routes.applicationCommands(cfg.applicationId);
  try {
    const result = (await rest.put(route, { body })) as Array<{ name: string }>;
    const where = cfg.guildId ? `server ${cfg.guildId}` : 'all servers (global; may take up to an hour to appear)';
    console.log(`Registered ${result.length} commands to ${where}: ${result.map((c) => `/${c.name}`).join(', ')}`);
    return 0;
  } catch (e) {
    console.error(`Registration failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  loadDotEnv();
  deploy().then((code) => (process.exitCode = code));
}
