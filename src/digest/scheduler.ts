import cron, { type ScheduledTask } from 'node-cron';
import { digestAnswer, newestFirst } from '../answers/digest';
import { problem, type Answer } from '../answers/model';
import type { CorpusIndex } from '../corpusIndex';
import type { CorpusDocument } from '../corpus/types';
import type { ChannelRef } from '../channel';
import {
  lastDue,
  localDate,
  localTime,
  nextRuns,
  parseSubscribe,
  validateCron,
  isValidZone,
  type ScheduleSpec,
} from './schedule';
import type { DigestService } from './service';
import { metrics } from '../ops/metrics';
import { DeliveryError, type Poster } from './poster';
import type { Platform, StateStore, Subscription, TakenOver } from '../state/types';

export interface SchedulerOptions {
  defaults: { cron: string; zone: string };
  /** Run a slot missed while the bot was down, once, at start. */
  catchUp: boolean;
  corpus: () => CorpusIndex;
  /** Brings the corpus up to date before a briefing is built. */
  refresh?: () => Promise<void> | void;
  /**
   * Whether a document is news to announce to a subscription. One that is not (an old item of a
   * feed just followed) stays answerable but is marked delivered without being posted.
   */
  announce?: (doc: CorpusDocument, sub: Subscription, now: Date) => boolean;
  clock?: () => Date;
  log?: (m: string) => void;
}

const key = (p: Platform, id: string) => `${p}:${id}`;

/** Documents one briefing carries at most; the rest wait for the next one, newest first. */
export const MAX_DOCUMENTS_PER_BRIEFING = 50;
/** `/digest now` at most once per channel in this window: anyone may type it, nobody may flood a channel with it. */
export const NOW_COOLDOWN_MS = 10 * 60 * 1000;
/** How often a process re-reads the subscriptions, to follow changes another process made to the shared database. */
export const RECONCILE_MS = 30 * 1000;
const specOf = (s: Subscription): ScheduleSpec => ({ cron: s.cron, zone: s.zone, label: s.label });

/**
 * Per-channel briefings: one node-cron task per subscription, state in the state store, each slot
 * claimed once across replicas, each document carried once per channel.
 */
export class DigestScheduler implements DigestService {
  readonly posters = new Map<Platform, Poster>();
  private tasks = new Map<string, { task: ScheduledTask; cron: string; zone: string }>();
  private reconcileTimer?: NodeJS.Timeout;
  /** Briefings being posted, by digest id: a graceful stop waits for them and keeps their leases. */
  private posting = new Map<number, Promise<number>>();
  private takingOver?: Promise<number>;
  private readonly clock: () => Date;
  private readonly log: (m: string) => void;

  constructor(
    readonly store: StateStore,
    private opts: SchedulerOptions,
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.log = opts.log ?? ((m) => console.error(m));
    const err = validateCron(opts.defaults.cron);
    if (err) throw new Error(`DIGEST_SCHEDULE “${opts.defaults.cron}” is invalid: ${err}`);
    if (!isValidZone(opts.defaults.zone))
      throw new Error(`DIGEST_TIMEZONE “${opts.defaults.zone}” is not an IANA time zone`);
  }

  /** Schedules every saved subscription and catches up what was missed while down. */
  async start(): Promise<void> {
    await this.takeOverStale();
    for (const sub of await this.store.subscriptions()) {
      if (sub.status !== 'active') continue;
      this.schedule(sub);
      if (this.opts.catchUp) await this.catchUp(sub);
    }
    this.reconcileTimer = setInterval(() => {
      void this.reconcile()
        .then(() => this.takeOverStale())
        .catch((e) => this.log(`digest: could not re-read the subscriptions: ${(e as Error).message}`));
    }, RECONCILE_MS).unref();
  }

  /**
   * Posts the briefings other replicas claimed and did not finish before their lease ran out (a
   * replica that died mid-post); older ones are closed and their documents wait for the next one.
   */
  takeOverStale(): Promise<number> {
    // One check at a time: every tick of a busy minute asks for one.
    this.takingOver ??= this.takeOverNow().finally(() => (this.takingOver = undefined));
    return this.takingOver;
  }

  private async takeOverNow(): Promise<number> {
    const taken = await this.store.takeOverStale(this.clock());
    for (const t of taken) {
      // Its own briefing, still being posted (its renewals could not reach the database): not again.
      if (this.posting.has(t.digestId)) continue;
      const sub = await this.store.subscription(t.platform, t.channelId);
      // Unsubscribed (or paused) since it was claimed: nobody wants it any more.
      if (sub?.status !== 'active') {
        await this.store.markFailed(t.digestId, 'the channel is no longer subscribed');
        continue;
      }
      this.log(
        `digest: taking over the briefing ${t.slot} for ${t.platform}:${t.channelId} left by a stopped replica.`,
      );
      metrics().digest(t.platform, 'taken_over');
      await this.post({ ...t, sub, resume: true }).catch(() => undefined);
    }
    return taken.length;
  }

  /**
   * Makes this process's timers match the database: another process sharing it may have
   * subscribed, unsubscribed or changed a schedule. Returns how many timers changed.
   */
  async reconcile(): Promise<number> {
    let changed = 0;
    const wanted = new Map(
      (await this.store.subscriptions())
        .filter((s) => s.status === 'active')
        .map((s) => [key(s.platform, s.channelId), s]),
    );
    for (const k of [...this.tasks.keys()]) {
      if (!wanted.has(k)) {
        this.unschedule(k);
        changed++;
      }
    }
    for (const [k, sub] of wanted) {
      const t = this.tasks.get(k);
      if (t && t.cron === sub.cron && t.zone === sub.zone) continue;
      this.schedule(sub);
      changed++;
    }
    return changed;
  }

  /** Subscribes a channel from the environment unless it already has a subscription of its own. */
  async ensureSubscribed(platform: Platform, channelId: string) {
    if (await this.store.subscription(platform, channelId)) return;
    const spec = parseSubscribe([], this.opts.defaults);
    if (!spec.ok) throw new Error(spec.error);
    this.schedule(await this.store.upsertSubscription({ platform, channelId, ...spec.value }, this.clock()));
    this.log(`digest: subscribed ${platform} channel ${channelId} (${spec.value.label}).`);
  }

  private schedule(sub: Subscription) {
    const k = key(sub.platform, sub.channelId);
    this.unschedule(k);
    const task = cron.schedule(sub.cron, (ctx) => this.onTick(sub.platform, sub.channelId, ctx.date, sub), {
      timezone: sub.zone,
      name: k,
      noOverlap: true,
    });
    this.tasks.set(k, { task, cron: sub.cron, zone: sub.zone });
  }

  private unschedule(k: string) {
    const t = this.tasks.get(k);
    if (t) void t.task.destroy();
    this.tasks.delete(k);
  }

  /** The schedule this process is running for a channel (tests and /digest status). */
  scheduled(platform: Platform, channelId: string): { cron: string; zone: string } | undefined {
    const t = this.tasks.get(key(platform, channelId));
    return t && { cron: t.cron, zone: t.zone };
  }

  async onTick(platform: Platform, channelId: string, due: Date, as?: Pick<Subscription, 'cron' | 'zone'>) {
    // Any tick is a moment to look for briefings a stopped replica left (besides the 30 s check); the
    // tick's own briefing does not wait for it.
    void this.takeOverStale().catch((e) => this.log(`digest: take-over check failed: ${(e as Error).message}`));
    const sub = await this.store.subscription(platform, channelId);
    if (!sub || sub.status !== 'active') {
      this.unschedule(key(platform, channelId));
      return;
    }
    // The schedule was changed (perhaps by another process): this timer is stale and must not post.
    if (as && (as.cron !== sub.cron || as.zone !== sub.zone)) {
      this.schedule(sub);
      return;
    }
    try {
      await this.run(sub, slotOf(due));
    } catch (e) {
      this.log(`digest: ${platform}:${channelId} failed: ${(e as Error).message}`);
    }
  }

  private async catchUp(sub: Subscription) {
    const last = await this.store.lastDigest(sub.platform, sub.channelId);
    const after = new Date(Math.max(Date.parse(sub.createdAt), last ? Date.parse(last.slot) || 0 : 0));
    const due = lastDue(specOf(sub), this.clock(), after);
    if (!due || (await this.store.hasSlot(sub.platform, sub.channelId, slotOf(due)))) return;
    this.log(`digest: catching up the briefing due ${due.toISOString()} for ${sub.platform}:${sub.channelId}.`);
    await this.run(sub, slotOf(due)).catch((e) => this.log(`digest: catch-up failed: ${(e as Error).message}`));
  }

  /**
   * Builds and posts one briefing for a slot. Returns how many documents it carried (0: nothing
   * new, nothing posted) or undefined when the slot was already claimed.
   */
  async run(sub: Subscription, slot: string): Promise<number | undefined> {
    return (await this.runSlot(sub, slot))?.posted;
  }

  /** Like run(), also saying how many new documents were left for the next briefing. */
  async runSlot(sub: Subscription, slot: string): Promise<{ posted: number; remaining: number } | undefined> {
    await this.opts.refresh?.();
    const b = this.opts.corpus();
    // Newest first, so that when more is new than one briefing carries, the newest go first and the rest wait.
    const announce = this.opts.announce;
    const docsNow = announce ? b.documents.filter((d) => announce(d, sub, this.clock())) : b.documents;
    if (announce && docsNow.length < b.documents.length) {
      const kept = new Set(docsNow);
      await this.store.markDelivered(
        sub.platform,
        sub.channelId,
        b.documents.filter((d) => !kept.has(d)),
      );
    }
    const current = newestFirst(docsNow).map((d) => ({ hash: d.hash, file: d.file }));
    const claim = await this.store.claim(
      sub.platform,
      sub.channelId,
      slot,
      current,
      this.clock(),
      MAX_DOCUMENTS_PER_BRIEFING,
    );
    if (!claim) return undefined;
    if (!claim.docs.length) return { posted: 0, remaining: 0 };
    const posted = await this.post({ ...claim, platform: sub.platform, channelId: sub.channelId, sub });
    return { posted, remaining: claim.remaining };
  }

  /**
   * Posts a claimed briefing: its reserved documents as they are in the corpus now. The lease is
   * renewed while it posts; another replica takes it over only if this one stops.
   */
  private post(
    c: Omit<TakenOver, 'slot'> & { sub?: Subscription; remaining?: number; resume?: boolean },
  ): Promise<number> {
    const work = this.postNow(c);
    this.posting.set(c.digestId, work);
    const done = () => this.posting.delete(c.digestId);
    work.then(done, done);
    return work;
  }

  private async postNow(
    c: Omit<TakenOver, 'slot'> & { sub?: Subscription; remaining?: number; resume?: boolean },
  ): Promise<number> {
    const sub = c.sub ?? (await this.store.subscription(c.platform, c.channelId));
    const zone = sub?.zone ?? this.opts.defaults.zone;
    const b = this.opts.corpus();
    const poster = this.posters.get(c.platform);
    const hashes = new Set(c.docs.map((d) => d.hash));
    const docs = newestFirst(b.documents.filter((d) => hashes.has(d.hash)));
    if (!poster || !docs.length) {
      await this.store.markFailed(
        c.digestId,
        poster ? 'its documents are no longer in the corpus' : `no ${c.platform} connection`,
      );
      return 0;
    }
    const answer = digestAnswer(b, docs, {
      title: `Briefing — ${localDate(this.clock(), zone)}`,
      maxDocuments: MAX_DOCUMENTS_PER_BRIEFING,
      carriedOver: c.remaining ?? 0,
    });
    const renew = setInterval(() => {
      void this.store.renewClaim(c.digestId, this.clock()).catch(() => undefined);
    }, this.store.leaseMs / 3).unref();
    try {
      await poster.post(c.channelId, answer, { key: `digest-${c.digestId}`, resume: c.resume }, sub?.workspace);
      await this.store.markPosted(c.digestId, `${docs.length} documents`, this.clock());
      metrics().digest(c.platform, 'posted');
      this.log(`digest: posted ${docs.length} document(s) to ${c.platform}:${c.channelId}.`);
      return docs.length;
    } catch (e) {
      const err = e as Error;
      metrics().digest(c.platform, 'failed');
      await this.store.markFailed(c.digestId, err.message, this.clock());
      if (e instanceof DeliveryError && e.permanent) {
        await this.store.markFailing(c.platform, c.channelId, err.message);
        this.unschedule(key(c.platform, c.channelId));
        this.log(
          `digest: ${c.platform}:${c.channelId} can no longer be posted to (${err.message}); paused until it subscribes again.`,
        );
      } else
        this.log(
          `digest: posting to ${c.platform}:${c.channelId} failed (${err.message}); its documents go in the next briefing.`,
        );
      throw err;
    } finally {
      clearInterval(renew);
    }
  }

  async subscribe(channel: ChannelRef, spec: { time?: string; zone?: string; days?: string }): Promise<Answer> {
    const parsed = parseSubscribe(
      [spec.time, spec.zone, spec.days].filter((x): x is string => !!x).flatMap((x) => x.split(/\s+/)),
      this.opts.defaults,
    );
    if (!parsed.ok) return problem('digest', 'subscribe', 'usage', parsed.error);
    const sub = await this.store.upsertSubscription(
      {
        platform: channel.platform,
        channelId: channel.id,
        channelName: channel.name,
        workspace: channel.workspace,
        ...parsed.value,
      },
      this.clock(),
    );
    this.schedule(sub);
    const next = nextRuns(parsed.value)[0];
    const fresh = await this.pending(sub);
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

  async unsubscribe(channel: ChannelRef): Promise<Answer> {
    this.unschedule(key(channel.platform, channel.id));
    const removed = await this.store.removeSubscription(channel.platform, channel.id);
    return removed
      ? {
          command: 'digest',
          query: 'unsubscribe',
          status: 'ok',
          title: `Unsubscribed ${where(channel)}: no more scheduled briefings here.`,
          sections: [],
          total: 0,
        }
      : problem('digest', 'unsubscribe', 'empty', `${where(channel)} had no briefing subscription.`);
  }

  private async pending(sub: Pick<Subscription, 'platform' | 'channelId'>): Promise<number> {
    const delivered = await this.store.deliveredHashes(sub.platform, sub.channelId);
    return this.opts.corpus().documents.filter((d) => !delivered.has(d.hash)).length;
  }

  async status(channel: ChannelRef): Promise<Answer> {
    const sub = await this.store.subscription(channel.platform, channel.id);
    if (!sub)
      return problem(
        'digest',
        'status',
        'empty',
        `${where(channel)} has no briefing subscription. Use /digest subscribe [HH:MM] [time zone] [weekdays].`,
      );
    const next = sub.status === 'active' ? nextRuns(specOf(sub))[0] : undefined;
    const last = await this.store.lastPosted(sub.platform, sub.channelId);
    const delivered = await this.store.deliveredHashes(sub.platform, sub.channelId);
    const upcoming = newestFirst(this.opts.corpus().documents.filter((d) => !delivered.has(d.hash)));
    const items = [
      { label: 'Schedule', detail: sub.label },
      {
        label: 'State',
        detail:
          sub.status === 'active'
            ? 'active'
            : `paused — the bot cannot post here (${sub.lastError ?? 'unknown error'}); subscribe again once fixed`,
      },
      { label: 'Next run', detail: next ? localTime(next, sub.zone) : '—' },
      {
        label: 'Last briefing',
        detail: last
          ? `${localTime(new Date(last.finishedAt ?? last.claimedAt), sub.zone)} (${last.docCount} document${last.docCount === 1 ? '' : 's'})`
          : 'none yet',
      },
      {
        label: 'Next briefing will carry',
        detail: upcoming.length
          ? `${Math.min(upcoming.length, MAX_DOCUMENTS_PER_BRIEFING)} new document${upcoming.length === 1 ? '' : 's'}: ${upcoming
              .slice(0, 5)
              .map((d) => d.title)
              .join(
                '; ',
              )}${upcoming.length > 5 ? '; …' : ''}${upcoming.length > MAX_DOCUMENTS_PER_BRIEFING ? ` (${upcoming.length - MAX_DOCUMENTS_PER_BRIEFING} more in the briefings after it)` : ''}`
          : 'nothing new so far (nothing is posted when nothing is new)',
      },
    ];
    return {
      command: 'digest',
      query: 'status',
      status: 'ok',
      title: `Briefing status for ${where(channel)}`,
      sections: [{ items }],
      total: 0,
    };
  }

  async now(channel: ChannelRef): Promise<Answer> {
    const sub = await this.store.subscription(channel.platform, channel.id);
    const poster = this.posters.get(channel.platform);
    if (!poster) return problem('digest', 'now', 'error', `Cannot post to ${channel.platform} from here.`);
    // Nothing new is said at once and costs no turn; only a briefing that would be posted is rate-limited.
    if (sub) {
      await this.opts.refresh?.();
      if (!(await this.pending(sub)))
        return problem('digest', 'now', 'empty', 'Nothing new since the last briefing here; nothing was posted.');
    }
    const wait = await this.store.cooldown(
      channel.platform,
      channel.id,
      'digest-now',
      NOW_COOLDOWN_MS,
      this.clock().getTime(),
    );
    if (wait > 0) {
      const min = Math.ceil(wait / 60000);
      return problem(
        'digest',
        'now',
        'usage',
        `A briefing was posted here with /digest now a moment ago; try again in ${min} minute${min === 1 ? '' : 's'}.`,
      );
    }
    try {
      if (sub) {
        const r = await this.runSlot(sub, `now:${this.clock().toISOString()}`);
        const n = r?.posted ?? 0;
        if (!n) {
          // Nothing was posted: the channel may ask again at once.
          await this.store.clearCooldown(channel.platform, channel.id, 'digest-now');
          return problem('digest', 'now', 'empty', 'Nothing new since the last briefing here; nothing was posted.');
        }
        const rest = r?.remaining ?? 0;
        return {
          command: 'digest',
          query: 'now',
          status: 'ok',
          title: `Posted a briefing of ${n} document${n === 1 ? '' : 's'} here.`,
          message: rest
            ? `${rest} more new document${rest === 1 ? '' : 's'} will come in the next briefing.`
            : undefined,
          sections: [],
          total: 0,
        };
      }
      // Not subscribed: a one-off briefing of the newest documents, which does not count as delivered.
      await this.opts.refresh?.();
      const b = this.opts.corpus();
      const shown = Math.min(b.documents.length, MAX_DOCUMENTS_PER_BRIEFING);
      await poster.post(
        channel.id,
        digestAnswer(b, b.documents, {
          title: `Briefing — ${localDate(this.clock(), this.opts.defaults.zone)}`,
          maxDocuments: MAX_DOCUMENTS_PER_BRIEFING,
        }),
        undefined,
        channel.workspace,
      );
      return {
        command: 'digest',
        query: 'now',
        status: 'ok',
        title: `Posted a briefing of ${shown} document${shown === 1 ? '' : 's'} here${shown < b.documents.length ? ` (the newest of ${b.documents.length})` : ''}.`,
        message: 'Subscribe with /digest subscribe to receive only what is new, on a schedule.',
        sections: [],
        total: 0,
      };
    } catch (e) {
      await this.store.clearCooldown(channel.platform, channel.id, 'digest-now').catch(() => undefined);
      return problem('digest', 'now', 'error', `The briefing could not be posted: ${(e as Error).message}`);
    }
  }

  /**
   * Stops scheduling. `graceful` (SIGTERM): waits up to `timeoutMs` for briefings being posted, then
   * gives up this replica's other leases so another takes their work at once.
   */
  async stop(graceful?: { timeoutMs: number }) {
    clearInterval(this.reconcileTimer);
    for (const k of [...this.tasks.keys()]) this.unschedule(k);
    if (!graceful) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.posting.values()]),
      new Promise((r) => (timer = setTimeout(r, graceful.timeoutMs))),
    ]);
    clearTimeout(timer);
    await this.store.releaseLeases([...this.posting.keys()]);
  }
}

function slotOf(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
}

function where(c: ChannelRef): string {
  return c.name ? `#${c.name}` : (c.label ?? 'this channel');
}
