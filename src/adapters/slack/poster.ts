import type { Answer } from '../../answers/model';
import { BRIEFING_EVENT, DeliveryError, type DeliveryFailure, type PostOnce, type Poster } from '../../digest/poster';
import { chunkAnswer } from '../../render/chunk';
import type { SlackFrontEnd } from './app';
import { renderSlack, renderSlackCounted, SLACK_LIMITS, slackFallback } from './render';

/** Slack errors after which posting to the channel cannot succeed until someone acts. */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'token_revoked',
  'invalid_auth',
  'missing_scope',
  'restricted_action',
  'access_denied',
  'team_access_not_granted',
]);

/** Slack's error code (Web API `error`, or the client's message) as the digest understands it. */
export function slackFailure(code: string): DeliveryFailure {
  if (GONE.has(code)) return 'gone';
  if (code === 'ratelimited' || code === 'rate_limited') return 'rate-limited';
  return 'retry-later';
}

/**
 * Slack: the first message in the channel, the rest of a long briefing in its thread. Each message
 * carries the briefing's key and its part number in its metadata, so a replica taking the briefing
 * over reads the channel first and posts only the parts that are not there.
 */
export function slackPoster(fe: SlackFrontEnd): Poster {
  return {
    async post(channelId: string, answer: Answer, once?: PostOnce, workspace?: string) {
      const parts = chunkAnswer(answer, (p) => {
        const m = renderSlackCounted(p);
        return !m.leftOut && m.message.blocks.length <= SLACK_LIMITS.blocks;
      });
      const earlier = once?.resume
        ? await postedBefore(fe, channelId, once.key, workspace)
        : { parts: new Set<number>() };
      let thread = earlier.thread;
      for (const [i, part] of parts.entries()) {
        if (earlier.parts.has(i)) continue;
        const metadata = once ? { event_type: BRIEFING_EVENT, event_payload: { key: once.key, part: i } } : undefined;
        try {
          let r: { ts?: string };
          try {
            r = await fe.post(channelId, renderSlack(part), thread, metadata, workspace);
          } catch (e) {
            // Slack refused the blocks themselves: the part goes out as plain text rather than not at all.
            if (errorCode(e) !== 'invalid_blocks') throw e;
            r = await fe.post(channelId, slackFallback(part), thread, metadata, workspace);
          }
          thread ??= r.ts;
        } catch (e) {
          const code = errorCode(e);
          throw new DeliveryError(`Slack: ${code}`, slackFailure(code));
        }
      }
    },
  };
}

/**
 * The parts of a briefing already in the channel under `key`, and its thread. A channel that cannot
 * be read (the app installed without the history scopes) reads as none: everything is posted.
 */
async function postedBefore(fe: SlackFrontEnd, channel: string, key: string, workspace?: string) {
  const parts = new Set<number>();
  const partOf = (m: { metadata?: unknown }) => {
    const meta = m.metadata as { event_type?: string; event_payload?: { key?: unknown; part?: unknown } } | undefined;
    return meta?.event_type === BRIEFING_EVENT && meta.event_payload?.key === key
      ? Number(meta.event_payload.part)
      : undefined;
  };
  try {
    const first = (await fe.recent(channel, undefined, workspace)).find((m) => partOf(m) === 0);
    if (!first?.ts) return { parts };
    parts.add(0);
    for (const m of await fe.recent(channel, first.ts, workspace)) {
      const p = partOf(m);
      if (p !== undefined && Number.isInteger(p)) parts.add(p);
    }
    return { parts, thread: first.ts };
  } catch {
    return { parts };
  }
}

function errorCode(e: unknown): string {
  return (e as { data?: { error?: string } }).data?.error ?? (e as Error).message;
}
