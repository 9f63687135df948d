import type { Answer } from '../../answers/model';
import { DeliveryError, type DeliveryFailure, type Poster } from '../../digest/poster';
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

/** Slack: the first message in the channel, the rest of a long briefing in its thread. */
export function slackPoster(fe: SlackFrontEnd): Poster {
  return {
    async post(channelId: string, answer: Answer) {
      const parts = chunkAnswer(answer, (p) => {
        const m = renderSlackCounted(p);
        return !m.leftOut && m.message.blocks.length <= SLACK_LIMITS.blocks;
      });
      let thread: string | undefined;
      for (const part of parts) {
        try {
          let r: { ts?: string };
          try {
            r = await fe.post(channelId, renderSlack(part), thread);
          } catch (e) {
            // Slack refused the blocks themselves: the part goes out as plain text rather than not at all.
            if (errorCode(e) !== 'invalid_blocks') throw e;
            r = await fe.post(channelId, slackFallback(part), thread);
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

function errorCode(e: unknown): string {
  return (e as { data?: { error?: string } }).data?.error ?? (e as Error).message;
}
