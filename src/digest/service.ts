import type { Answer } from '../answers/model';
import type { ChannelRef } from '../channel';

/** The scheduled-briefing service as commands see it; implemented with node-cron and the state store. */
export interface DigestService {
  subscribe(channel: ChannelRef, spec: { time?: string; zone?: string; days?: string }): Promise<Answer>;
  unsubscribe(channel: ChannelRef): Promise<Answer>;
  status(channel: ChannelRef): Promise<Answer>;
  now(channel: ChannelRef): Promise<Answer>;
}
