import type { Answer } from './answers/model';
import type { ChannelRef } from './channel';
import type { CorpusIndex } from './corpusIndex';
import type { DigestService } from './digest/service';
import type { Asker, FeedService } from './feeds/service';

export type { ChannelRef };

/** One option of a command, shown the same way on every platform (Slack usage hint, Discord option, help). */
export interface OptionDef {
  name: string;
  description: string;
  required?: boolean;
  /** Which list feeds autocompletion on platforms that have it. */
  autocomplete?: 'actor' | 'speaker';
}

export interface SubcommandDef {
  name: string;
  description: string;
  options: OptionDef[];
}

/** Services a front end may offer; commands degrade gracefully when one is missing. */
export interface Services {
  digest?: DigestService;
  feeds?: FeedService;
  /** Why scheduled briefings are off (the state database could not be used), to tell the user. */
  digestUnavailable?: string;
  /** Told of every question, to warm the most-asked answers after a change (see src/warmer.ts). */
  asked?: (def: CommandDef, args: CommandArgs, limit: number) => void;
}

export interface CommandContext {
  corpus: CorpusIndex;
  /** How many lines an answer may carry. */
  limit: number;
  channel?: ChannelRef;
  /** Who asked, where the platform says. */
  user?: Asker;
  services: Services;
  commands: readonly CommandDef[];
  /** When each document was indexed, for /sources. */
  indexedAt?: (file: string) => Date | undefined;
}

export type CommandArgs = Record<string, string | undefined> & { subcommand?: string };

/**
 * A command, defined once: its name, options and handler serve the terminal, the JSON CLI, Slack
 * and Discord alike. `parse` turns the free text after "/name" into named options.
 */
export interface CommandDef {
  name: string;
  description: string;
  usage: string;
  examples: string[];
  options: OptionDef[];
  subcommands?: SubcommandDef[];
  parse?: (text: string, ctx: CommandContext) => CommandArgs;
  /** Requests that take longer than a chat platform waits for an answer (Discord defers them at once). */
  slow?: (args: CommandArgs) => boolean;
  run: (ctx: CommandContext, args: CommandArgs) => Answer | Promise<Answer>;
  /**
   * Changes what a channel receives (subscriptions, posting to everyone): platforms that have
   * permissions restrict it to people who manage the server (Discord: Manage Server by default).
   */
  managesChannel?: boolean;
  /** Needs a channel of a server: not offered in direct messages. */
  channelOnly?: boolean;
  /**
   * The answer depends only on the corpus, the arguments and the limit: it is kept until the corpus
   * changes. In a meeting the same questions come back, and /digest asks for the main actors again.
   */
  cached?: boolean;
}

export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

/** Default parsing: a subcommand if the first word names one, then options in order, the last taking the rest. */
export function parseArgs(def: CommandDef, text: string): CommandArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const args: CommandArgs = {};
  let options = def.options;
  if (def.subcommands?.length) {
    const sub = def.subcommands.find((s) => s.name === (words[0] ?? '').toLowerCase());
    if (sub) {
      args.subcommand = sub.name;
      words.shift();
      options = sub.options;
    }
  }
  options.forEach((o, i) => {
    const value = i === options.length - 1 ? words.splice(0).join(' ') : words.shift();
    if (value) args[o.name] = value;
  });
  return args;
}
