import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Recorded {
  path: string;
  body: Record<string, unknown>;
  at: number;
  /** A posted message's timestamp (its id in Slack). */
  ts?: string;
  /** The token the call was made with (its Authorization header). */
  token?: string;
}

/**
 * A local stand-in for Slack on 127.0.0.1: the Web API methods the bot calls, a `response_url`
 * receiver, and a Socket Mode WebSocket handed out by `apps.connections.open`.
 */
const SLACK_FIELDS = new Set([
  'text',
  'blocks',
  'response_type',
  'replace_original',
  'delete_original',
  'thread_ts',
  'channel',
  'unfurl_links',
  'unfurl_media',
  'attachments',
  'mrkdwn',
  'metadata',
  'token',
  // Bolt's say() names the workspace (chat.postMessage takes team_id for org-wide apps).
  'team_id',
]);

export class FakeSlack {
  readonly calls: Recorded[] = [];
  readonly responses: Recorded[] = [];
  readonly acks: Array<Record<string, unknown>> = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets: WebSocket[] = [];
  /** Answers the next N calls to a method with 429 and this Retry-After. */
  rateLimit: Record<string, { times: number; retryAfter: number }> = {};
  /** Methods that fail with this Slack error for a channel. */
  failChannel: Record<string, string> = {};
  port = 0;
  /** Holds each reply to a `response_url` this long before taking it (an answer still on its way at a shutdown). */
  respondDelayMs = 0;
  /** Workspaces that can install the app, by the code Slack would hand the installer: their team and bot token. */
  readonly workspaces = new Map<string, { team: string; token: string }>();
  /** The app's OAuth client, as registered with Slack. */
  oauthClient = { id: 'client-id', secret: 'client-secret' };
  /** Tokens Slack no longer accepts (the app was uninstalled). */
  readonly revoked = new Set<string>();
  /** Holds the answer to the next `times` chat.postMessage calls `ms` each, the message already posted; `held` counts them. */
  holdPosts = { times: 0, ms: 0, held: 0 };
  /** Answers conversations.history and .replies with this Slack error (an app without the history scopes). */
  historyError?: string;
  private seq = 0;
  /** Refuse every message that carries blocks (to exercise the plain fallback). */
  refuseBlocks = false;
  /** Messages refused for breaking Block Kit's limits, as Slack refuses them. */
  readonly refused: Recorded[] = [];
  /** Files uploaded with files.uploadV2, by file id: the bytes, and the channel once completed. */
  readonly uploads = new Map<
    string,
    {
      filename?: string;
      length?: number;
      bytes?: Buffer;
      channel?: string;
      threadTs?: string;
      title?: string;
      completed?: boolean;
    }
  >();

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on('message', (data) => this.acks.push(JSON.parse(String(data))));
        ws.send(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            debug_info: { host: 'fake' },
            connection_info: { app_id: 'A1' },
          }),
        );
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string) {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  socketConnected() {
    return this.sockets.length > 0;
  }

  /** Sends a Socket Mode envelope to every connected client. */
  sendEnvelope(envelope: Record<string, unknown>) {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  posts(): Recorded[] {
    return this.calls.filter((c) => c.path === 'chat.postMessage');
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    // files.uploadV2's second step: the bytes themselves, POSTed to the upload_url handed out below.
    if ((req.url ?? '').startsWith('/upload/')) {
      const id = (req.url ?? '').slice('/upload/'.length);
      let bytes = Buffer.concat(chunks);
      // The Web API client sends the file as multipart form data (Slack takes raw bytes too).
      const boundary = /boundary=("?)([^";]+)\1/.exec(String(req.headers['content-type'] ?? ''))?.[2];
      if (boundary) {
        const part = bytes
          .toString('latin1')
          .split(`--${boundary}`)
          .find((p) => /filename="/.test(p));
        if (part) bytes = Buffer.from(part.slice(part.indexOf('\r\n\r\n') + 4, part.length - 2), 'latin1');
      }
      this.uploads.set(id, { ...(this.uploads.get(id) ?? {}), bytes });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${Buffer.concat(chunks).length}`);
      return;
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown> = {};
    if (type.includes('json')) body = raw ? JSON.parse(raw) : {};
    else body = Object.fromEntries(new URLSearchParams(raw));
    for (const k of ['blocks', 'attachments', 'metadata'])
      if (typeof body[k] === 'string') body[k] = JSON.parse(body[k] as string);
    const url = req.url ?? '';
    const json = (status: number, o: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(o));
    };
    const invalid = this.invalidBlocks(body);
    if (url.startsWith('/respond/') && invalid) {
      this.refused.push({ path: url.slice('/respond/'.length), body, at: Date.now() });
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks');
      return;
    }
    if (url.startsWith('/respond/')) {
      if (this.respondDelayMs) await new Promise((r) => setTimeout(r, this.respondDelayMs));
      this.responses.push({ path: url.slice('/respond/'.length), body, at: Date.now() });
      res.writeHead(200).end('ok');
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const limit = this.rateLimit[method];
    if (limit && limit.times > 0) {
      limit.times--;
      this.calls.push({ path: `${method}:429`, body, at: Date.now() });
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfter) });
      return;
    }
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || (body.token as string | undefined);
    this.calls.push({ path: method, body, at: Date.now(), token });
    if (token && this.revoked.has(token)) return json(200, { ok: false, error: 'token_revoked' });
    switch (method) {
      case 'auth.test': {
        // A workspace's token names its workspace (installs in many workspaces); any other is T1's.
        const team = [...this.workspaces.values()].find((w) => w.token === token)?.team ?? 'T1';
        return json(200, {
          ok: true,
          url: 'https://fake.slack.com/',
          team: `Team ${team}`,
          user: 'briefing',
          team_id: team,
          user_id: `UBOT${team}`,
          bot_id: `B${team}`,
        });
      }
      case 'oauth.v2.access': {
        // The code an installer brought back: the app's credentials must come with it.
        const w = this.workspaces.get(String(body.code));
        const basic = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const [id, secret] = basic.includes(':')
          ? basic.split(':')
          : [String(body.client_id), String(body.client_secret)];
        if (!w || id !== this.oauthClient.id || secret !== this.oauthClient.secret)
          return json(200, { ok: false, error: 'invalid_code' });
        return json(200, {
          ok: true,
          app_id: 'A1',
          authed_user: { id: `U-installer-${w.team}` },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: w.token,
          bot_user_id: `UBOT${w.team}`,
          team: { id: w.team, name: `Team ${w.team}` },
          enterprise: null,
          is_enterprise_install: false,
        });
      }
      case 'apps.connections.open':
        return json(200, { ok: true, url: `ws://127.0.0.1:${this.port}/socket` });
      case 'chat.postMessage': {
        const err = this.failChannel[String(body.channel)];
        if (err) return json(200, { ok: false, error: err });
        if (invalid) {
          this.refused.push({ path: method, body, at: Date.now() });
          return json(200, { ok: false, error: 'invalid_blocks', errors: [invalid] });
        }
        // Unique per message, as Slack's are: a thread is named by its first message's ts.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
        this.calls[this.calls.length - 1]!.ts = ts;
        // Posted (in the channel and its history) but not yet answered: the window a crash can fall in.
        if (this.holdPosts.times > 0) {
          this.holdPosts.times--;
          this.holdPosts.held++;
          await new Promise((r) => setTimeout(r, this.holdPosts.ms));
        }
        return json(200, { ok: true, channel: body.channel, ts, message: { text: body.text } });
      }
      case 'conversations.history':
      case 'conversations.replies': {
        if (this.historyError) return json(200, { ok: false, error: this.historyError });
        const withMeta = String(body.include_all_metadata) === 'true';
        const msgs = this.posts()
          .filter((p) => p.body.channel === body.channel)
          .filter((p) =>
            method === 'conversations.history' ? !p.body.thread_ts : p.ts === body.ts || p.body.thread_ts === body.ts,
          )
          .map((p) => ({
            type: 'message',
            ts: p.ts,
            text: p.body.text,
            ...(p.body.thread_ts ? { thread_ts: p.body.thread_ts } : {}),
            ...(withMeta && p.body.metadata ? { metadata: p.body.metadata } : {}),
          }));
        return json(200, { ok: true, messages: method === 'conversations.history' ? msgs.reverse() : msgs });
      }
      case 'files.getUploadURLExternal': {
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, { filename: String(body.filename), length: Number(body.length) });
        return json(200, { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(String(body.files ?? '[]')) as Array<{ id: string; title?: string }>;
        for (const f of files) {
          const u = this.uploads.get(f.id);
          if (u)
            Object.assign(u, {
              channel: String(body.channel_id ?? ''),
              threadTs: body.thread_ts === undefined ? undefined : String(body.thread_ts),
              title: f.title,
              completed: true,
            });
        }
        return json(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        return json(200, { ok: true });
    }
  }

  /** Block Kit's limits, checked as Slack checks them: what breaks one is refused, not trimmed. */
  private invalidBlocks(body: Record<string, unknown>): string | undefined {
    const blocks = body.blocks as
      | Array<{
          type: string;
          text?: { type: string; text: string };
          elements?: Array<{ text?: string; value?: string }>;
        }>
      | undefined;
    if (typeof body.text === 'string' && body.text.length > 40000) return 'text over 40000';
    if (!Array.isArray(blocks)) return undefined;
    if (this.refuseBlocks && blocks.length) return 'blocks refused by the test';
    if (blocks.length > 50) return 'more than 50 blocks';
    for (const b of blocks) {
      if (b.type === 'header' && (b.text?.text.length ?? 0) > 150) return 'header over 150';
      if (b.type === 'section' && (b.text?.text.length ?? 0) > 3000) return 'section over 3000';
      if (
        b.type === 'context' &&
        ((b.elements?.length ?? 0) > 10 || b.elements!.some((e) => (e.text?.length ?? 0) > 3000))
      )
        return 'context over its limits';
      if (b.type === 'actions' && b.elements!.some((e) => (e.value?.length ?? 0) > 2000))
        return 'button value over 2000';
    }
    // Anything but the payload's own fields is refused too (a stray field is a bug of ours).
    const extra = Object.keys(body).filter((k) => !SLACK_FIELDS.has(k));
    return extra.length ? `unknown fields ${extra.join(', ')}` : undefined;
  }

  async stop() {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Signs a body exactly as Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function slashCommandBody(
  command: string,
  text: string,
  responseUrl: string,
  extra: Record<string, string> = {},
): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'fake',
    channel_id: 'C123',
    channel_name: 'briefings',
    user_id: 'U1',
    user_name: 'ana',
    command,
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${Math.random().toString(36).slice(2)}`,
    ...extra,
  }).toString();
}

/** The headers of a request signed as Slack signs it, timestamped now. */
export function signedHeaders(secret: string, body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(secret, ts, body),
  };
}

/**
 * An Events API delivery (JSON, as Slack posts it to /slack/events): an `app_mention` in #briefings
 * or a direct message (`channel_type: 'im'`), with its own event id.
 */
export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${Math.random().toString(36).slice(2)}`,
  team = 'T1',
): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }],
    event: { event_ts: event.ts, ...event },
  });
}

/** The body Slack sends when "ana" clicks the share button carrying `value`. */
export function shareClickBody(value: string, responseUrl: string): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U1', name: 'ana' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    channel: { id: 'C123', name: 'briefings' },
    response_url: responseUrl,
    trigger_id: '1.2',
    actions: [{ type: 'button', action_id: 'share_answer', block_id: 'b', value, action_ts: '1' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The environment of a bot on Slack over HTTP, on 127.0.0.1:`port`, talking to this fake. */
export function slackBotEnv(
  slack: FakeSlack,
  port: number,
  secret: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: secret,
    SLACK_PORT: String(port),
    SLACK_HOST: '127.0.0.1',
    SLACK_API_URL: slack.apiUrl,
    ...extra,
  };
}
