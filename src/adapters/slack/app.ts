import { stancesPng } from '../../render/stancesPicture';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type RespondFn, type SlashCommand } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { opsHandler } from '../../ops/http';
import { installationStore } from './installations';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from './manifest';
import type { AdapterExtras } from '../adapter';
import type { Answer } from '../../answers/model';
import { parseArgs, type ChannelRef } from '../../commandModel';
import { runCommand } from '../../dispatch';
import { renderSlack, slackFallback, type SlackMessage } from './render';
import type { SlackConfig } from '../../config';
import type { BotRuntime } from '../../runtime';

/** Trigger ids answered are remembered this long (Slack retries within minutes) and this many (a busy hour's worth). */
const REPLAY_MEMORY_MS = 15 * 60 * 1000;
const REPLAY_MEMORY_ENTRIES = 10_000;

/** Slack's replay window: requests older (or further ahead) than this are refused. */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** A small cache with expiry: request keys already answered. */
class Expiring<V> {
  private map = new Map<string, { v: V; at: number }>();
  constructor(
    private ttlMs: number,
    private max = 2000,
  ) {}
  set(k: string, v: V) {
    this.map.set(k, { v, at: Date.now() });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get(k: string): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.map.delete(k);
      return undefined;
    }
    return e.v;
  }
}

const EVENTS_PATH = '/slack/events';

export interface SlackFrontEnd {
  client: App['client'];
  /** Posts a message to a channel (used by scheduled briefings). */
  post(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    metadata?: { event_type: string; event_payload: Record<string, string | number> },
    workspace?: string,
  ): Promise<{ ts?: string }>;
  /**
   * Recent messages of a channel (or of a thread, with `threadTs`) with their metadata: how a
   * replica taking over a briefing finds the parts already posted.
   */
  recent(channel: string, threadTs?: string, workspace?: string): Promise<Array<{ ts?: string; metadata?: unknown }>>;
  stop(): Promise<void>;
}

/**
 * The Slack adapter: registers every command from `commands/` with Bolt, acks at once, answers
 * through `respond()` (ephemeral, with a button to share in the channel).
 */
export async function startSlack(
  bot: BotRuntime,
  cfg: SlackConfig,
  log: (m: string) => void = (m) => console.error(m),
  extras: AdapterExtras = {},
): Promise<SlackFrontEnd> {
  const ops =
    extras.ops ?? opsHandler({ ready: () => bot.ready, status: () => ({ documents: bot.corpus.documents.length }) });
  const clientOptions = cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {};
  const socketMode = !!cfg.appToken;
  // Many workspaces: each one's tokens are kept in the state store by the OAuth flow.
  if (cfg.oauth && !extras.state)
    throw new Error(
      'installs in many workspaces (SLACK_CLIENT_ID) keep their tokens in the state database, which cannot be used (see the warning above)',
    );
  const installations = cfg.oauth && extras.state ? installationStore(extras.state) : undefined;
  /** The bot token for a workspace: the one token, or that workspace's installation's. */
  const tokenFor = async (workspace?: string): Promise<string | undefined> => {
    if (cfg.botToken || !installations) return cfg.botToken;
    if (!workspace)
      throw new Error('no workspace is known for this channel: subscribe it again with /digest subscribe');
    const inst = await installations.fetchInstallation({
      teamId: workspace,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    if (!inst.bot?.token) throw new Error(`the app is not installed in workspace ${workspace}`);
    return inst.bot.token;
  };
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (socketMode)
    receiver = new SocketModeReceiver({
      appToken: cfg.appToken!,
      installerOptions: { clientOptions },
      logLevel: LogLevel.WARN,
    });
  else {
    if (!cfg.signingSecret)
      throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode).');
    receiver = new HTTPReceiver({
      signingSecret: cfg.signingSecret,
      endpoints: EVENTS_PATH,
      logLevel: LogLevel.WARN,
      ...(cfg.oauth && installations
        ? {
            clientId: cfg.oauth.clientId,
            clientSecret: cfg.oauth.clientSecret,
            stateSecret: cfg.oauth.stateSecret,
            scopes: BOT_SCOPES,
            installationStore: installations,
            installerOptions: {
              directInstall: true,
              installPath: INSTALL_PATH,
              redirectUriPath: REDIRECT_PATH,
              clientOptions,
            },
          }
        : {}),
    });
  }
  const app = new App({
    token: cfg.botToken,
    receiver,
    clientOptions,
    deferInitialization: true,
    logLevel: LogLevel.WARN,
  });
  try {
    await app.init();
  } catch (e) {
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN: ${(e as Error).message}`);
  }

  /** The app removed from a workspace, or its bot token revoked: that workspace's tokens and subscriptions go. */
  async function forget(workspace: string | undefined, why: string) {
    if (!workspace || !extras.state || !cfg.oauth) return;
    const n = await extras.state.removeWorkspace('slack', workspace);
    log(`slack: ${why} in workspace ${workspace}: its tokens and ${n} subscription(s) removed.`);
  }
  app.event('app_uninstalled', async ({ body }) => forget(body.team_id, 'the app was uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    if (event.tokens.bot?.length) await forget(body.team_id, 'the bot token was revoked');
  });

  const answered = new Expiring<true>(REPLAY_MEMORY_MS, REPLAY_MEMORY_ENTRIES);

  /** Sends an answer; when Slack refuses the blocks, a shorter plain fallback, so the user never gets silence. */
  async function deliver(
    send: (m: Record<string, unknown>) => Promise<unknown>,
    answer: Answer,
    base: Record<string, unknown>,
    rich: SlackMessage,
    what: string,
  ) {
    try {
      await send({ ...base, ...rich });
    } catch (e) {
      log(`slack: Slack refused the answer to ${what} (${(e as Error).message}); sending a short plain version.`);
      try {
        await send({ ...base, ...slackFallback(answer) });
      } catch (e2) {
        log(`slack: could not deliver the answer to ${what}: ${(e2 as Error).message}`);
      }
    }
  }

  /** The /stances picture, uploaded to the channel (files.uploadV2); the text table was already sent. */
  async function uploadPicture(client: App['client'], channel: string, answer: Answer, threadTs?: string) {
    try {
      const { png } = stancesPng(answer.matrix!, answer.title);
      const file = {
        file: png,
        filename: 'stances.png',
        title: answer.title,
        alt_text: `${answer.title}: actors by issue, each cell a stance`,
      };
      await client.files.uploadV2(
        threadTs ? { ...file, channel_id: channel, thread_ts: threadTs } : { ...file, channel_id: channel },
      );
    } catch (e) {
      log(`slack: the /stances picture was not uploaded (${(e as Error).message}); the table was sent.`);
    }
  }

  // Slack re-sends a request it thinks was lost; the first one was answered already.
  app.use(async ({ context, next, ack }) => {
    if (context.retryNum && ack) {
      await (ack as () => Promise<void>)();
      return;
    }
    await next();
  });

  for (const def of bot.commands) {
    app.command(`/${def.name}`, ({ command, ack, respond, client }) =>
      bot.inFlight.track(answerCommand(def, command, ack, respond, client)),
    );
  }

  /** One slash command: acknowledged, answered in its turn, delivered; a JSON log event with its request id. */
  async function answerCommand(
    def: (typeof bot.commands)[number],
    command: SlashCommand,
    ack: () => Promise<void>,
    respond: RespondFn,
    client: App['client'],
  ) {
    const started = performance.now();
    const requestId = randomUUID();
    await ack();
    // Slack's retries are dropped by the middleware above (X-Slack-Retry-Num); a trigger id seen twice is a
    // replay of the same request. A request without one is simply answered: it is nothing to dedupe on.
    const trigger = typeof command.trigger_id === 'string' && command.trigger_id ? command.trigger_id : undefined;
    if (trigger) {
      if (answered.get(trigger)) return;
      answered.set(trigger, true);
    }
    // The acknowledgement is made; it leaves while the answers ahead of this one are computed.
    await bot.turns.next();
    const channel: ChannelRef = {
      platform: 'slack',
      id: command.channel_id,
      name: command.channel_name,
      workspace: command.team_id,
    };
    const ctx = bot.context(channel, undefined, { id: command.user_id, name: command.user_name });
    let answer: Answer;
    try {
      const args = def.parse ? def.parse(command.text ?? '', ctx) : parseArgs(def, command.text ?? '');
      answer = await runCommand(def, args, ctx);
    } catch (e) {
      log(`slack: /${def.name} failed: ${(e as Error).message}`);
      answer = {
        command: def.name,
        query: command.text,
        status: 'error',
        title: `Sorry — /${def.name} failed. Usage: ${def.usage}`,
        sections: [],
        total: 0,
      };
    }
    let shareId: string | undefined;
    try {
      shareId = answer.status === 'ok' ? await bot.shares.put(answer) : undefined;
    } catch (e) {
      log(`slack: the share button is off for this answer: ${(e as Error).message}`);
    }
    await deliver(
      (m) => respond(m),
      answer,
      { response_type: 'ephemeral' },
      renderSlack(answer, { shareId }),
      `/${def.name}`,
    );
    if (answer.matrix) await uploadPicture(client, command.channel_id, answer);
    extras.event?.('command', {
      requestId,
      platform: 'slack',
      team: command.team_id,
      channel: command.channel_id,
      command: def.name,
      status: answer.status,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * "@briefing what does Britain say about troops?" in a channel, or the same in a direct message:
   * read as /ask and answered in the thread it was asked in. The mention is public, so is the answer.
   */
  const ask = bot.commands.find((c) => c.name === 'ask');
  async function answerMessage(
    event: { channel: string; text?: string; ts: string; thread_ts?: string; user?: string },
    body: { event_id?: string; team_id?: string },
    client: App['client'],
    say: (m: Record<string, unknown>) => Promise<unknown>,
    where: string,
  ) {
    const eventId = body.event_id;
    if (!ask) return;
    // Slack re-delivers an event it thinks was lost; the same event id was answered already.
    if (eventId) {
      if (answered.get(eventId)) return;
      answered.set(eventId, true);
    }
    await bot.turns.next();
    const question = (event.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();
    const channel: ChannelRef = { platform: 'slack', id: event.channel, workspace: body.team_id };
    const ctx = bot.context(channel, undefined, event.user ? { id: event.user } : undefined);
    let answer: Answer;
    try {
      answer = await runCommand(ask, { question: question || undefined }, ctx);
    } catch (e) {
      log(`slack: ${where} failed: ${(e as Error).message}`);
      answer = {
        command: 'ask',
        query: question,
        status: 'error',
        title: `Sorry — that failed. Usage: ${ask.usage}`,
        sections: [],
        total: 0,
      };
    }
    const thread = event.thread_ts ?? event.ts;
    await deliver(
      (m) => say(m),
      answer,
      { thread_ts: thread, unfurl_links: false, unfurl_media: false },
      renderSlack(answer),
      where,
    );
    if (answer.matrix) await uploadPicture(client, event.channel, answer, thread);
  }

  app.event('app_mention', async ({ event, body, client, say }) => {
    await bot.inFlight.track(answerMessage(event, body, client, say as never, 'a mention'));
  });

  // Direct messages to the bot: only people's own messages (no edits, no bot posts, not its own answers).
  app.message(async ({ message, body, client, say }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || 'bot_id' in message) return;
    await bot.inFlight.track(answerMessage(message, body, client, say as never, 'a direct message'));
  });

  app.action('share_answer', async ({ ack, body, respond, action }) => {
    await ack();
    const id = 'value' in action ? String(action.value) : '';
    const shared = id ? await bot.shares.get(id).catch(() => undefined) : undefined;
    if (!shared) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That answer has expired; ask again to share it.',
      });
      return;
    }
    const who = body.user && 'name' in body.user ? String(body.user.name) : 'a member';
    await deliver(
      (m) => respond(m),
      shared,
      { response_type: 'in_channel', replace_original: false },
      renderSlack(shared, { sharedBy: who }),
      'the share button',
    );
  });

  app.error(async (e) => {
    log(`slack: ${e.message}`);
  });

  /**
   * The HTTP port's own router. Bolt throws on any request it does not handle, and a throw here
   * would end the process: so only POST /slack/events reaches Bolt, health checks are answered,
   * and everything else gets 404 or 405 and the bot keeps running.
   */
  function route(req: IncomingMessage, res: ServerResponse) {
    const reply = (status: number, body = '', headers: Record<string, string> = {}) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      req.resume();
    };
    try {
      let path: string;
      try {
        path = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return reply(400, 'bad request\n');
      }
      const method = (req.method ?? '').toUpperCase();
      // The operator's endpoints (health, readiness, metrics) share the port.
      if (ops(req, res, path)) return;
      // Many workspaces: the install page and Slack's redirect back are Bolt's own.
      if (installations && (path === INSTALL_PATH || path === REDIRECT_PATH)) {
        if (method !== 'GET') return reply(405, 'method not allowed\n', { allow: 'GET' });
        return (receiver as HTTPReceiver).requestListener(req, res);
      }
      if (path !== EVENTS_PATH) return reply(404, 'not found\n');
      if (method !== 'POST') return reply(405, 'method not allowed\n', { allow: 'POST' });
      // Bolt refuses stale timestamps; a timestamp far in the future is refused here, before Bolt.
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts - Date.now() / 1000 > MAX_CLOCK_SKEW_S) return reply(401);
      (receiver as HTTPReceiver).requestListener(req, res);
    } catch (e) {
      log(`slack: request ${req.method} ${String(req.url).slice(0, 200)} failed: ${(e as Error).message}`);
      reply(500, 'error\n');
    }
  }

  let server: Server | undefined;
  if (socketMode) {
    await app.start();
    log('Slack: connected in Socket Mode.');
  } else {
    server = createServer((req: IncomingMessage, res: ServerResponse) => route(req, res));
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(cfg.port, cfg.host, () => resolve());
    });
    const addr = server.address();
    log(
      `Slack: listening on ${typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : cfg.port}/slack/events.`,
    );
  }

  return {
    client: app.client,
    async post(channel, message, threadTs, metadata, workspace) {
      const r = await app.client.chat.postMessage({
        token: await tokenFor(workspace),
        channel,
        text: message.text,
        blocks: message.blocks,
        thread_ts: threadTs,
        unfurl_links: false,
        unfurl_media: false,
        ...(metadata ? { metadata } : {}),
      });
      return { ts: r.ts };
    },
    async recent(channel, threadTs, workspace) {
      const token = await tokenFor(workspace);
      const r = threadTs
        ? await app.client.conversations.replies({
            token,
            channel,
            ts: threadTs,
            limit: 200,
            include_all_metadata: true,
          })
        : await app.client.conversations.history({ token, channel, limit: 100, include_all_metadata: true });
      return (r.messages ?? []) as Array<{ ts?: string; metadata?: unknown }>;
    },
    async stop() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      else await app.stop();
    },
  };
}
