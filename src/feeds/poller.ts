import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { slug } from '../actors/gazetteer';
import { checkUrl, DEFAULT_LIMITS, FetchError, safeFetch, type FetchLimits } from './fetch';
import {
  discoverFeedLink,
  extractArticle,
  FeedFormatError,
  htmlToText,
  looksLikeHtml,
  parseFeedBody,
  type FeedItem,
} from './parse';
import { metrics } from '../ops/metrics';
import type { Feed, FeedState } from '../state/types';

/** After this many failures in a row a feed is paused and shown as such in /feeds list, not retried forever. */
export const MAX_FAILURES = 6;
/** Polls spread by up to this share of the interval, so feeds added together do not stay in step. */
const JITTER = 0.1;
/** How often due feeds are looked for. */
const TICK_MS = 1000;
/** How long a replica holds a feed it fetches without renewing (it renews every third of this while it works). */
export const FETCH_LEASE_MS = 2 * 60 * 1000;
/** The longest wait between retries of a failing feed. */
const MAX_BACKOFF_MS = 6 * 3600 * 1000;

export interface PollerOptions {
  store: FeedState;
  /** Where items are written as Markdown documents (DATA_DIR/feeds), one folder per feed. */
  dir: string;
  limits?: FetchLimits;
  /** Called once a poll has written documents, so they are indexed now rather than at the watcher's pace. */
  written?: () => void;
  log?: (m: string) => void;
  now?: () => number;
  /** How long this replica holds a feed it fetches without renewing (STATE_LEASE_SECONDS). */
  leaseMs?: number;
}

export interface PollResult {
  added: number;
  updated: number;
  notModified: boolean;
}

/** What one article becomes: a document of the corpus, with its source and link in the front matter. */
export interface ArticleDoc {
  title: string;
  date?: string;
  source: string;
  url?: string;
  text: string;
}

/**
 * Follows feeds: polls each on its interval (with jitter), one request at a time per host, with
 * conditional GET; reads each new item's page in reader view (falling back to the feed's own text);
 * writes it as a document under DATA_DIR/feeds/<feed>/, once — deduplicated by GUID, canonical URL
 * and content hash. A 429 or 503 waits its Retry-After; other failures back off exponentially; a feed
 * that keeps failing is paused.
 */
export class FeedPoller {
  private timer?: NodeJS.Timeout;
  private running = new Set<string>();
  private ticking = false;
  private stopped = false;
  private hosts = new Map<string, Promise<unknown>>();
  private readonly limits: FetchLimits;
  private readonly log: (m: string) => void;
  private readonly now: () => number;

  constructor(private opts: PollerOptions) {
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.log = opts.log ?? ((m) => console.error(m));
    this.now = opts.now ?? Date.now;
  }

  start() {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.tick();
  }

  stop() {
    clearInterval(this.timer);
    this.stopped = true;
  }

  /** Resolves when no poll is under way, or after `timeoutMs` (a graceful stop waits, then gives the leases back). */
  async idle(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.running.size && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  private tick() {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    void this.pollDue()
      .catch((e) => this.log(`feeds: could not read the feeds due: ${(e as Error).message}`))
      .finally(() => (this.ticking = false));
  }

  /**
   * Polls the feeds that are due, each only once this replica holds its lease: replicas sharing the
   * database fetch every feed once per interval between them. A replica that dies mid-fetch lets its
   * lease run out, and another fetches the feed then.
   */
  private async pollDue() {
    const now = this.now();
    for (const feed of await this.opts.store.due(now)) {
      if (this.running.has(feed.name)) continue;
      const leaseMs = this.opts.leaseMs ?? FETCH_LEASE_MS;
      if (!(await this.opts.store.lease(feed.name, now, leaseMs))) continue;
      this.running.add(feed.name);
      const renew = setInterval(() => {
        void this.opts.store.renewLease(feed.name, this.now(), leaseMs).catch(() => undefined);
      }, leaseMs / 3).unref();
      void this.poll(feed)
        .catch((e) => this.log(`feeds: ${feed.name}: ${(e as Error).message}`))
        .finally(() => {
          clearInterval(renew);
          this.running.delete(feed.name);
        });
    }
  }

  /** One request at a time per host: polite to the sites, and the order of a feed's requests is kept. */
  private perHost<T>(url: string, work: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const prev = this.hosts.get(host) ?? Promise.resolve();
    const next = prev.then(work, work);
    this.hosts.set(
      host,
      next.catch(() => undefined),
    );
    return next;
  }

  private nextPoll(feed: Feed): number {
    return this.now() + feed.intervalS * 1000 * (1 + Math.random() * JITTER);
  }

  /** Polls one feed now; records the outcome. */
  async poll(feed: Feed): Promise<PollResult> {
    try {
      const got = await this.perHost(feed.url, () =>
        safeFetch(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, this.limits),
      );
      metrics().feedFetch(got.notModified ? 'not_modified' : 'ok');
      if (got.notModified) {
        await this.opts.store.fetched(
          feed.name,
          { ...got.validators, added: 0, nextAt: this.nextPoll(feed) },
          this.now(),
        );
        return { added: 0, updated: 0, notModified: true };
      }
      const parsed = parseFeedBody(got.body, got.contentType, got.finalUrl);
      let added = 0;
      let updated = 0;
      for (const item of parsed.items) {
        const r = await this.ingest(feed.name, parsed.title, item);
        if (r === 'added') added++;
        else if (r === 'updated') updated++;
      }
      await this.opts.store.fetched(feed.name, { ...got.validators, added, nextAt: this.nextPoll(feed) }, this.now());
      if (added || updated) {
        this.log(`feeds: ${feed.name}: ${added} new, ${updated} changed.`);
        this.opts.written?.();
      }
      return { added, updated, notModified: false };
    } catch (e) {
      metrics().feedFetch('error');
      const failures = feed.failures + 1;
      const wait =
        e instanceof FetchError && e.kind === 'rate-limited'
          ? Math.max(e.retryAfterMs ?? 0, feed.intervalS * 1000)
          : Math.min(feed.intervalS * 1000 * 2 ** failures, MAX_BACKOFF_MS);
      const pause = failures >= MAX_FAILURES;
      await this.opts.store
        .failed(feed.name, (e as Error).message, this.now() + wait, pause, this.now())
        .catch((se) => this.log(`feeds: ${feed.name}: the failure could not be recorded: ${(se as Error).message}`));
      this.log(
        `feeds: ${feed.name} failed (${(e as Error).message})${pause ? `; paused after ${failures} failures in a row` : ''}.`,
      );
      throw e;
    }
  }

  /**
   * One item: written when new; read again only when the feed dates it anew (an update), and then
   * rewritten if its text changed. *Decision:* a known item whose date did not move is not fetched
   * again — re-reading every article whenever a feed changes cost one request per item per poll, and
   * the feed's own date is how publishers say an item changed.
   */
  private async ingest(feedName: string, source: string, item: FeedItem): Promise<'added' | 'updated' | 'skipped'> {
    const known = await this.opts.store.seen(feedName, item.guid);
    if (known && (!item.url || (item.date ?? '') === (known.publishedAt ?? ''))) return 'skipped';
    if (!known && item.url && (await this.opts.store.seenUrl(item.url))) return 'skipped';
    const doc = await this.readArticle(item, source);
    const hash = createHash('sha256').update(doc.text).digest('hex');
    if (known?.hash === hash) return 'skipped';
    if (!known && (await this.opts.store.seenHash(hash))) return 'skipped';
    const file = known?.file ?? this.fileFor(feedName, item);
    writeDocument(join(this.opts.dir, file), doc);
    await this.opts.store.record(
      { feed: feedName, guid: item.guid, url: item.url, hash, file, publishedAt: item.date },
      this.now(),
    );
    return known ? 'updated' : 'added';
  }

  /** The article's own page in reader view, else the feed's content or summary. */
  private async readArticle(item: FeedItem, source: string): Promise<ArticleDoc> {
    let text: string | undefined;
    if (item.url) {
      try {
        const page = await this.perHost(item.url, () => safeFetch(item.url!, {}, this.limits));
        if (looksLikeHtml(page.body, page.contentType))
          text = extractArticle(page.body, page.contentType, page.finalUrl)?.text;
      } catch (e) {
        this.log(`feeds: could not read ${item.url} (${(e as Error).message}); using the feed's text.`);
      }
    }
    text ??= htmlToText(item.html);
    return { title: item.title, date: item.date, source, url: item.url, text };
  }

  /**
   * What a URL typed in chat is: a feed (returned as is), or a page that links its feed (followed
   * once). Throws a FetchError or FeedFormatError with a message fit for the user.
   */
  async resolveFeed(raw: string): Promise<{ url: string; title: string; items: number }> {
    let url = checkUrl(raw).toString();
    let got = await safeFetch(url, {}, this.limits);
    if (looksLikeHtml(got.body, got.contentType)) {
      const link = discoverFeedLink(got.body, got.contentType, got.finalUrl);
      if (!link)
        throw new FeedFormatError(
          'that page is not a feed and links none (no <link rel="alternate"> to RSS, Atom or JSON Feed)',
        );
      url = checkUrl(link).toString();
      got = await safeFetch(url, {}, this.limits);
    }
    const parsed = parseFeedBody(got.body, got.contentType, got.finalUrl);
    return { url, title: parsed.title, items: parsed.items.length };
  }

  /** `/add URL`: one article, now. Returns where it was written, or that it was known already. */
  async addArticle(raw: string): Promise<{ file: string; title: string; known: boolean }> {
    const url = checkUrl(raw).toString();
    const page = await safeFetch(url, {}, this.limits);
    if (!looksLikeHtml(page.body, page.contentType)) throw new FeedFormatError('that link is not a web page');
    const article = extractArticle(page.body, page.contentType, page.finalUrl);
    if (!article) throw new FeedFormatError('no article text was found on that page');
    const item: FeedItem = {
      guid: page.finalUrl,
      url: page.finalUrl,
      title: article.title ?? new URL(page.finalUrl).host,
      html: '',
    };
    const dup =
      (await this.opts.store.seenUrl(page.finalUrl)) ??
      (await this.opts.store.seenHash(createHash('sha256').update(article.text).digest('hex')));
    if (dup) return { file: dup.file, title: item.title, known: true };
    const r = await this.ingestText('links', item, {
      title: item.title,
      source: new URL(page.finalUrl).host,
      url: page.finalUrl,
      text: article.text,
    });
    this.opts.written?.();
    return { file: r, title: item.title, known: false };
  }

  /** `<feed>/<date>-<title>-<guid hash>.md`: readable, stable for the item, never two items in one file. */
  private fileFor(feedName: string, item: FeedItem): string {
    const day = (item.date ?? new Date(this.now()).toISOString()).slice(0, 10);
    const guid = createHash('sha1').update(item.guid).digest('hex').slice(0, 8);
    return join(slug(feedName) || 'feed', `${day}-${slug(item.title).slice(0, 60) || 'item'}-${guid}.md`);
  }

  private async ingestText(feedName: string, item: FeedItem, doc: ArticleDoc): Promise<string> {
    const hash = createHash('sha256').update(doc.text).digest('hex');
    const file = this.fileFor(feedName, item);
    writeDocument(join(this.opts.dir, file), doc);
    this.opts.store.record({ feed: feedName, guid: item.guid, url: item.url, hash, file }, this.now());
    return file;
  }
}

/**
 * A document with front matter. Every value comes from outside: it is put on one line and quoted,
 * so no feed can add a field or end the block early. Written whole or not at all.
 */
export function writeDocument(path: string, d: ArticleDoc) {
  const one = (s: string) =>
    `"${s
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/"/g, "'")
      .trim()
      .slice(0, 500)}"`;
  const lines = ['---', `title: ${one(d.title)}`];
  if (d.date) lines.push(`date: ${one(d.date)}`);
  lines.push(`source: ${one(d.source)}`);
  if (d.url) lines.push(`url: ${one(d.url)}`);
  lines.push('---', '', d.title.replace(/[\r\n]+/g, ' '), '', d.text.split('\n').join('\n\n'), '');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n'));
  renameSync(tmp, path);
}
