import { problem, type Answer } from '../answers/model';
import { FetchError } from './fetch';
import { FeedFormatError } from './parse';
import type { FeedPoller } from './poller';
import type { Feed, FeedState } from '../state/types';

/** Who asked, where the platform says (Slack and Discord do; the terminal does not). */
export interface Asker {
  id: string;
  name?: string;
}

/** Feeds as commands see them. */
export interface FeedService {
  add(url: string, name: string | undefined, every: string | undefined, who?: Asker): Promise<Answer>;
  list(): Promise<Answer>;
  remove(name: string | undefined, who?: Asker): Promise<Answer>;
  addArticle(url: string | undefined, who?: Asker): Promise<Answer>;
}

export interface FeedsOptions {
  store: FeedState;
  poller: FeedPoller;
  /** When set, only these user ids may change feeds (FEEDS_ADMINS). */
  admins: string[];
  /** The shortest interval a feed may be polled at, in seconds. */
  minIntervalS: number;
  defaultIntervalS: number;
  now?: () => number;
}

/** "15m", "1h", "every 2h", "90s": seconds, or undefined when it is not a duration. */
export function parseInterval(raw: string | undefined): number | undefined {
  const m = /^(?:every\s*)?(\d+)\s*(s|sec|m|min|h|hr|d)?$/i.exec((raw ?? '').trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase()[0];
  return n * (unit === 's' ? 1 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : 60);
}

const describe = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

export class Feeds implements FeedService {
  constructor(private opts: FeedsOptions) {}

  private denied(who?: Asker): Answer | undefined {
    if (!this.opts.admins.length || (who && this.opts.admins.includes(who.id))) return undefined;
    return problem('feeds', '', 'error', 'Only the people listed in FEEDS_ADMINS may change the feeds here.');
  }

  async add(raw: string, name: string | undefined, every: string | undefined, who?: Asker): Promise<Answer> {
    const denied = this.denied(who);
    if (denied) return denied;
    if (!raw?.trim()) return problem('feeds', '', 'usage', 'Usage: /feeds add <URL> [name] [every 15m]');
    let interval = this.opts.defaultIntervalS;
    if (every) {
      const s = parseInterval(every);
      if (s === undefined) return problem('feeds', every, 'usage', `“${every}” is not an interval; try 15m, 1h or 6h.`);
      interval = Math.max(s, this.opts.minIntervalS);
    }
    let resolved;
    try {
      resolved = await this.opts.poller.resolveFeed(raw);
    } catch (e) {
      return problem('feeds', raw, 'error', `Could not follow that feed: ${reason(e)}`);
    }
    const existing = await this.opts.store.byUrl(resolved.url);
    const feedName = (name ?? existing?.name ?? slugName(resolved.title)).slice(0, 40);
    if (!/^[\w.-]+$/.test(feedName))
      return problem('feeds', raw, 'usage', 'A feed name is letters, digits, dots and dashes (e.g. bbc-world).');
    await this.opts.store.upsert(
      { name: feedName, url: resolved.url, intervalS: interval, origin: 'chat' },
      this.now(),
    );
    const feed = (await this.opts.store.get(feedName))!;
    let first = '';
    try {
      const r = await this.opts.poller.poll(feed);
      first = ` ${r.added} article${r.added === 1 ? '' : 's'} read now.`;
    } catch (e) {
      first = ` The first poll failed (${reason(e)}); it will be retried.`;
    }
    return {
      command: 'feeds',
      query: raw,
      status: 'ok',
      title: `Following “${feedName}”: ${resolved.title}`,
      message: `${resolved.url} — every ${describe(interval)}.${first}`,
      sections: [],
      total: 0,
    };
  }

  async list(): Promise<Answer> {
    const feeds = await this.opts.store.all();
    if (!feeds.length)
      return problem('feeds', 'list', 'empty', 'No feeds yet. Follow one with /feeds add <URL> [name] [every 1h].');
    return {
      command: 'feeds',
      query: 'list',
      status: 'ok',
      title: `Feeds: ${feeds.length}`,
      sections: [{ items: feeds.map((f) => ({ label: f.name, detail: detail(f) })) }],
      total: 0,
    };
  }

  async remove(name: string | undefined, who?: Asker): Promise<Answer> {
    const denied = this.denied(who);
    if (denied) return denied;
    if (!name?.trim()) return problem('feeds', '', 'usage', 'Usage: /feeds remove <name> (see /feeds list)');
    return (await this.opts.store.remove(name.trim()))
      ? {
          command: 'feeds',
          query: name,
          status: 'ok',
          title: `No longer following “${name.trim()}”. Articles already read stay answerable.`,
          sections: [],
          total: 0,
        }
      : problem('feeds', name, 'empty', `No feed is called “${name.trim()}”. See /feeds list.`);
  }

  async addArticle(url: string | undefined, who?: Asker): Promise<Answer> {
    const denied = this.denied(who);
    if (denied) return { ...denied, command: 'add' };
    if (!url?.trim()) return problem('add', '', 'usage', 'Usage: /add <URL of an article>');
    try {
      const r = await this.opts.poller.addArticle(url);
      return {
        command: 'add',
        query: url,
        status: 'ok',
        title: r.known ? `Already read: ${r.title}` : `Read: ${r.title}`,
        message: r.known
          ? `It is in feeds/${r.file}.`
          : `Saved as feeds/${r.file}; /position, /quotes and /search cover it now.`,
        sections: [],
        total: 0,
      };
    } catch (e) {
      return problem('add', url, 'error', `Could not read that article: ${reason(e)}`);
    }
  }

  private now() {
    return (this.opts.now ?? Date.now)();
  }
}

function reason(e: unknown): string {
  if (e instanceof FetchError || e instanceof FeedFormatError) return e.message;
  return `unexpected error (${(e as Error).message})`;
}

function slugName(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'feed'
  );
}

function detail(f: Feed): string {
  const when = (t?: number) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');
  const state = f.paused
    ? `PAUSED after ${f.failures} failures`
    : f.failures
      ? `${f.failures} failure${f.failures === 1 ? '' : 's'} in a row`
      : 'ok';
  return `${f.url} · every ${describe(f.intervalS)} · last fetch ${when(f.lastFetchAt)} · ${f.items} items · ${state}${f.lastError ? ` · last error: ${f.lastError}` : ''}`;
}
