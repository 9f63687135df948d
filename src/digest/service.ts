import type { Answer } from '../answers/model';
import type { ChannelRef } from '../channel';

/** The scheduled-briefing service as commands see it; implemented with node-cron and SQLite. */
export interface DigestService {
  subscribe(channel: ChannelRef, spec: { time?: string; zone?: string; days?: string }): Answer;
  unsubscribe(channel: ChannelRef): Answer;
  status(channel: ChannelRef): Answer;
  now(channel: ChannelRef): Promise<Answer>;
}
