import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { opsHandler, startOpsServer, type OpsState } from '../src/ops/http';
import { enableMetrics, metrics } from '../src/ops/metrics';
import { InFlight } from '../src/util/inFlight';

describe('the operator endpoints', () => {
  let ready = false;
  let server: Server;
  let base: string;
  const state: OpsState = { ready: () => ready, status: () => ({ documents: 7 }) };
  beforeAll(async () => {
    const handle = opsHandler(state);
    server = createServer((req, res) => {
      if (!handle(req, res, new URL(req.url ?? '/', 'http://x').pathname)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('/healthz is up from the start; /readyz only once ready; other paths are not theirs', async () => {
    ready = false;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, ready: false, documents: 7 });
    const notYet = await fetch(`${base}/readyz`);
    expect(notYet.status).toBe(503);
    expect(await notYet.json()).toEqual({ ok: false, ready: false, documents: 7 });
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/readyz`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  test('/metrics counts commands, briefings, feed fetches and errors once enabled, in Prometheus text', async () => {
    metrics().command('slack', 'search', 'ok', 0.002);
    state.metrics = enableMetrics({ documents: () => 7, sentences: () => 70, ready: () => true });
    metrics().command('slack', 'search', 'ok', 0.002);
    metrics().command('slack', 'search', 'ok', 0.3);
    metrics().command('discord', 'position', 'empty', 0.01);
    metrics().digest('slack', 'posted');
    metrics().feedFetch('not_modified');
    metrics().error('command');
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // Counted only from when counting began: the first command was before.
    expect(text).toContain('briefing_commands_total{platform="slack",command="search",status="ok"} 2');
    expect(text).toContain('briefing_commands_total{platform="discord",command="position",status="empty"} 1');
    expect(text).toContain('briefing_command_duration_seconds_bucket{le="0.005",platform="slack",command="search"} 1');
    expect(text).toContain('briefing_command_duration_seconds_count{platform="slack",command="search"} 2');
    expect(text).toContain('briefing_digests_total{platform="slack",outcome="posted"} 1');
    expect(text).toContain('briefing_feed_fetches_total{outcome="not_modified"} 1');
    expect(text).toContain('briefing_errors_total{where="command"} 1');
    expect(text).toMatch(/^briefing_documents 7$/m);
    expect(text).toMatch(/^briefing_sentences 70$/m);
    expect(text).toMatch(/^briefing_ready 1$/m);
    expect(text).toContain('process_resident_memory_bytes');
  });

  test('a port of its own (OPS_PORT) answers the same and 404 elsewhere', async () => {
    const own = await startOpsServer({ ready: () => true, status: () => ({}) }, 0, '127.0.0.1');
    const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
    await new Promise<void>((r) => own.close(() => r()));
  });
});

describe('work under way', () => {
  test('a drain waits for every tracked piece of work, including work started while it waits', async () => {
    const f = new InFlight();
    const log: string[] = [];
    const later = (ms: number, what: string) => new Promise<void>((r) => setTimeout(() => r(void log.push(what)), ms));
    void f.track(later(30, 'a'));
    void f.track(
      later(10, 'b').then(() => {
        void f.track(later(40, 'c'));
      }),
    );
    expect(f.size).toBe(2);
    expect(await f.drain(1000)).toBe(true);
    expect(log.sort()).toEqual(['a', 'b', 'c']);
    expect(f.size).toBe(0);
  });

  test('a drain gives up after its timeout, says so, and a failed piece of work does not stop it', async () => {
    const f = new InFlight();
    void f.track(Promise.reject(new Error('x'))).catch(() => undefined);
    void f.track(new Promise((r) => setTimeout(r, 500)));
    expect(await f.drain(50)).toBe(false);
    expect(f.size).toBe(1);
  });
});
