import type { Answer } from '../answers/model';
import { chunkAnswer } from '../render/chunk';
import { renderDiscord } from '../adapters/discord/render';
import { SLACK_LIMITS, renderSlack, renderSlackCounted } from '../adapters/slack/render';
import { renderTerminal } from '../adapters/terminal/render';
import type { DiscordFrontEnd } from '../adapters/discord/app';
import type { SlackFrontEnd } from '../adapters/slack/app';
import { DeliveryError, type Poster } from './scheduler';

/** Slack errors after which posting to the channel cannot succeed until someone acts. */
const SLACK_PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'token_revoked', 'invalid_auth', 'missing_scope', 'restricted_action', 'access_denied', 'team_access_not_granted']);

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
          const r = await fe.post(channelId, renderSlack(part), thread);
          thread ??= r.ts;
        } catch (e) {
          const code = (e as { data?: { error?: string } }).data?.error ?? (e as Error).message;
          throw new DeliveryError(`Slack: ${code}`, SLACK_PERMANENT.has(code));
        }
      }
    },
  };
}

/** Discord: as many channel messages as the limits need. */
export function discordPoster(fe: DiscordFrontEnd): Poster {
  return {
    async post(channelId: string, answer: Answer) {
      for (const part of chunkAnswer(answer, (p) => !renderDiscord(p).leftOut)) {
        try {
          await fe.post(channelId, renderDiscord(part));
        } catch (e) {
          const status = (e as { status?: number }).status;
          throw new DeliveryError(`Discord: ${(e as Error).message}`, status === 403 || status === 404);
        }
      }
    },
  };
}

export function terminalPoster(write: (s: string) => void = (s) => process.stdout.write(s)): Poster {
  return {
    async post(_channelId: string, answer: Answer) {
      write(`\n${renderTerminal(answer)}\n\n`);
    },
  };
}
