import type { Answer } from '../../answers/model';
import { DeliveryError, type DeliveryFailure, type PostOnce, type Poster } from '../../digest/poster';
import { chunkAnswer } from '../../render/chunk';
import type { DiscordFrontEnd } from './app';
import { discordFallback, renderDiscord } from './render';

/** Discord's HTTP status as the digest understands it: no access or no channel is for good. */
export function discordFailure(status: number | undefined): DeliveryFailure {
  if (status === 403 || status === 404) return 'gone';
  if (status === 429) return 'rate-limited';
  return 'retry-later';
}

/**
 * Discord: as many channel messages as the limits need. Each carries a nonce made of the briefing's
 * key and its part, with `enforce_nonce`: Discord then returns the message already created under it
 * (within a few minutes) instead of creating it again, so a take-over does not post a part twice.
 */
export function discordPoster(fe: DiscordFrontEnd): Poster {
  return {
    async post(channelId: string, answer: Answer, once?: PostOnce) {
      for (const [i, part] of chunkAnswer(answer, (p) => !renderDiscord(p).leftOut).entries()) {
        // Discord's nonces are at most 25 characters.
        const nonce = once ? `${once.key}:${i}`.slice(-25) : undefined;
        try {
          try {
            await fe.post(channelId, renderDiscord(part), nonce);
          } catch (e) {
            // Discord refused the embeds themselves (400): the part goes out as plain text rather than not at all.
            if ((e as { status?: number }).status !== 400) throw e;
            await fe.post(channelId, { ...discordFallback(part), embeds: [] }, nonce);
          }
        } catch (e) {
          throw new DeliveryError(
            `Discord: ${(e as Error).message}`,
            discordFailure((e as { status?: number }).status),
          );
        }
      }
    },
  };
}
