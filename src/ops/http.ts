import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';

export interface OpsState {
  /** The index is loaded and the bot is not shutting down: a load balancer may send it traffic. */
  ready(): boolean;
  /** What /healthz and /readyz say besides their status. */
  status(): Record<string, unknown>;
  /** /metrics, once counting is enabled. */
  metrics?: { contentType: string; text(): Promise<string> };
}

/**
 * The operator's endpoints: `/healthz` (the process is up: 200), `/readyz` (200 once the index is
 * loaded, 503 before and while shutting down), `/metrics` (Prometheus text). Answers true when the
 * request was one of them.
 */
export function opsHandler(state: OpsState): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  return (req, res, path) => {
    const known = path === '/healthz' || path === '/health' || path === '/readyz' || path === '/metrics';
    if (!known) return false;
    const method = (req.method ?? '').toUpperCase();
    const send = (status: number, body: string, type: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : body);
      req.resume();
    };
    if (method !== 'GET' && method !== 'HEAD') {
      res
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        .end('method not allowed\n');
      req.resume();
      return true;
    }
    if (path === '/metrics') {
      if (!state.metrics) send(404, 'metrics are off\n', 'text/plain; charset=utf-8');
      else
        void state.metrics.text().then(
          (t) => send(200, t, state.metrics!.contentType),
          () => send(500, 'error\n', 'text/plain; charset=utf-8'),
        );
      return true;
    }
    const ready = state.ready();
    const body = `${JSON.stringify({ ok: path === '/readyz' ? ready : true, ready, ...state.status() })}\n`;
    send(path === '/readyz' && !ready ? 503 : 200, body, 'application/json');
    return true;
  };
}

/** The endpoints on a port of their own (OPS_PORT): for a bot with no HTTP port of its own (Discord, Socket Mode). */
export async function startOpsServer(state: OpsState, port: number, host?: string): Promise<Server> {
  const handle = opsHandler(state);
  const server = createServer((req, res) => {
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      // Answered 404 below.
    }
    if (!handle(req, res, path)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      req.resume();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
