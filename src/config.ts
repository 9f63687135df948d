import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod/v3';

/**
 * Every environment variable the bot reads is read here, validated, and given its default; no
 * other module touches process.env. `.env.example` lists each of them.
 */

/** Loads `.env` from the working folder when present (Node's own loader; no dependency). */
export function loadDotEnv(path = '.env') {
  if (existsSync(path)) {
    try {
      process.loadEnvFile(path);
    } catch (e) {
      console.error(`warning: could not read ${path}: ${(e as Error).message}`);
    }
  }
}

export interface SlackConfig {
  /** One workspace: its bot token. Unset with `oauth`: each workspace's token comes from its installation. */
  botToken?: string;
  /** Many workspaces: Bolt's OAuth flow (/slack/install, /slack/oauth_redirect), installations in the state store. */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  port: number;
  host?: string;
  /** The Web API base, with its trailing slash (a proxy, or the local fake in tests). */
  apiUrl?: string;
}

export interface SlackManifestConfig {
  appName: string;
  /** Where Slack reaches the bot over HTTP; with none, the manifest uses Socket Mode. */
  publicUrl?: string;
  socketMode: boolean;
}

export interface DiscordConfig {
  token: string;
  /**
   * Gateway sharding (DISCORD_SHARDS): 'auto' takes Discord's recommended count; a number fixes it.
   * `ids` (DISCORD_SHARD_IDS) are the shards this process runs — all of them when unset.
   */
  shards?: { count: number | 'auto'; ids?: number[] };
  applicationId?: string;
  guildId?: string;
  /** REST base without the version, e.g. http://127.0.0.1:PORT/api */
  apiUrl?: string;
}

export interface DigestConfig {
  /** The schedule a subscription gets when it names none: a cron expression and an IANA zone. */
  cron: string;
  zone: string;
  /** Run a slot missed while the bot was down, once, at start. */
  catchUp: boolean;
  /** Channels subscribed at start, by platform (DIGEST_SLACK_CHANNEL, DIGEST_DISCORD_CHANNEL). */
  channels: Record<string, string>;
}

export interface FeedsConfig {
  /** Feeds set up at deploy time: a JSON list of { "url", "name"?, "every"? }. */
  file?: string;
  /** Fetch loopback and private addresses (tests; an intranet's own feeds). Off by default: anyone in a channel can type a URL. */
  allowPrivate: boolean;
  /** Items older than this (or than the subscription) are indexed but not announced in briefings. */
  backfillDays: number;
  /** When set, only these user ids may add or remove feeds and links. */
  admins: string[];
  /** The shortest polling interval allowed, in seconds. */
  minIntervalS: number;
}

export interface Config {
  corpusDir: string;
  dataDir: string;
  /** Where feeds and /add write their articles (DATA_DIR/feeds): replicas share one folder. */
  feedsDir: string;
  /** Look at the corpus and feeds folders this often (ms) instead of waiting for change events (network volumes). */
  pollMs?: number;
  /** PostgreSQL for the state, shared by replicas; unset: SQLite in DATA_DIR. */
  databaseUrl?: string;
  /** How long a replica holds a claimed briefing or a feed fetch without renewing it, in ms. */
  leaseMs: number;
  /** `text` lines for people, or `json` (one JSON line per event, through pino) for a log collector. */
  logFormat: 'text' | 'json';
  /** A port of its own for /healthz, /readyz and /metrics (they are also on Slack's HTTP port). */
  ops?: { port: number; host?: string };
  actorsFile: string;
  /** Lines per answer on chat platforms. */
  limit: number;
  /** Keep the index in DATA_DIR between runs. */
  snapshots: boolean;
  /** A snapshot's search index of at least this many bytes is loaded after the bot starts answering. */
  searchLaterFromBytes: number;
  slack?: SlackConfig;
  slackManifest: SlackManifestConfig;
  discord?: DiscordConfig;
  digest: DigestConfig;
  feeds: FeedsConfig;
}

/** A configuration that cannot be used: every problem, each naming its variable. */
export class ConfigError extends Error {}

const text = z.string().trim();
const optional = text.optional().transform((v) => (v ? v : undefined));
const flag = (dflt: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? dflt : v === 'true' || v === '1' || v === 'yes'));
const httpUrl = optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL');
const port = optional.refine(
  (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 65535),
  'must be a port number (0-65535)',
);

const ENV = z.object({
  CORPUS_DIR: optional,
  DATA_DIR: optional,
  DATABASE_URL: optional.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/i.test(v),
    'must be a postgres:// or postgresql:// URL',
  ),
  STATE_LEASE_SECONDS: optional,
  LOG_FORMAT: z.enum(['text', 'json', '']).optional(),
  OPS_PORT: port,
  OPS_HOST: optional,
  ACTORS_FILE: optional,
  ANSWER_LIMIT: optional,
  INDEX_SNAPSHOT: flag(true),
  INDEX_SEARCH_LATER_MB: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_PORT: port,
  SLACK_HOST: optional,
  SLACK_API_URL: httpUrl,
  SLACK_PUBLIC_URL: httpUrl,
  SLACK_APP_NAME: optional,
  SLACK_SOCKET_MODE: flag(false),
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_GUILD_ID: optional,
  DISCORD_API_URL: httpUrl,
  DISCORD_SHARDS: optional.refine(
    (v) => v === undefined || v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10_000),
    'must be auto or a number of shards (1-10000)',
  ),
  DISCORD_SHARD_IDS: optional.refine(
    (v) => v === undefined || /^\d+(\s*,\s*\d+)*$/.test(v),
    'must be shard numbers separated by commas (0,1)',
  ),
  DIGEST_SCHEDULE: optional,
  DIGEST_TIMEZONE: optional,
  DIGEST_CATCH_UP: flag(true),
  DIGEST_SLACK_CHANNEL: optional,
  DIGEST_DISCORD_CHANNEL: optional,
  FEEDS_FILE: optional,
  FEEDS_DIR: optional,
  CORPUS_POLL_SECONDS: optional,
  FEEDS_ALLOW_PRIVATE: flag(false),
  FEEDS_BACKFILL_DAYS: optional,
  FEEDS_ADMINS: optional,
  FEEDS_MIN_INTERVAL: optional,
});

/** The variables this module reads, for `.env.example` and its test. */
export const ENV_VARIABLES = Object.keys(ENV.shape);

/** The configuration from the environment; `overrides` win (the `ask` CLI's --corpus and --actors). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, string | undefined> = {},
): Config {
  const parsed = ENV.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    throw new ConfigError(
      `Configuration: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  return {
    corpusDir: resolve(e.CORPUS_DIR ?? 'seeds'),
    dataDir: resolve(e.DATA_DIR ?? 'data'),
    feedsDir: resolve(e.FEEDS_DIR ?? join(e.DATA_DIR ?? 'data', 'feeds')),
    pollMs: e.CORPUS_POLL_SECONDS ? clampInt(e.CORPUS_POLL_SECONDS, 0, 0, 3600) * 1000 || undefined : undefined,
    databaseUrl: e.DATABASE_URL,
    leaseMs: clampInt(e.STATE_LEASE_SECONDS, 120, 2, 3600) * 1000,
    logFormat: e.LOG_FORMAT === 'json' ? 'json' : 'text',
    ops: e.OPS_PORT ? { port: Number(e.OPS_PORT), host: e.OPS_HOST } : undefined,
    actorsFile: resolve(e.ACTORS_FILE ?? 'actors.json'),
    limit: clampInt(e.ANSWER_LIMIT, 10, 1, 50),
    snapshots: e.INDEX_SNAPSHOT,
    searchLaterFromBytes: clampInt(e.INDEX_SEARCH_LATER_MB, 4, 0, 1_000_000) * 1_000_000,
    slack:
      e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            oauth: slackOAuth(e),
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            port: Number(e.SLACK_PORT ?? 3000),
            host: e.SLACK_HOST,
            apiUrl: e.SLACK_API_URL?.replace(/\/?$/, '/'),
          }
        : undefined,
    slackManifest: {
      appName: e.SLACK_APP_NAME ?? 'Briefing bot',
      publicUrl: e.SLACK_PUBLIC_URL?.replace(/\/$/, ''),
      socketMode: !!e.SLACK_APP_TOKEN || e.SLACK_SOCKET_MODE || !e.SLACK_PUBLIC_URL,
    },
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          shards: discordShards(e.DISCORD_SHARDS, e.DISCORD_SHARD_IDS),
          applicationId: e.DISCORD_APPLICATION_ID,
          guildId: e.DISCORD_GUILD_ID,
          apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, '').replace(/\/v\d+$/, ''),
        }
      : undefined,
    digest: {
      cron: e.DIGEST_SCHEDULE ?? '0 8 * * *',
      zone: e.DIGEST_TIMEZONE ?? 'UTC',
      catchUp: e.DIGEST_CATCH_UP,
      channels: Object.fromEntries(
        [
          ['slack', e.DIGEST_SLACK_CHANNEL],
          ['discord', e.DIGEST_DISCORD_CHANNEL],
        ].filter((x): x is [string, string] => !!x[1]),
      ),
    },
    feeds: {
      file: e.FEEDS_FILE ? resolve(e.FEEDS_FILE) : undefined,
      allowPrivate: e.FEEDS_ALLOW_PRIVATE,
      backfillDays: clampInt(e.FEEDS_BACKFILL_DAYS, 2, 0, 3650),
      admins: (e.FEEDS_ADMINS ?? '').split(/[\s,]+/).filter(Boolean),
      minIntervalS: clampInt(e.FEEDS_MIN_INTERVAL, 300, 1, 86400),
    },
  };
}

/** DISCORD_SHARDS and DISCORD_SHARD_IDS: the ids must be shards of the count. */
function discordShards(count: string | undefined, ids: string | undefined): DiscordConfig['shards'] {
  if (!count) {
    if (ids)
      throw new ConfigError('Configuration: DISCORD_SHARD_IDS needs DISCORD_SHARDS (the total number of shards)');
    return undefined;
  }
  const list = ids ? [...new Set(ids.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b) : undefined;
  if (list && count === 'auto')
    throw new ConfigError(
      'Configuration: DISCORD_SHARD_IDS needs a fixed DISCORD_SHARDS, not auto (the ids must agree across replicas)',
    );
  if (list && list.some((id) => id >= Number(count)))
    throw new ConfigError(`Configuration: DISCORD_SHARD_IDS ${ids} are not all below DISCORD_SHARDS ${count}`);
  return { count: count === 'auto' ? 'auto' : Number(count), ids: list };
}

/**
 * Slack's OAuth settings, all or none: the install flow needs the client's id and secret, a secret to
 * sign its state with, and the HTTP port (the install pages and the redirect are served there).
 */
function slackOAuth(e: Record<string, string | boolean | undefined>): SlackConfig['oauth'] {
  if (!e.SLACK_CLIENT_ID) return undefined;
  const missing = ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'].filter((k) => !e[k]);
  if (missing.length)
    throw new ConfigError(
      `Configuration: SLACK_CLIENT_ID is set (installs in many workspaces) but ${missing.join(', ')} is not`,
    );
  if (e.SLACK_APP_TOKEN)
    throw new ConfigError(
      'Configuration: SLACK_CLIENT_ID (installs in many workspaces) needs Slack over HTTP: unset SLACK_APP_TOKEN',
    );
  return {
    clientId: String(e.SLACK_CLIENT_ID),
    clientSecret: String(e.SLACK_CLIENT_SECRET),
    stateSecret: String(e.SLACK_STATE_SECRET),
  };
}

export function clampInt(raw: string | undefined, dflt: number, min: number, max: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}
