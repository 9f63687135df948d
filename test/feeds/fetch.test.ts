import { brotliCompressSync } from 'node:zlib';
import { FetchError, isBlockedAddress, safeFetch, DEFAULT_LIMITS, decodeText } from '../../src/feeds/fetch';
import { parseFeedBody } from '../../src/feeds/parse';
import { FeedServer } from '../fakes/feedServer';

const open = { ...DEFAULT_LIMITS, allowPrivate: true };
const server = new FeedServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

describe('safe fetching', () => {
  test.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('%s is a private or local address', (a) => expect(isBlockedAddress(a)).toBe(true));
  test.each(['93.184.216.34', '2606:4700::1111', '8.8.8.8'])('%s is public', (a) =>
    expect(isBlockedAddress(a)).toBe(false),
  );

  test('loopback, a name resolving to it, and a redirect to it are refused unless allowed', async () => {
    server.serve('/feed.xml', server.fixture('guardian.rss'), 'application/rss+xml');
    server.routes.set('/hop', (_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/secret' }).end());
    await expect(safeFetch(server.url('/feed.xml'))).rejects.toMatchObject({ kind: 'blocked' });
    await expect(safeFetch(`http://localhost:${server.port}/feed.xml`)).rejects.toMatchObject({
      kind: 'blocked',
      message: expect.stringMatching(/private or local address/),
    });
    await expect(safeFetch('http://[::1]:1/')).rejects.toMatchObject({ kind: 'blocked' });
    // Allowed (tests, an intranet): the same URL is fetched.
    expect((await safeFetch(server.url('/feed.xml'), {}, open)).status).toBe(200);
    const before = server.requests.length;
    await expect(safeFetch(server.url('/hop'))).rejects.toMatchObject({ kind: 'blocked' });
    expect(server.requests.length).toBe(before);
  });

  test('only http(s), no credentials', async () => {
    for (const u of [
      'file:///etc/passwd',
      'ftp://x.example/f',
      'javascript:alert(1)',
      'http://user:pw@x.example/',
      'not a url',
    ])
      await expect(safeFetch(u, {}, open)).rejects.toMatchObject({ kind: 'bad-url' });
  });

  test('conditional GET: the second fetch sends the ETag and gets 304 with no body', async () => {
    server.serve('/c.xml', server.fixture('heise.atom'), 'application/atom+xml', { etag: '"v1"' });
    const first = await safeFetch(server.url('/c.xml'), {}, open);
    expect(first.validators.etag).toBe('"v1"');
    const second = await safeFetch(server.url('/c.xml'), first.validators, open);
    expect(second.notModified).toBe(true);
    expect(server.hits('/c.xml')[1]!.headers['if-none-match']).toBe('"v1"');
    expect(server.hits('/c.xml')[0]!.headers['user-agent']).toMatch(/^briefing-bot\//);
  });

  test('brotli is decompressed too', async () => {
    const br = brotliCompressSync(server.fixture('heise.atom'));
    server.routes.set('/br.atom', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-encoding': 'br' }).end(br),
    );
    expect(
      parseFeedBody((await safeFetch(server.url('/br.atom'), {}, open)).body, '', server.url('/br.atom')).items,
    ).toHaveLength(3);
  });

  test('gzip is decompressed; the size cap counts what it unpacks to; redirects are capped', async () => {
    server.serve('/z.xml', server.fixture('guardian.rss'), 'application/rss+xml', { gzip: true });
    expect(
      parseFeedBody((await safeFetch(server.url('/z.xml'), {}, open)).body, '', server.url('/z.xml')).items,
    ).toHaveLength(4);
    server.serve('/bomb', Buffer.alloc(6 * 1024 * 1024, 32), 'application/rss+xml', { gzip: true });
    await expect(safeFetch(server.url('/bomb'), {}, open)).rejects.toMatchObject({ kind: 'too-large' });
    server.routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    await expect(safeFetch(server.url('/loop'), {}, open)).rejects.toMatchObject({ kind: 'redirects' });
  });

  test('429 carries its Retry-After; a silent server times out', async () => {
    server.routes.set('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '7' }).end());
    const e = (await safeFetch(server.url('/busy'), {}, open).catch((x) => x)) as FetchError;
    expect(e).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 7000 });
    server.routes.set('/slow', () => undefined);
    await expect(safeFetch(server.url('/slow'), {}, { ...open, timeoutMs: 300 })).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  test('charset from the header or the XML prolog: an ISO-8859-1 feed reads right', () => {
    const feed = parseFeedBody(server.fixture('latin1.rss'), 'application/rss+xml', 'http://x.example/f');
    expect(feed.title).toBe('Jornal de Notícias - Últimas Notícias');
    expect(decodeText(Buffer.from([0x93, 0x68, 0x69, 0x94]), 'text/plain; charset=windows-1252')).toBe('“hi”');
  });
});
