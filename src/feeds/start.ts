import { readFileSync } from 'node:fs';
import { z } from 'zod/v3';
import type { FeedsConfig } from '../config';
import { DEFAULT_LIMITS } from './fetch';
import { FeedPoller } from './poller';
import { Feeds, parseInterval } from './service';
import type { FeedState } from '../state/types';

/** FEEDS_FILE: feeds set up at deploy time. JSON (a YAML parser would be one more dependency for a five-line file). */
const FeedsFileSchema = z.array(
  z.object({
    url: z.string().url().max(2000),
    name: z
      .string()
      .regex(/^[\w.-]{1,40}$/)
      .optional(),
    every: z.string().max(20).optional(),
  }),
);

export interface FeedsRuntime {
  service: Feeds;
  poller: FeedPoller;
  stop(): void;
}

/**
 * Feeds on the state database: the store, the poller writing articles into `dir`, and the service
 * the commands use. Feeds from FEEDS_FILE are added (or updated) at start; a bad file is named in
 * one warning and changes nothing.
 */
export async function startFeeds(
  store: FeedState,
  dir: string,
  cfg: FeedsConfig,
  written: () => void,
  log: (m: string) => void,
  leaseMs?: number,
): Promise<FeedsRuntime> {
  const poller = new FeedPoller({
    store,
    dir,
    limits: { ...DEFAULT_LIMITS, allowPrivate: cfg.allowPrivate },
    written,
    log,
    leaseMs,
  });
  const service = new Feeds({
    store,
    poller,
    admins: cfg.admins,
    minIntervalS: cfg.minIntervalS,
    defaultIntervalS: Math.max(3600, cfg.minIntervalS),
  });
  if (cfg.file) {
    try {
      const parsed = FeedsFileSchema.safeParse(JSON.parse(readFileSync(cfg.file, 'utf8')));
      if (!parsed.success)
        throw new Error(
          parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        );
      for (const f of parsed.data) {
        const name = f.name ?? new URL(f.url).hostname.replace(/[^\w.-]/g, '-');
        const interval = Math.max(parseInterval(f.every) ?? 3600, cfg.minIntervalS);
        const known = await store.get(name);
        if (!known || known.url !== f.url || known.intervalS !== interval)
          await store.upsert({ name, url: f.url, intervalS: interval, origin: 'file' });
      }
      log(`feeds: ${parsed.data.length} feed(s) from ${cfg.file}.`);
    } catch (e) {
      log(`warning: FEEDS_FILE ${cfg.file} ignored: ${(e as Error).message}`);
    }
  }
  poller.start();
  return { service, poller, stop: () => poller.stop() };
}
