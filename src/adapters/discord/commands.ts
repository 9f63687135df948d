import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDef, OptionDef } from '../../commandModel';

function addOption(b: { addStringOption: SlashCommandBuilder['addStringOption'] }, o: OptionDef) {
  b.addStringOption((opt) =>
    opt
      .setName(o.name)
      .setDescription(o.description.slice(0, 100))
      .setRequired(!!o.required)
      .setAutocomplete(!!o.autocomplete)
      .setMaxLength(200),
  );
}

/** The Discord registration of a command, built from its one definition in `commands/`. */
export function discordCommandData(def: CommandDef): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const b = new SlashCommandBuilder().setName(def.name).setDescription(def.description.slice(0, 100));
  if (def.managesChannel) b.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  b.setContexts(
    def.channelOnly
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  );
  if (def.subcommands?.length) {
    for (const sub of def.subcommands) {
      b.addSubcommand((s) => {
        s.setName(sub.name).setDescription(sub.description.slice(0, 100));
        for (const o of sub.options) addOption(s as unknown as SlashCommandBuilder, o);
        return s;
      });
    }
  } else for (const o of def.options) addOption(b, o);
  return b.toJSON();
}
