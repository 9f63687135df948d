import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown> | Array<Record<string, unknown>>;
  at: number;
}

export const APP_ID = '111111111111111111';
export const GUILD_ID = '222222222222222222';
export const CHANNEL_ID = '333333333333333333';

/**
 * A local stand-in for Discord on 127.0.0.1: REST under /api/v10 (gateway discovery, interaction
 * callbacks, webhook edits and follow-ups, command registration, channel messages) and a WebSocket
 * gateway speaking HELLO, heartbeat ACK, IDENTIFY → READY and dispatching INTERACTION_CREATE.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** Messages created under a nonce with enforce_nonce, by channel and nonce. */
  private nonces = new Map<string, unknown>();
  readonly gatewayFrames: Array<{ op: number; d: unknown }> = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets: WebSocket[] = [];
  /** The shard each connection identified as ([id, count]). */
  private shardOf = new Map<WebSocket, [number, number]>();
  /** The shard count /gateway/bot recommends (DISCORD_SHARDS=auto). */
  recommendedShards = 1;
  private seq = 0;
  port = 0;
  identified = 0;
  /** Answers the next N posts to a channel with 429 and this retry-after (seconds). */
  rateLimit: Record<string, { times: number; retryAfter: number }> = {};
  /** Channels the bot may not post to (403 Missing Access). */
  forbidden = new Set<string>();
  /** Files attached to messages and interaction responses, with the route they came on. */
  readonly files: Array<{ path: string; name: string; bytes: Buffer }> = [];
  /** Registered commands by route (global or per guild), as Discord keeps them. */
  registered = new Map<string, Array<Record<string, unknown>>>();
  /** Refuse every interaction reply carrying embeds (to exercise the plain fallback). */
  refuseEmbeds = false;

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) =>
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws)),
    );
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private onSocket(ws: WebSocket) {
    this.sockets.push(ws);
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: unknown };
      this.gatewayFrames.push(frame);
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (frame.op === 2) {
        this.identified++;
        const shard = (frame.d as { shard?: [number, number] }).shard ?? [0, 1];
        this.shardOf.set(ws, shard);
        this.dispatch(ws, 'READY', {
          v: 10,
          user: {
            id: '444444444444444444',
            username: 'briefing',
            discriminator: '0',
            global_name: null,
            avatar: null,
            bot: true,
            flags: 0,
          },
          guilds: [],
          session_id: `session-${this.identified}`,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          shard: this.shardOf.get(ws),
          application: { id: APP_ID, flags: 0 },
        });
      }
    });
  }

  private dispatch(ws: WebSocket, t: string, d: unknown) {
    ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  ready() {
    return this.identified > 0;
  }

  /** The shards the bot's connections identified as, in order. */
  shards(): Array<[number, number]> {
    return [...this.shardOf.values()];
  }

  /**
   * Sends an INTERACTION_CREATE to the bot, from `guildId` (the test server by default), on the
   * connection of the shard that server belongs to, as Discord routes it: (guild_id >> 22) % count.
   * Returns the interaction's id and token.
   */
  interact(
    type: 2 | 3 | 4,
    data: Record<string, unknown>,
    guildId = GUILD_ID,
    channelId = CHANNEL_ID,
  ): { id: string; token: string } {
    const id = String(BigInt(Date.now()) * 4194304n + BigInt(Math.floor(Math.random() * 4000000)));
    const token = `tok-${id}`;
    const user = { id: '555555555555555555', username: 'ana', discriminator: '0', global_name: 'Ana', avatar: null };
    const d: Record<string, unknown> = {
      id,
      application_id: APP_ID,
      type,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'briefings' },
      member: {
        user,
        roles: [],
        permissions: '2248473465835073',
        joined_at: '2024-01-01T00:00:00.000000+00:00',
        deaf: false,
        mute: false,
        flags: 0,
      },
      token,
      version: 1,
      app_permissions: '2248473465835073',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    };
    if (type === 3)
      d.message = {
        id: '666666666666666666',
        channel_id: CHANNEL_ID,
        content: '',
        embeds: [],
        author: { id: '444444444444444444', username: 'briefing', discriminator: '0' },
        timestamp: new Date().toISOString(),
        type: 0,
        attachments: [],
        components: [],
        flags: 64,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        pinned: false,
      };
    for (const ws of this.sockets) {
      const [shard, count] = this.shardOf.get(ws) ?? [0, 1];
      if (Number((BigInt(guildId) >> 22n) % BigInt(count)) === shard) this.dispatch(ws, 'INTERACTION_CREATE', d);
    }
    return { id, token };
  }

  /** Closes the gateway connection as a network fault would; the client should resume. */
  dropGateway() {
    for (const ws of this.sockets) ws.close(4000, 'test fault');
    this.sockets = [];
  }

  callbacks(id: string) {
    return this.calls.filter((c) => c.path.startsWith(`/api/v10/interactions/${id}/`));
  }

  /** Every call answering an interaction: its callback, then edits and follow-ups made with its token. */
  callsFor(i: { id: string; token: string }) {
    return this.calls.filter((c) => c.path.includes(`/interactions/${i.id}/`) || c.path.includes(i.token));
  }

  /**
   * The call that carries the answer: the reply itself (type 4), or the edit of a deferred one (a bot
   * acknowledges first when the command is slow or others are ahead of it).
   */
  answerTo(i: { id: string; token: string }) {
    return this.callsFor(i).find((c) => {
      const b = c.body as Record<string, unknown>;
      const d = (b.data ?? b) as Record<string, unknown>;
      return b.type !== 5 && (d.content || d.embeds);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: RestCall['body'] = {};
    const type = String(req.headers['content-type'] ?? '');
    if (raw && type.includes('json')) body = JSON.parse(raw);
    else if (raw && type.includes('multipart')) {
      const m = /name="payload_json"[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/.exec(raw);
      body = m ? JSON.parse(m[1]!) : {};
      // Attached files, read byte for byte (latin1 keeps every byte as one character).
      const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
      if (boundary) {
        const all = Buffer.concat(chunks).toString('latin1');
        for (const part of all.split(`--${boundary}`)) {
          const name = /filename="([^"]*)"/.exec(part)?.[1];
          const at = part.indexOf('\r\n\r\n');
          if (name === undefined || at < 0) continue;
          this.files.push({
            path: decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname),
            name,
            bytes: Buffer.from(part.slice(at + 4, part.length - 2), 'latin1'),
          });
        }
      }
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const json = (status: number, o: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(o));
    };
    const message = (b: Record<string, unknown>) => ({
      id: String(Date.now()),
      channel_id: CHANNEL_ID,
      content: b.content ?? '',
      embeds: b.embeds ?? [],
      components: b.components ?? [],
      author: { id: '444444444444444444', username: 'briefing', discriminator: '0', bot: true },
      timestamp: new Date().toISOString(),
      type: 0,
      attachments: [],
      flags: b.flags ?? 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
    });
    const channelPost = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (channelPost && method === 'POST') {
      const ch = channelPost[1]!;
      const limit = this.rateLimit[ch];
      if (limit && limit.times > 0) {
        limit.times--;
        this.calls.push({ method, path: `${path}:429`, body, at: Date.now() });
        return json(
          429,
          { message: 'You are being rate limited.', retry_after: limit.retryAfter, global: false },
          { 'retry-after': String(Math.ceil(limit.retryAfter)), 'x-ratelimit-scope': 'user' },
        );
      }
      // enforce_nonce: a nonce seen on this channel returns the message made under it, and nothing is created.
      const b = body as { nonce?: string; enforce_nonce?: boolean };
      if (b.enforce_nonce && b.nonce) {
        const earlier = this.nonces.get(`${ch}:${b.nonce}`);
        if (earlier) {
          this.calls.push({ method, path: `${path}:nonce-seen`, body, at: Date.now() });
          return json(200, earlier);
        }
      }
      this.calls.push({ method, path, body, at: Date.now() });
      if (this.forbidden.has(ch)) return json(403, { message: 'Missing Access', code: 50001 });
      const bad = this.invalidMessage(body);
      if (bad)
        return json(400, {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: bad }] },
        });
      const made = message(body as Record<string, unknown>);
      if (b.enforce_nonce && b.nonce) this.nonces.set(`${ch}:${b.nonce}`, made);
      return json(200, made);
    }
    this.calls.push({ method, path, body, at: Date.now() });
    if (path === '/api/v10/gateway/bot') {
      return json(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    // Discord refuses a message over its limits with 400 and code 50035 (Invalid Form Body), as the real one does.
    const invalid = this.invalidMessage(body);
    if (invalid && /\/(callback|messages\/@original)$|^\/api\/v10\/webhooks\/\d+\/[^/]+$/.test(path)) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { data: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: invalid }] } },
      });
    }
    if (/^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (url.searchParams.get('with_response') === 'true')
        return json(200, { interaction: { id: '1', type: 2 }, resource: { type: 4 } });
      // A 204 carries no content-type, as Discord's does.
      res.writeHead(204).end();
      return;
    }
    if (/^\/api\/v10\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.test(path))
      return json(200, message(body as Record<string, unknown>));
    if (/^\/api\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
      const saved = (body as Array<Record<string, unknown>>).map((c, i) => ({
        ...c,
        id: String(900 + i),
        application_id: APP_ID,
        version: '1',
      }));
      this.registered.set(path, saved);
      return json(200, saved);
    }
    if (/^\/api\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'GET')
      return json(200, this.registered.get(path) ?? []);
    json(404, { message: 'Unknown route', code: 0 });
  }

  /** What Discord would refuse in a message body: limits of embeds and content. */
  private invalidMessage(raw: RestCall['body']): string | undefined {
    const b = ((raw as { data?: unknown }).data ?? raw) as {
      content?: string;
      embeds?: Array<{ title?: string; description?: string; footer?: { text?: string } }>;
    };
    if (!b || typeof b !== 'object') return undefined;
    if (this.refuseEmbeds && b.embeds?.length) return 'embeds refused by the test';
    if ((b.content ?? '').length > 2000) return 'content over 2000';
    const embeds = b.embeds ?? [];
    if (embeds.length > 10) return 'more than 10 embeds';
    let total = 0;
    for (const e of embeds) {
      if ((e.title ?? '').length > 256) return 'title over 256';
      if ((e.description ?? '').length > 4096) return 'description over 4096';
      if ((e.footer?.text ?? '').length > 2048) return 'footer over 2048';
      total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
    }
    return total > 6000 ? 'embeds over 6000 in all' : undefined;
  }

  async stop() {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** The environment of a bot on Discord talking to this fake, as `slackBotEnv` is for Slack. */
export function discordBotEnv(discord: FakeDiscord, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: 'fake-token',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    ...extra,
  };
}
