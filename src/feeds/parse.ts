// Loaded on first use: a bot that never fetches a feed does not pay for three parsers at every start.
const feedsmith = () => require('feedsmith') as typeof import('feedsmith');
const parseHTML = (html: string) => (require('linkedom') as typeof import('linkedom')).parseHTML(html);
const readability = () => require('@mozilla/readability') as typeof import('@mozilla/readability');
import { decodeText } from './fetch';

/** One item of a feed, in the bot's terms, whatever the format. */
export interface FeedItem {
  /** The feed's own id for it (GUID, Atom id, JSON Feed id), else its link. */
  guid: string;
  url?: string;
  title: string;
  /** ISO 8601, when the feed gives a date it can be read from. */
  date?: string;
  /** The item's content or summary as HTML or text: the fallback when the article page cannot be read. */
  html: string;
}

export interface ParsedFeed {
  title: string;
  format: 'rss' | 'atom' | 'rdf' | 'json';
  items: FeedItem[];
}

export class FeedFormatError extends Error {}

/**
 * Reads RSS 2.0/0.9x, Atom, RDF and JSON Feed with feedsmith (chosen over @extractus/feed-extractor:
 * both read every fixture, feedsmith three times faster on a full 151 kB Guardian feed — 11 ms
 * against 35 — and it reports malformed feeds as errors of its own). Relative links resolve
 * against the feed's own URL.
 */
export function parseFeedBody(body: Buffer, contentType: string, feedUrl: string): ParsedFeed {
  const text = decodeText(body, contentType);
  const trimmed = text.trimStart();
  let parsed: ReturnType<ReturnType<typeof feedsmith>['parseFeed']>;
  try {
    parsed = feedsmith().parseFeed(trimmed.startsWith('{') ? JSON.parse(trimmed) : trimmed) as typeof parsed;
  } catch (e) {
    throw new FeedFormatError(`not a feed this bot can read (${(e as Error).message.slice(0, 120)})`);
  }
  const abs = (u: unknown) => {
    if (typeof u !== 'string' || !u.trim()) return undefined;
    try {
      const url = new URL(u.trim(), feedUrl);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  };
  const f = parsed.feed as Record<string, unknown>;
  const raw = ((f.items ?? f.entries ?? []) as Array<Record<string, unknown>>).slice(0, 500);
  const items: FeedItem[] = [];
  for (const it of raw) {
    const links = it.links as Array<{ href?: string; rel?: string }> | undefined;
    const url = abs(it.link) ?? abs(it.url) ?? abs(links?.find((l) => !l.rel || l.rel === 'alternate')?.href);
    const guidValue = it.guid as { value?: string } | string | undefined;
    const guid = String((typeof guidValue === 'object' ? guidValue?.value : guidValue) ?? it.id ?? url ?? '').trim();
    const title = plain(textOf(it.title) ?? '').slice(0, 300);
    const html =
      textOf(it.content_html) ??
      textOf(it.content) ??
      textOf((it.content as { encoded?: string })?.encoded) ??
      textOf(it.description) ??
      textOf(it.summary) ??
      textOf(it.content_text) ??
      '';
    const dc = it.dc as { date?: string; dates?: string[] } | undefined;
    const date = isoDate(it.pubDate ?? it.published ?? it.updated ?? it.date_published ?? dc?.date ?? dc?.dates?.[0]);
    if (!guid && !title) continue;
    items.push({ guid: guid || `${title}|${date ?? ''}`, url, title: title || '(untitled)', date, html });
  }
  return {
    title: plain(textOf(f.title) ?? 'feed').slice(0, 200),
    format: parsed.format as ParsedFeed['format'],
    items,
  };
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string')
    return (v as { value: string }).value;
  return undefined;
}

function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** HTML to plain text with paragraph breaks: one paragraph a line, as the corpus reader expects. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.querySelectorAll('script, style, noscript, iframe, svg, form')) el.remove();
  for (const el of document.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, br, blockquote, tr'))
    el.after(document.createTextNode('\n'));
  return (document.body.textContent ?? '')
    .split('\n')
    .map((l: string) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function plain(s: string): string {
  return htmlToText(s).replace(/\s+/g, ' ').trim();
}

/** A page that links its feed (`<link rel="alternate" type="application/rss+xml" href>`): the feed's URL. */
export function discoverFeedLink(body: Buffer, contentType: string, pageUrl: string): string | undefined {
  const { document } = parseHTML(decodeText(body, contentType));
  const types = [
    'application/rss+xml',
    'application/atom+xml',
    'application/feed+json',
    'application/json',
    'application/rdf+xml',
  ];
  for (const type of types) {
    const link = document.querySelector(`link[rel~="alternate"][type="${type}"][href]`);
    const href = link?.getAttribute('href');
    if (href) {
      try {
        return new URL(href, pageUrl).toString();
      } catch {
        // A broken href: try the next type.
      }
    }
  }
  return undefined;
}

export function looksLikeHtml(body: Buffer, contentType: string): boolean {
  if (/html/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html)/i.test(body.subarray(0, 512).toString('latin1'));
}

/**
 * The main text of an article page, as a reader view shows it (Mozilla's Readability over linkedom):
 * the boilerplate — navigation, related links, comments, cookie notices — left out.
 */
export function extractArticle(
  body: Buffer,
  contentType: string,
  pageUrl: string,
): { title?: string; text: string } | undefined {
  const { document } = parseHTML(decodeText(body, contentType));
  try {
    const base = document.createElement('base');
    base.setAttribute('href', pageUrl);
    document.head?.appendChild(base);
  } catch {
    // A page without a head: relative links simply stay relative.
  }
  const { Readability } = readability();
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  if (!article?.content) return undefined;
  const text = htmlToText(article.content);
  return text.length >= 200 ? { title: article.title ? plain(article.title) : undefined, text } : undefined;
}
