import type { Adapter } from './adapter';
import { discordAdapter } from './discord';
import { slackAdapter } from './slack';
import { terminalAdapter } from './terminal';

/** Every chat platform the bot can join. A new platform is one folder beside these and one line here. */
export const adapters: readonly Adapter[] = [slackAdapter, discordAdapter, terminalAdapter];
