import cron, { type ScheduledTask } from 'node-cron';
import { digestAnswer, newestFirst } from '../answers/digest';
import { problem, type Answer } from '../answers/model';
import type { Briefing } from '../briefing';
import type { ChannelRef } from '../commandModel';
import { lastDue, localDate, localTime, nextRuns, parseSubscribe, validateCron, isValidZone, type ScheduleSpec } from './schedule';
import type { DigestService } from './service';
import type { DigestStore, Platform, Subscription } from './store';

/** A failure to deliver; `permanent` when retrying cannot help (channel gone, access removed). */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** Posts a briefing to a channel of one platform, split into as many messages as its limits need. */
export interface Poster {
  post(channelId: string, answer: Answer): Promise<void>;
}

export interface SchedulerOptions {
  defaults: { cron: string; zone: string };
  /** Run a slot missed while the bot was down, once, at start. */
  catchUp: boolean;
  briefing: () => Briefing;
  /** Brings the corpus up to date before a briefing is built. */
  refresh?: () => Promise<void> | void;
  clock?: () => Date;
  log?: (m: string) => void;
}

const key = (p: Platform, id: string) => `${p}:${id}`;
const specOf = (s: Subscription): ScheduleSpec => ({ cron: s.cron, zone: s.zone, label: s.label });

/**
 * Per-channel briefings: one node-cron task per subscription, state in SQLite, each slot claimed
 * once across processes, each document carried once per channel.
 */
export class DigestScheduler implements DigestService {
  readonly posters = new Map<Platform, Poster>();
  private tasks = new Map<string, ScheduledTask>();
  private readonly clock: () => Date;
  private readonly log: (m: string) => void;

  constructor(readonly store: DigestStore, private opts: SchedulerOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.log = opts.log ?? ((m) => console.error(m));
    const err = validateCron(opts.defaults.cron);
    if (err) throw new Error(`DIGEST_SCHEDULE “${opts.defaults.cron}” is invalid: ${err}`);
    if (!isValidZone(opts.defaults.zone)) throw new Error(`DIGEST_TIMEZONE “${opts.defaults.zone}” is not an IANA time zone`);
  }

  /** Schedules every saved subscription and catches up what was missed while down. */
  async start(): Promise<void> {
    const closed = this.store.closeStaleClaims();
    if (closed) this.log(`digest: ${closed} briefing(s) interrupted by a previous crash were closed without reposting.`);
    for (const sub of this.store.subscriptions()) {
      if (sub.status !== 'active') continue;
      this.schedule(sub);
      if (this.opts.catchUp) await this.catchUp(sub);
    }
  }

  /** Subscribes a channel from the environment unless it already has a subscription of its own. */
  ensureSubscribed(platform: Platform, channelId: string) {
    if (this.store.subscription(platform, channelId)) return;
    const spec = parseSubscribe([], this.opts.defaults);
    if (!spec.ok) throw new Error(spec.error);
    this.schedule(this.store.upsertSubscription({ platform, channelId, ...spec.value }, this.clock()));
    this.log(`digest: subscribed ${platform} channel ${channelId} (${spec.value.label}).`);
  }

  private schedule(sub: Subscription) {
    const k = key(sub.platform, sub.channelId);
    this.unschedule(k);
    const task = cron.schedule(sub.cron, (ctx) => this.onTick(sub.platform, sub.channelId, ctx.date), { timezone: sub.zone, name: k, noOverlap: true });
    this.tasks.set(k, task);
  }

  private unschedule(k: string) {
    const t = this.tasks.get(k);
    if (t) void t.destroy();
    this.tasks.delete(k);
  }

  private async onTick(platform: Platform, channelId: string, due: Date) {
    const sub = this.store.subscription(platform, channelId);
    if (!sub || sub.status !== 'active') return;
    try {
      await this.run(sub, slotOf(due));
    } catch (e) {
      this.log(`digest: ${platform}:${channelId} failed: ${(e as Error).message}`);
    }
  }

  private async catchUp(sub: Subscription) {
    const last = this.store.lastDigest(sub.platform, sub.channelId);
    const after = new Date(Math.max(Date.parse(sub.createdAt), last ? Date.parse(last.slot) || 0 : 0));
    const due = lastDue(specOf(sub), this.clock(), after);
    if (!due || this.store.hasSlot(sub.platform, sub.channelId, slotOf(due))) return;
    this.log(`digest: catching up the briefing due ${due.toISOString()} for ${sub.platform}:${sub.channelId}.`);
    await this.run(sub, slotOf(due)).catch((e) => this.log(`digest: catch-up failed: ${(e as Error).message}`));
  }

  /**
   * Builds and posts one briefing for a slot. Returns how many documents it carried (0: nothing
   * new, nothing posted) or undefined when the slot was already claimed.
   */
  async run(sub: Subscription, slot: string): Promise<number | undefined> {
    await this.opts.refresh?.();
    const b = this.opts.briefing();
    const current = b.documents.map((d) => ({ hash: d.hash, file: d.file }));
    const claim = this.store.claim(sub.platform, sub.channelId, slot, current, this.clock());
    if (!claim) return undefined;
    if (!claim.docs.length) return 0;
    const poster = this.posters.get(sub.platform);
    const hashes = new Set(claim.docs.map((d) => d.hash));
    const docs = newestFirst(b.documents.filter((d) => hashes.has(d.hash)));
    const answer = digestAnswer(b, docs, { title: `Briefing — ${localDate(this.clock(), sub.zone)}`, maxDocuments: 50});
    if (!poster) {
      this.store.markFailed(claim.digestId, `no ${sub.platform} connection`);
      return 0;
    }
    try {
      await poster.post(sub.channelId, answer);
      this.store.markPosted(claim.digestId, `${docs.length} documents`, this.clock());
      this.log(`digest: posted ${docs.length} document(s) to ${sub.platform}:${sub.channelId}.`);
      return docs.length;
    } catch (e) {
      const err = e as Error;
      this.store.markFailed(claim.digestId, err.message, this.clock());
      if (e instanceof DeliveryError && e.permanent) {
        this.store.markFailing(sub.platform, sub.channelId, err.message);
        this.unschedule(key(sub.platform, sub.channelId));
        this.log(`digest: ${sub.platform}:${sub.channelId} can no longer be posted to (${err.message}); paused until it subscribes again.`);
      } else this.log(`digest: posting to ${sub.platform}:${sub.channelId} failed (${err.message}); its documents go in the next briefing.`);
      throw err;
    }
  }

  subscribe(channel: ChannelRef, spec: { time?: string; zone?: string; days?: string }): Answer {
    const parsed = parseSubscribe([spec.time, spec.zone, spec.days].filter((x): x is string => !!x).flatMap((x) => x.split(/\s+/)), this.opts.defaults);
    if (!parsed.ok) return problem('digest', 'subscribe', 'usage', parsed.error);
    const sub = this.store.upsertSubscription({ platform: channel.platform, channelId: channel.id, channelName: channel.name, ...parsed.value }, this.clock());
    this.schedule(sub);
    const next = nextRuns(parsed.value)[0];
    const fresh = this.pending(sub);
    return {
      command: 'digest',
      query: 'subscribe',
      status: 'ok',
      title: `Subscribed ${where(channel)} to a briefing at ${parsed.value.label}.`,
      message: `Next: ${next ? localTime(next, sub.zone) : 'not scheduled'}. ${fresh ? `The first briefing carries the ${fresh} current document${fresh === 1 ? '' : 's'} once; later ones only what is new.` : 'Later briefings carry only what is new.'}`,
      sections: [],
      total: 0,
    };
  }

  unsubscribe(channel: ChannelRef): Answer {
    this.unschedule(key(channel.platform, channel.id));
    const removed = this.store.removeSubscription(channel.platform, channel.id);
    return removed
      ? { command: 'digest', query: 'unsubscribe', status: 'ok', title: `Unsubscribed ${where(channel)}: no more scheduled briefings here.`, sections: [], total: 0 }
      : problem('digest', 'unsubscribe', 'empty', `${where(channel)} had no briefing subscription.`);
  }

  private pending(sub: Pick<Subscription, 'platform' | 'channelId'>): number {
    const delivered = this.store.deliveredHashes(sub.platform, sub.channelId);
    return this.opts.briefing().documents.filter((d) => !delivered.has(d.hash)).length;
  }

  status(channel: ChannelRef): Answer {
    const sub = this.store.subscription(channel.platform, channel.id);
    if (!sub) return problem('digest', 'status', 'empty', `${where(channel)} has no briefing subscription. Use /digest subscribe [HH:MM] [time zone] [weekdays].`);
    const next = sub.status === 'active' ? nextRuns(specOf(sub))[0] : undefined;
    const last = this.store.lastPosted(sub.platform, sub.channelId);
    const delivered = this.store.deliveredHashes(sub.platform, sub.channelId);
    const upcoming = newestFirst(this.opts.briefing().documents.filter((d) => !delivered.has(d.hash)));
    const items = [
      { label: 'Schedule', detail: sub.label },
      { label: 'State', detail: sub.status === 'active' ? 'active' : `paused — the bot cannot post here (${sub.lastError ?? 'unknown error'}); subscribe again once fixed` },
      { label: 'Next run', detail: next ? localTime(next, sub.zone) : '—' },
      { label: 'Last briefing', detail: last ? `${localTime(new Date(last.finishedAt ?? last.claimedAt), sub.zone)} (${last.docCount} document${last.docCount === 1 ? '' : 's'})` : 'none yet' },
      { label: 'Next briefing will carry', detail: upcoming.length ? `${upcoming.length} new document${upcoming.length === 1 ? '' : 's'}: ${upcoming.slice(0, 5).map((d) => d.title).join('; ')}${upcoming.length > 5 ? '; …' : ''}` : 'nothing new so far (nothing is posted when nothing is new)' },
    ];
    return { command: 'digest', query: 'status', status: 'ok', title: `Briefing status for ${where(channel)}`, sections: [{ items }], total: 0 };
  }

  async now(channel: ChannelRef): Promise<Answer> {
    const sub = this.store.subscription(channel.platform, channel.id);
    const poster = this.posters.get(channel.platform);
    if (!poster) return problem('digest', 'now', 'error', `Cannot post to ${channel.platform} from here.`);
    try {
      if (sub) {
        const n = await this.run(sub, `now:${this.clock().toISOString()}`);
        if (!n) return problem('digest', 'now', 'empty', 'Nothing new since the last briefing here; nothing was posted.');
        return { command: 'digest', query: 'now', status: 'ok', title: `Posted a briefing of ${n} document${n === 1 ? '' : 's'} here.`, sections: [], total: 0 };
      }
      // Not subscribed: a one-off briefing of everything, which does not count as delivered.
      await this.opts.refresh?.();
      const b = this.opts.briefing();
      await poster.post(channel.id, digestAnswer(b, b.documents, { title: `Briefing — ${localDate(this.clock(), this.opts.defaults.zone)}`, maxDocuments: 50}));
      return { command: 'digest', query: 'now', status: 'ok', title: `Posted a briefing of ${b.documents.length} documents here.`, message: 'Subscribe with /digest subscribe to receive only what is new, on a schedule.', sections: [], total: 0 };
    } catch (e) {
      return problem('digest', 'now', 'error', `The briefing could not be posted: ${(e as Error).message}`);
    }
  }

  async stop() {
    for (const k of [...this.tasks.keys()]) this.unschedule(k);
  }
}

function slotOf(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
}

function where(c: ChannelRef): string {
  return c.name ? `#${c.name}` : c.platform === 'terminal' ? 'this terminal' : 'this channel';
}
