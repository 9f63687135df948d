import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FEEDS = join(__dirname, '..', 'fixtures', 'feeds');

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A local web server on 127.0.0.1 for feed tests: real-world feed files, article pages, and the
 * faults a polite client must handle (304s for its validators, 429 with Retry-After, redirects,
 * gzip, oversized bodies). Every request is recorded.
 */
export class FeedServer {
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers']; at: number }> = [];
  readonly routes = new Map<string, Route>();
  private server!: Server;
  port = 0;

  async start() {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push({ path, headers: req.headers, at: Date.now() });
      const route = this.routes.get(path);
      if (route) return route(req, res);
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string) {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Serves a body with an ETag, answering 304 to a request that already has it. */
  serve(path: string, body: Buffer | string, type: string, opts: { etag?: string; gzip?: boolean } = {}) {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    const etag = opts.etag ?? `"${buf.length}-${path}"`;
    this.routes.set(path, (req, res) => {
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      const gz = opts.gzip && /gzip/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, { 'content-type': type, etag, ...(gz ? { 'content-encoding': 'gzip' } : {}) });
      res.end(gz ? gzipSync(buf) : buf);
    });
  }

  fixture(name: string): Buffer {
    return readFileSync(join(FEEDS, name));
  }

  hits(path: string) {
    return this.requests.filter((r) => r.path === path);
  }

  async stop() {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** An article page with the boilerplate real pages carry around the story. */
export function articlePage(title: string, paragraphs: string[]): string {
  const nav =
    '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>';
  const aside =
    '<aside class="related"><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens restaurant</a></li><li><a href="/b">Ten best beaches</a></li></ul></aside>';
  const footer =
    '<footer><p>Cookies help us deliver our services. Subscribe to our newsletter for more.</p><p>© News Example Ltd</p></footer>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} | News Example</title></head><body>${nav}<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></main>${aside}${footer}</body></html>`;
}
