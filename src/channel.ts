/**
 * Where a command was asked or a briefing goes. The platform is an open name ("slack", "discord",
 * "terminal", or a new adapter's), so nothing below the adapters needs to know the list.
 */
export interface ChannelRef {
  platform: string;
  id: string;
  name?: string;
  /** The workspace (Slack team) it belongs to, where a platform has several: briefings use its token. */
  workspace?: string;
  /** How answers refer to it when it has no channel name ("this terminal"). */
  label?: string;
}
