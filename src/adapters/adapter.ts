import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config';
import type { StateStore } from '../state/types';
import type { Poster } from '../digest/poster';
import type { BotRuntime } from '../runtime';

/**
 * A chat platform, in the spirit of Hubot's Adapter and Errbot's backends: it translates between
 * the platform and the bot's core (`bot.ask`/`bot.context`, answers, the share store), and knows
 * its own renderer, limits and errors. Nothing below the adapters imports one; `main.ts` starts
 * those in `./index.ts` whose configuration is present.
 */
export interface Adapter {
  /** The open platform name carried by every ChannelRef it makes ("slack"). */
  readonly platform: string;
  /** Whether its settings are present (tokens). */
  configured(config: Config): boolean;
  /** Started only when no other adapter is configured: the terminal chat. */
  readonly fallback?: boolean;
  start(ctx: AdapterContext): Promise<RunningAdapter>;
}

export interface AdapterContext {
  bot: BotRuntime;
  config: Config;
  log: (m: string) => void;
  /** Extras a long-running bot passes: events for the JSON log, and the operator's HTTP endpoints. */
  extras?: AdapterExtras;
}

export interface AdapterExtras {
  /** One machine-readable event (a command answered, with its request id). */
  event?: (name: string, fields: Record<string, unknown>) => void;
  /** /healthz, /readyz, /metrics on a platform's own HTTP port: true when it answered the request. */
  ops?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  /** The state store, for what a platform keeps there itself (Slack installations in many workspaces). */
  state?: Pick<StateStore, 'saveInstallation' | 'installation' | 'removeWorkspace'>;
}

export interface RunningAdapter {
  /** How scheduled briefings reach this platform's channels. */
  poster?: Poster;
  /** Resolves when the adapter has ended by itself (the terminal's input closed): the bot then stops. */
  done?: Promise<void>;
  stop(): Promise<void> | void;
}
