import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Answer } from '../answers/model';
import { parseArgs, type ChannelRef } from '../commandModel';
import { runCommand } from '../dispatch';
import { renderSlack, type SlackMessage } from '../render/slack';
import type { BotRuntime } from '../runtime';

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  port: number;
  host?: string;
  apiUrl?: string;
}

export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackConfig | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  const apiUrl = env.SLACK_API_URL ? env.SLACK_API_URL.replace(/\/?$/, '/') : undefined;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN || undefined,
    port: Number.parseInt(env.SLACK_PORT || '3000', 10),
    host: env.SLACK_HOST || undefined,
    apiUrl,
  };
}

/** Slack's replay window: requests older (or further ahead) than this are refused. */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** A small cache with expiry: answers waiting to be shared, trigger ids already answered. */
class Expiring<V> {
  private map = new Map<string, { v: V; at: number }>();
  constructor(private ttlMs: number, private max = 2000) {}
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

export interface SlackFrontEnd {
  client: App['client'];
  /** Posts a message to a channel (used by scheduled briefings). */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts?: string }>;
  stop(): Promise<void>;
}

/**
 * The Slack adapter: registers every command from `commands/` with Bolt, acks at once, answers
 * through `respond()` (ephemeral, with a button to share in the channel).
 */
export async function startSlack(bot: BotRuntime, cfg: SlackConfig, log: (m: string) => void = (m) => console.error(m)): Promise<SlackFrontEnd> {
  const clientOptions = cfg.apiUrl ? { slackApiUrl: cfg.apiUrl } : {};
  const socketMode = !!cfg.appToken;
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (socketMode) receiver = new SocketModeReceiver({ appToken: cfg.appToken!, installerOptions: { clientOptions }, logLevel: LogLevel.WARN });
  else {
    if (!cfg.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode).');
    receiver = new HTTPReceiver({ signingSecret: cfg.signingSecret, endpoints: '/slack/events', logLevel: LogLevel.WARN });
  }
  const app = new App({ token: cfg.botToken, receiver, clientOptions, deferInitialization: true, logLevel: LogLevel.WARN });
  try {
    await app.init();
  } catch (e) {
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN: ${(e as Error).message}`);
  }

  const shares = new Expiring<{ answer: Answer }>(24 * 3600 * 1000);
  const answered = new Expiring<true>(15 * 60 * 1000, 10000);

  // Slack re-sends a request it thinks was lost; the first one was answered already.
  app.use(async ({ context, next, ack }) => {
    if (context.retryNum && ack) {
      await (ack as () => Promise<void>)();
      return;
    }
    await next();
  });

  for (const def of bot.commands) {
    app.command(`/${def.name}`, async ({ command, ack, respond }) => {
      await ack();
      if (answered.get(command.trigger_id)) return;
      answered.set(command.trigger_id, true);
      const channel: ChannelRef = { platform: 'slack', id: command.channel_id, name: command.channel_name };
      const ctx = bot.context(channel);
      let answer: Answer;
      try {
        const args = def.parse ? def.parse(command.text ?? '', ctx) : parseArgs(def, command.text ?? '');
        answer = await runCommand(def, args, ctx);
      } catch (e) {
        log(`slack: /${def.name} failed: ${(e as Error).message}`);
        answer = { command: def.name, query: command.text, status: 'error', title: `Sorry — /${def.name} failed. Usage: ${def.usage}`, sections: [], total: 0 };
      }
      const shareId = answer.status === 'ok' ? randomUUID() : undefined;
      if (shareId) shares.set(shareId, { answer });
      try {
        await respond({ response_type: 'ephemeral', ...renderSlack(answer, { shareId }) });
      } catch (e) {
        log(`slack: could not deliver the answer to /${def.name}: ${(e as Error).message}`);
      }
    });
  }

  app.action('share_answer', async ({ ack, body, respond, action }) => {
    await ack();
    const id = 'value' in action ? String(action.value) : '';
    const shared = shares.get(id);
    if (!shared) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That answer has expired; ask again to share it.' });
      return;
    }
    const who = body.user && 'name' in body.user ? String(body.user.name) : 'a member';
    await respond({ response_type: 'in_channel', replace_original: false, ...renderSlack(shared.answer, { sharedBy: who }) });
  });

  app.error(async (e) => {
    log(`slack: ${e.message}`);
  });

  let server: Server | undefined;
  if (socketMode) {
    await app.start();
    log('Slack: connected in Socket Mode.');
  } else {
    const listener = (receiver as HTTPReceiver).requestListener;
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      // Bolt refuses stale timestamps; a timestamp far in the future is refused here, before Bolt.
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts - Date.now() / 1000 > MAX_CLOCK_SKEW_S) {
        res.writeHead(401).end();
        req.resume();
        return;
      }
      listener(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(cfg.port, cfg.host, () => resolve());
    });
    const addr = server.address();
    log(`Slack: listening on ${typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : cfg.port}/slack/events.`);
  }

  return {
    client: app.client,
    async post(channel, message, threadTs) {
      const r = await app.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, thread_ts: threadTs, unfurl_links: false, unfurl_media: false });
      return { ts: r.ts };
    },
    async stop() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      else await app.stop();
    },
  };
}
