/** A platform's name, as its adapter gives it: the store keeps whatever it is told. */
export type Platform = string;

export interface Subscription {
  platform: Platform;
  channelId: string;
  channelName?: string;
  /** The workspace (Slack team) the channel belongs to, where a platform has several. */
  workspace?: string;
  cron: string;
  zone: string;
  label: string;
  createdAt: string;
  /** 'active', or 'failing' when the bot can no longer post there (not retried until re-subscribed). */
  status: 'active' | 'failing';
  lastError?: string;
}

export interface DigestRow {
  id: number;
  slot: string;
  state: 'claimed' | 'posted' | 'empty' | 'failed' | 'interrupted';
  claimedAt: string;
  finishedAt?: string;
  docCount: number;
  detail?: string;
}

export interface DocRef {
  hash: string;
  file: string;
}

export interface Claim {
  digestId: number;
  /** Documents reserved for this digest (hash → file); empty when nothing is new. */
  docs: DocRef[];
  /** New documents left for the next digest because this one was full. */
  remaining: number;
}

/** A briefing another replica claimed and did not finish before its lease ran out: this one posts it. */
export interface TakenOver {
  digestId: number;
  platform: Platform;
  channelId: string;
  slot: string;
  docs: DocRef[];
}

export interface Feed {
  name: string;
  url: string;
  intervalS: number;
  /** Where it was set up: 'chat' (/feeds add) or 'file' (FEEDS_FILE). */
  origin: 'chat' | 'file';
  createdAt: number;
  etag?: string;
  lastModified?: string;
  lastFetchAt?: number;
  lastOkAt?: number;
  items: number;
  failures: number;
  lastError?: string;
  paused: boolean;
  nextAt: number;
}

export interface SeenItem {
  feed: string;
  guid: string;
  url?: string;
  hash: string;
  file: string;
  publishedAt?: string;
}

/** Feeds followed and the items seen. */
export interface FeedState {
  upsert(f: Pick<Feed, 'name' | 'url' | 'intervalS' | 'origin'>, now?: number): Promise<void>;
  remove(name: string): Promise<boolean>;
  get(name: string): Promise<Feed | undefined>;
  byUrl(url: string): Promise<Feed | undefined>;
  all(): Promise<Feed[]>;
  due(now?: number): Promise<Feed[]>;
  /**
   * Takes a due feed for this replica until `now + leaseMs`; false when another replica has it or it
   * is not due any more. Only the holder fetches, so every replica sharing the database polls a feed once.
   */
  lease(name: string, now: number, leaseMs: number): Promise<boolean>;
  /** Extends this replica's lease on a feed while it fetches; false when the feed is no longer its own. */
  renewLease(name: string, now: number, leaseMs: number): Promise<boolean>;
  /** A fetch went through: new validators, the next poll, the count of items added; the lease ends. */
  fetched(
    name: string,
    v: { etag?: string; lastModified?: string; added: number; nextAt: number },
    now?: number,
  ): Promise<void>;
  failed(name: string, error: string, nextAt: number, pause: boolean, now?: number): Promise<void>;
  seen(feed: string, guid: string): Promise<SeenItem | undefined>;
  /** The same story from another feed (or an article added by hand), by its canonical URL. */
  seenUrl(url: string): Promise<SeenItem | undefined>;
  /** The same story under another URL (syndication), by its content. */
  seenHash(hash: string): Promise<SeenItem | undefined>;
  record(item: SeenItem, now?: number): Promise<void>;
}

/**
 * Everything the bot remembers, behind one interface with two implementations: the embedded SQLite
 * under DATA_DIR (the default) and PostgreSQL when DATABASE_URL is set (shared by replicas).
 */
export interface StateStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** This process, as claims and leases name it. */
  readonly owner: string;
  /** How long a claim or a feed's lease lasts without renewal. */
  readonly leaseMs: number;
  readonly feeds: FeedState;

  upsertSubscription(s: Omit<Subscription, 'createdAt' | 'status'>, now?: Date): Promise<Subscription>;
  removeSubscription(platform: Platform, channelId: string): Promise<boolean>;
  subscription(platform: Platform, channelId: string): Promise<Subscription | undefined>;
  subscriptions(): Promise<Subscription[]>;
  markFailing(platform: Platform, channelId: string, error: string): Promise<void>;

  /**
   * Claims one digest slot for a channel and reserves the documents it has not carried yet, in one
   * transaction. Undefined when the slot was claimed already (by this or another replica).
   */
  claim(
    platform: Platform,
    channelId: string,
    slot: string,
    current: DocRef[],
    now?: Date,
    max?: number,
  ): Promise<Claim | undefined>;
  /** Extends this replica's lease on a claim while it posts; false if the claim is no longer its own. */
  renewClaim(digestId: number, now?: Date): Promise<boolean>;
  /**
   * Claims whose lease ran out: each recent one is taken over by this replica (returned, to post);
   * older ones are closed as interrupted and their documents given back to the next digest.
   */
  takeOverStale(now?: Date): Promise<TakenOver[]>;
  /**
   * Gives up this replica's leases at a graceful shutdown, so others take the work at once instead
   * of waiting for them to run out: its unfinished claims except `keep` (posts still under way), and
   * its feeds.
   */
  releaseLeases(keep?: number[]): Promise<void>;
  /** Marks documents as carried without posting them (news too old to announce): they never come up as new. */
  markDelivered(platform: Platform, channelId: string, docs: DocRef[]): Promise<void>;
  /** Whether a slot was claimed already (catch-up must not repeat it). */
  hasSlot(platform: Platform, channelId: string, slot: string): Promise<boolean>;
  markPosted(digestId: number, detail?: string, now?: Date): Promise<void>;
  /** A digest that could not be posted gives its documents back, so the next digest carries them. */
  markFailed(digestId: number, error: string, now?: Date): Promise<void>;
  lastDigest(platform: Platform, channelId: string): Promise<DigestRow | undefined>;
  lastPosted(platform: Platform, channelId: string): Promise<DigestRow | undefined>;
  deliveredHashes(platform: Platform, channelId: string): Promise<Set<string>>;

  /**
   * A per-channel rate limit shared by every replica: records the action and returns 0, or returns
   * how many ms remain when it ran less than `intervalMs` ago.
   */
  cooldown(platform: Platform, channelId: string, action: string, intervalMs: number, now?: number): Promise<number>;
  /** Gives a cooldown back (the action did not happen after all). */
  clearCooldown(platform: Platform, channelId: string, action: string): Promise<void>;

  /** A platform's installation (Slack OAuth: the tokens Bolt stores as JSON), by its key. */
  saveInstallation(platform: Platform, key: string, workspace: string | undefined, payload: string): Promise<void>;
  installation(platform: Platform, key: string): Promise<string | undefined>;
  /**
   * An app removed from a workspace: its installations and the workspace's subscriptions are
   * deleted. Returns how many subscriptions went.
   */
  removeWorkspace(platform: Platform, workspace: string): Promise<number>;

  putShare(id: string, payload: string, now?: number, maxAgeMs?: number): Promise<void>;
  getShare(id: string, now?: number, maxAgeMs?: number): Promise<string | undefined>;

  close(): Promise<void>;
}
