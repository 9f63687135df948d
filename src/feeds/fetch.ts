import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import iconv from 'iconv-lite';

/** What the bot sends as its User-Agent: it names itself, as polite crawlers do. */
export const USER_AGENT = 'briefing-bot/0.1 (+https://github.com; feeds and article links posted by its users)';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Loopback, private, link-local and metadata addresses are refused unless this is set (tests, an intranet). */
  allowPrivate: boolean;
}

export const DEFAULT_LIMITS: FetchLimits = {
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
};

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface Fetched {
  /** 304 answers carry no body: nothing changed since the validators. */
  notModified: boolean;
  status: number;
  finalUrl: string;
  contentType: string;
  body: Buffer;
  validators: Validators;
}

export type FetchFailure =
  'blocked' | 'bad-url' | 'timeout' | 'too-large' | 'redirects' | 'http' | 'rate-limited' | 'network';

export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: FetchFailure,
    readonly status?: number,
    /** From a 429 or 503: how long the server asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Addresses a URL typed in chat must never reach: this machine, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges, and their
 * IPv6 counterparts and IPv4-mapped forms.
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** Whether an address (after DNS) is one the bot may not connect to. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

/** Only http(s) URLs with a host, no credentials. */
export function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchError(`“${raw.slice(0, 100)}” is not a URL`, 'bad-url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError(`only http and https links are fetched, not ${url.protocol}`, 'bad-url');
  if (!url.hostname) throw new FetchError('the link has no host', 'bad-url');
  if (url.username || url.password)
    throw new FetchError('links with a user name or password are not fetched', 'bad-url');
  return url;
}

/**
 * The DNS look-up the socket itself uses: every address the name resolves to is checked, and the
 * connection goes to the checked address — so a name that resolves to a private address, or that
 * changes between a check and the connection (DNS rebinding), is refused.
 */
function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const bad = !allowPrivate && list.find((a) => isBlockedAddress(a.address));
      if (bad)
        return callback(
          new FetchError(`${hostname} resolves to ${bad.address}, a private or local address: not fetched`, 'blocked'),
          '',
        );
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * GETs a URL the way a polite, careful client does: conditional (ETag / Last-Modified), compressed
 * (gzip, deflate, brotli), at most `maxBytes` after decompression, at most `maxRedirects`, within
 * `timeoutMs` in all, and never to a private address — checked after DNS, on every redirect.
 */
export async function safeFetch(
  raw: string,
  validators: Validators = {},
  limits: FetchLimits = DEFAULT_LIMITS,
): Promise<Fetched> {
  const deadline = Date.now() + limits.timeoutMs;
  let url = checkUrl(raw);
  for (let hop = 0; ; hop++) {
    if (
      !limits.allowPrivate &&
      isIP(url.hostname.replace(/^\[|\]$/g, '')) &&
      isBlockedAddress(url.hostname.replace(/^\[|\]$/g, ''))
    ) {
      throw new FetchError(`${url.hostname} is a private or local address: not fetched`, 'blocked');
    }
    const res = await once(url, validators, limits, deadline);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
      res.resume();
      if (hop >= limits.maxRedirects) throw new FetchError(`more than ${limits.maxRedirects} redirects`, 'redirects');
      url = checkUrl(new URL(res.headers.location, url).toString());
      continue;
    }
    const base = { status: status, finalUrl: url.toString(), contentType: String(res.headers['content-type'] ?? '') };
    const newValidators = { etag: header(res, 'etag'), lastModified: header(res, 'last-modified') };
    if (status === 304) {
      res.resume();
      return {
        ...base,
        notModified: true,
        body: Buffer.alloc(0),
        validators: { ...validators, ...clean(newValidators) },
      };
    }
    if (status === 429 || status === 503) {
      res.resume();
      throw new FetchError(
        `${url.host} answered ${status}`,
        'rate-limited',
        status,
        retryAfterMs(header(res, 'retry-after')),
      );
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new FetchError(`${url.host} answered ${status}`, 'http', status);
    }
    const body = await readBody(res, limits.maxBytes, deadline);
    return { ...base, notModified: false, body, validators: clean(newValidators) };
  }
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function clean(v: Validators): Validators {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x)) as Validators;
}

function once(url: URL, validators: Validators, limits: FetchLimits, deadline: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept:
        'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: 'GET',
        headers,
        lookup: guardedLookup(limits.allowPrivate) as never,
        timeout: Math.max(1, deadline - Date.now()),
      },
      resolve,
    );
    req.on('timeout', () =>
      req.destroy(new FetchError(`no answer from ${url.host} within ${limits.timeoutMs / 1000} s`, 'timeout')),
    );
    req.on('error', (e) =>
      reject(e instanceof FetchError ? e : new FetchError(`${url.host}: ${(e as Error).message}`, 'network')),
    );
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      return reject(new FetchError(`larger than ${maxBytes / 1024 / 1024} MB`, 'too-large'));
    }
    const enc = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const stream =
      enc === 'gzip' || enc === 'x-gzip'
        ? res.pipe(createGunzip())
        : enc === 'deflate'
          ? res.pipe(createInflate())
          : enc === 'br'
            ? res.pipe(createBrotliDecompress())
            : res;
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => fail(new FetchError('the download took too long', 'timeout')),
      Math.max(1, deadline - Date.now()),
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      res.destroy();
      reject(e instanceof FetchError ? e : new FetchError(e.message, 'network'));
    };
    stream.on('data', (c: Buffer) => {
      size += c.length;
      // Counted after decompression: a small gzip bomb is as large as what it unpacks to.
      if (size > maxBytes) return fail(new FetchError(`larger than ${maxBytes / 1024 / 1024} MB`, 'too-large'));
      chunks.push(c);
    });
    stream.on('error', fail);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

/**
 * Text from bytes, in the charset the server or the document names (HTTP header, XML prolog, HTML
 * meta), else UTF-8. windows-1252 and ISO-8859-1 feeds are common, and Node 20's TextDecoder
 * decodes windows-1252 as Latin-1 (curly quotes become control characters): iconv-lite does it right.
 */
export function decodeText(body: Buffer, contentType = ''): string {
  const fromHeader = /charset="?([\w-]+)/i.exec(contentType)?.[1];
  const head = body.subarray(0, 1024).toString('latin1');
  const fromProlog =
    /<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromProlog]) {
    if (!label || /^utf-?8$/i.test(label)) continue;
    // ISO-8859-1 as labelled on the web means windows-1252 (the WHATWG Encoding standard).
    const name = /^(iso-?8859-1|latin-?1|us-ascii|ascii)$/i.test(label) ? 'windows-1252' : label;
    if (iconv.encodingExists(name)) return iconv.decode(body, name).replace(/^\uFEFF/, '');
  }
  return body.toString('utf8').replace(/^\uFEFF/, '');
}
