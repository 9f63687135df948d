import { randomUUID } from 'node:crypto';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Answer } from '../answers/model';
import type { Briefing } from '../briefing';
import type { CommandArgs, ChannelRef } from '../commandModel';
import { runCommand } from '../dispatch';
import { renderDiscord, type DiscordMessage } from '../render/discord';
import type { BotRuntime } from '../runtime';

export interface DiscordConfig {
  token: string;
  applicationId?: string;
  guildId?: string;
  /** REST base without the version, e.g. http://127.0.0.1:PORT/api */
  apiUrl?: string;
}

export function discordConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DiscordConfig | undefined {
  if (!env.DISCORD_TOKEN) return undefined;
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID || undefined,
    guildId: env.DISCORD_GUILD_ID || undefined,
    apiUrl: env.DISCORD_API_URL ? env.DISCORD_API_URL.replace(/\/+$/, '').replace(/\/v\d+$/, '') : undefined,
  };
}

/** Discord wants an answer (or a deferral) within 3 s; anything slower is deferred at this mark. */
const DEFER_AFTER_MS = 2000;

export interface DiscordFrontEnd {
  client: Client;
  post(channelId: string, message: DiscordMessage): Promise<void>;
  stop(): Promise<void>;
}

/** Autocomplete lists, most-mentioned first, built once per corpus version. */
function completions(b: Briefing, kind: 'actor' | 'speaker'): string[] {
  return b.cache.remember(`autocomplete:${kind}`, () => completionList(b, kind));
}

function completionList(b: Briefing, kind: 'actor' | 'speaker'): string[] {
  const counts = new Map<string, number>();
  if (kind === 'actor') {
    for (const [k, ids] of b.mentionIndex) {
      const label = k.startsWith('person:') ? b.knowledge.people.get(k.slice(7))?.name : (b.knowledge.actors.get(k)?.short ?? b.knowledge.actors.get(k)?.name);
      if (label) counts.set(label, (counts.get(label) ?? 0) + ids.size);
    }
  } else {
    for (const q of b.quotes) if (q.speaker) counts.set(q.speaker.name, (counts.get(q.speaker.name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([l]) => l.slice(0, 100));
}

export function autocompleteChoices(b: Briefing, kind: 'actor' | 'speaker', typed: string): string[] {
  const q = typed.trim().toLowerCase();
  const all = completions(b, kind);
  if (!q) return all.slice(0, 25);
  const starts = all.filter((l) => l.toLowerCase().startsWith(q));
  const contains = all.filter((l) => !l.toLowerCase().startsWith(q) && l.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, 25);
}

/**
 * The Discord adapter: slash commands from `commands/`, answered as embeds (ephemeral, with a
 * button that posts the answer to the channel), autocomplete for actors and speakers.
 */
export async function startDiscord(bot: BotRuntime, cfg: DiscordConfig, log: (m: string) => void = (m) => console.error(m)): Promise<DiscordFrontEnd> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // No document can ping anyone: every message the bot sends parses no mentions at all.
    allowedMentions: { parse: [], repliedUser: false },
    rest: cfg.apiUrl ? { api: cfg.apiUrl } : {},
  });
  const shares = new Map<string, { answer: Answer; at: number }>();
  const byName = new Map(bot.commands.map((c) => [c.name, c]));

  const shareRow = (id: string) => new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(`share:${id}`).setLabel('Post to channel').setStyle(ButtonStyle.Secondary));

  async function onCommand(i: ChatInputCommandInteraction) {
    const def = byName.get(i.commandName);
    if (!def) {
      await i.reply({ content: `Unknown command /${i.commandName}. Try /help.`, flags: MessageFlags.Ephemeral });
      return;
    }
    const args: CommandArgs = {};
    const sub = i.options.getSubcommand(false);
    if (sub) args.subcommand = sub;
    for (const o of (sub ? def.subcommands?.find((s) => s.name === sub)?.options : def.options) ?? []) {
      const v = i.options.getString(o.name);
      if (v !== null) args[o.name] = v;
    }
    const channel: ChannelRef = { platform: 'discord', id: i.channelId, name: i.channel && 'name' in i.channel ? String(i.channel.name) : undefined };
    let deferred = false;
    if (def.slow?.(args)) {
      deferred = true;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    }
    const work = runCommand(def, args, bot.context(channel));
    const timer = new Promise<'slow'>((r) => setTimeout(() => r('slow'), DEFER_AFTER_MS).unref());
    if (!deferred && (await Promise.race([work, timer])) === 'slow') {
      deferred = true;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    }
    const answer = await work;
    const msg = renderDiscord(answer);
    const id = answer.status === 'ok' ? randomUUID() : undefined;
    if (id) shares.set(id, { answer, at: Date.now() });
    const payload = { embeds: msg.embeds, components: id ? [shareRow(id)] : [] };
    if (deferred) await i.editReply(payload);
    else await i.reply({ ...payload, flags: MessageFlags.Ephemeral });
  }

  async function onAutocomplete(i: AutocompleteInteraction) {
    const def = byName.get(i.commandName);
    const focused = i.options.getFocused(true);
    const opt = def?.options.find((o) => o.name === focused.name);
    const kind = opt?.autocomplete ?? 'actor';
    await i.respond(autocompleteChoices(bot.briefing, kind, String(focused.value)).map((name) => ({ name, value: name })));
  }

  async function onButton(i: ButtonInteraction) {
    if (!i.customId.startsWith('share:')) return;
    const shared = shares.get(i.customId.slice(6));
    if (!shared) {
      await i.reply({ content: 'That answer has expired; ask again to share it.', flags: MessageFlags.Ephemeral });
      return;
    }
    const msg = renderDiscord(shared.answer);
    const last = msg.embeds[msg.embeds.length - 1]!;
    last.footer = { text: `${last.footer ? `${last.footer.text} · ` : ''}Shared by ${i.user.username}` };
    await i.reply({ embeds: msg.embeds });
  }

  client.on(Events.InteractionCreate, async (i: Interaction) => {
    try {
      if (i.isChatInputCommand()) await onCommand(i);
      else if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isButton()) await onButton(i);
    } catch (e) {
      log(`discord: interaction failed: ${(e as Error).message}`);
      try {
        if (i.isRepliable()) {
          const content = 'Sorry — that request failed. The error was logged; other commands still work.';
          if (i.deferred || i.replied) await i.followUp({ content, flags: MessageFlags.Ephemeral });
          else await i.reply({ content, flags: MessageFlags.Ephemeral });
        }
      } catch {
        // The interaction may have expired; nothing more to tell the user.
      }
    }
  });
  client.on(Events.Error, (e) => log(`discord: ${e.message}`));
  client.on(Events.ShardDisconnect, (ev, shard) => log(`discord: shard ${shard} disconnected (${ev.code}); the library reconnects.`));
  client.on(Events.ShardReconnecting, (shard) => log(`discord: shard ${shard} reconnecting.`));
  client.on(Events.ShardResume, (shard, replayed) => log(`discord: shard ${shard} resumed (${replayed} events replayed).`));

  // Shares expire after a day, like Slack's.
  const sweep = setInterval(() => {
    const cutoff = Date.now() - 24 * 3600 * 1000;
    for (const [k, v] of shares) if (v.at < cutoff) shares.delete(k);
  }, 3600 * 1000).unref();

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(cfg.token);
  await ready;
  log(`Discord: logged in as ${client.user?.tag ?? 'bot'}.`);

  return {
    client,
    async post(channelId, message) {
      await client.rest.post(`/channels/${channelId}/messages`, { body: { embeds: message.embeds, content: message.content, allowed_mentions: { parse: [] } } });
    },
    async stop() {
      clearInterval(sweep);
      await client.destroy();
    },
  };
}
