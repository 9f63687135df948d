import type { Answer } from '../answers/model';

/**
 * Why a post failed, in the digest's own terms; each adapter maps its platform's errors to one.
 * - `gone`: the channel cannot be posted to until someone acts (deleted, bot removed, access revoked);
 * - `rate-limited`: the platform asked to slow down (the clients already retried after Retry-After);
 * - `retry-later`: anything else; the next briefing tries again.
 */
export type DeliveryFailure = 'gone' | 'rate-limited' | 'retry-later';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: DeliveryFailure,
  ) {
    super(message);
  }

  /** Retrying cannot help until someone acts: the subscription is paused. */
  get permanent(): boolean {
    return this.kind === 'gone';
  }
}

/**
 * Posting a briefing once: `key` names it (one per claimed briefing) and travels with each of its
 * messages; `resume` (a replica taking over another's briefing) first looks for the parts an earlier
 * attempt posted under the same key and posts only the rest.
 */
export interface PostOnce {
  key: string;
  resume?: boolean;
}

/** The port the digest posts through: one per platform, split into as many messages as its limits need. */
export interface Poster {
  /** `workspace`: the channel's workspace where a platform has several (Slack with OAuth), for its token. */
  post(channelId: string, answer: Answer, once?: PostOnce, workspace?: string): Promise<void>;
}

/** The event type a briefing's messages carry in their metadata (Slack) or nonce (Discord). */
export const BRIEFING_EVENT = 'briefing_digest';
