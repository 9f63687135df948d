import { stancesPng } from '../../render/stancesPicture';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import { completions } from '../../answers/autocomplete';
import type { Answer } from '../../answers/model';
import type { CommandArgs, ChannelRef } from '../../commandModel';
import { runCommand } from '../../dispatch';
import { discordFallback, renderDiscord, type DiscordMessage } from './render';
import { oneLine } from '../../render/escape';
import { DISCORD_LIMITS } from './render';
import { truncate } from '../../render/split';
import type { DiscordConfig } from '../../config';
import type { BotRuntime } from '../../runtime';
import type { AdapterExtras } from '../adapter';

/** Discord wants an answer (or a deferral) within 3 s; anything slower is deferred at this mark. */
const DEFER_AFTER_MS = 2000;

export interface DiscordFrontEnd {
  client: Client;
  /** Posts to a channel; with a nonce, Discord refuses to create a second message under it (enforce_nonce). */
  post(channelId: string, message: DiscordMessage, nonce?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Options as text, subcommand included, read from the raw data: a value of an unexpected type cannot throw. */
function readArgs(data: readonly CommandInteractionOption[]): CommandArgs {
  const args: CommandArgs = {};
  for (const o of data) {
    // 1: a subcommand, 2: a group of them; their own options sit inside.
    if (o.type === 1 || o.type === 2) {
      Object.assign(args, readArgs(o.options ?? []));
      if (o.type === 1) args.subcommand = o.name;
    } else if (o.value !== undefined && o.value !== null) args[o.name] = String(o.value).slice(0, 2000);
  }
  return args;
}

function findFocused(data: readonly CommandInteractionOption[]): CommandInteractionOption | undefined {
  for (const o of data) {
    if (o.focused) return o;
    const inner = o.options && findFocused(o.options);
    if (inner) return inner;
  }
  return undefined;
}

/** Discord refused what was sent (an invalid form body, a limit), as opposed to a lost or expired interaction. */
function refusedContent(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return status === 400 || (e as { code?: number }).code === 50035;
}

/**
 * The Discord adapter: slash commands from `commands/`, answered as embeds (ephemeral, with a
 * button that posts the answer to the channel), autocomplete for actors and speakers.
 */
export async function startDiscord(
  bot: BotRuntime,
  cfg: DiscordConfig,
  log: (m: string) => void = (m) => console.error(m),
  extras: AdapterExtras = {},
): Promise<DiscordFrontEnd> {
  // Sharding inside this process (discord.js's own), not ShardingManager's process per shard: every
  // process holds the whole index in memory (1.2 KB a sentence), so shards share one; more processes
  // each take a share of the shards (DISCORD_SHARD_IDS).
  const shards = cfg.shards;
  const client = new Client({
    ...(shards
      ? shards.count === 'auto'
        ? { shards: 'auto' as const }
        : { shards: shards.ids ?? [...Array(shards.count).keys()], shardCount: shards.count }
      : {}),
    intents: [GatewayIntentBits.Guilds],
    // No document can ping anyone: every message the bot sends parses no mentions at all.
    allowedMentions: { parse: [], repliedUser: false },
    rest: cfg.apiUrl ? { api: cfg.apiUrl } : {},
  });
  const byName = new Map(bot.commands.map((c) => [c.name, c]));

  const shareRow = (id: string) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(`share:${id}`).setLabel('Post to channel').setStyle(ButtonStyle.Secondary),
    );

  /** Answers one slash command; resolves to its answer's status. */
  async function onCommand(i: ChatInputCommandInteraction): Promise<string> {
    const def = byName.get(i.commandName);
    if (!def) {
      await i.reply({ content: `Unknown command /${i.commandName}. Try /help.`, flags: MessageFlags.Ephemeral });
      return 'usage';
    }
    const args = readArgs(i.options.data);
    const known = args.subcommand ? def.subcommands?.find((s) => s.name === args.subcommand)?.options : def.options;
    // Only the options the definition names are passed on, as text, whatever a forged interaction carries.
    for (const k of Object.keys(args)) if (k !== 'subcommand' && !known?.some((o) => o.name === k)) delete args[k];
    const channel: ChannelRef = {
      platform: 'discord',
      id: i.channelId,
      name: i.channel && 'name' in i.channel ? String(i.channel.name) : undefined,
    };
    let deferred = false;
    // A slow command, or one arriving behind others, is acknowledged first and answered in its turn;
    // alone and quick, the answer itself is the acknowledgement (one call instead of two).
    if (def.slow?.(args) || bot.turns.busy) {
      deferred = true;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    }
    await bot.turns.next();
    const work = runCommand(def, args, bot.context(channel, undefined, { id: i.user.id, name: i.user.username }));
    const timer = new Promise<'slow'>((r) => setTimeout(() => r('slow'), DEFER_AFTER_MS).unref());
    if (!deferred && (await Promise.race([work, timer])) === 'slow') {
      deferred = true;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    }
    const answer = await work;
    const msg = renderDiscord(answer);
    let id: string | undefined;
    try {
      id = answer.status === 'ok' ? await bot.shares.put(answer) : undefined;
    } catch (e) {
      log(`discord: the share button is off for this answer: ${(e as Error).message}`);
    }
    const payload = {
      embeds: msg.embeds,
      components: id ? [shareRow(id)] : [],
      files: answer.matrix ? [picture(answer)] : [],
    };
    try {
      if (deferred) await i.editReply(payload);
      else await i.reply({ ...payload, flags: MessageFlags.Ephemeral });
    } catch (e) {
      if (!refusedContent(e)) throw e;
      // Discord refused the message itself: a short plain version, never silence.
      log(
        `discord: Discord refused the answer to /${def.name} (${(e as Error).message}); sending a short plain version.`,
      );
      const plain = { ...discordFallback(answer), embeds: [], components: [] };
      if (deferred || i.replied) await i.editReply(plain);
      else await i.reply({ ...plain, flags: MessageFlags.Ephemeral });
    }
    return answer.status;
  }

  /** The /stances picture as an attachment of the answer. */
  function picture(answer: Answer): AttachmentBuilder {
    const { png } = stancesPng(answer.matrix!, answer.title);
    return new AttachmentBuilder(png, {
      name: 'stances.png',
      description: `${answer.title}: actors by issue, each cell a stance`,
    });
  }

  async function onAutocomplete(i: AutocompleteInteraction) {
    const def = byName.get(i.commandName);
    // An autocomplete with no focused option (malformed, or from an older registration) still gets an answer: none.
    const focused = findFocused(i.options.data);
    const opt = focused ? def?.options.find((o) => o.name === focused.name) : undefined;
    if (!focused || !opt?.autocomplete) {
      await i.respond([]);
      return;
    }
    await i.respond(
      completions(bot.corpus, opt.autocomplete, String(focused.value ?? '')).map((c) => ({
        name: c.label,
        value: c.value,
      })),
    );
  }

  async function onButton(i: ButtonInteraction) {
    if (!i.customId.startsWith('share:')) return;
    const shared = await bot.shares.get(i.customId.slice(6)).catch(() => undefined);
    if (!shared) {
      await i.reply({ content: 'That answer has expired; ask again to share it.', flags: MessageFlags.Ephemeral });
      return;
    }
    const msg = renderDiscord(shared);
    const last = msg.embeds[msg.embeds.length - 1]!;
    last.footer = {
      text: truncate(
        `${last.footer ? `${last.footer.text} · ` : ''}Shared by ${oneLine(i.user.username)}`,
        DISCORD_LIMITS.footer,
      ),
    };
    try {
      await i.reply({ embeds: msg.embeds });
    } catch (e) {
      if (!refusedContent(e)) throw e;
      await i.reply(discordFallback(shared));
    }
  }

  client.on(Events.InteractionCreate, async (i: Interaction) => {
    try {
      if (i.isChatInputCommand()) {
        const started = performance.now();
        const status = await bot.inFlight.track(onCommand(i));
        extras.event?.('command', {
          requestId: i.id,
          platform: 'discord',
          guild: i.guildId ?? undefined,
          channel: i.channelId,
          command: i.commandName,
          status,
          ms: Math.round(performance.now() - started),
        });
      } else if (i.isAutocomplete()) await onAutocomplete(i);
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
  client.on(Events.ShardDisconnect, (ev, shard) =>
    log(`discord: shard ${shard} disconnected (${ev.code}); the library reconnects.`),
  );
  client.on(Events.ShardReconnecting, (shard) => log(`discord: shard ${shard} reconnecting.`));
  client.on(Events.ShardResume, (shard, replayed) =>
    log(`discord: shard ${shard} resumed (${replayed} events replayed).`),
  );

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(cfg.token);
  await ready;
  log(
    `Discord: logged in as ${client.user?.tag ?? 'bot'}${shards ? ` (shards ${client.ws.shards.map((x) => x.id).join(', ')} of ${client.options.shardCount})` : ''}.`,
  );

  return {
    client,
    async post(channelId, message, nonce) {
      await client.rest.post(`/channels/${channelId}/messages`, {
        body: {
          embeds: message.embeds,
          content: message.content,
          allowed_mentions: { parse: [] },
          ...(nonce ? { nonce, enforce_nonce: true } : {}),
        },
      });
    },
    async stop() {
      await client.destroy();
    },
  };
}
