import { commands } from '../commands';
import type { Answer } from './answers/model';
import type { Briefing } from './briefing';
import type { ChannelRef, CommandContext, Services } from './commandModel';
import type { Config } from './config';
import { dispatch } from './dispatch';
import { loadBriefing } from './loadBriefing';

/**
 * The platform-neutral bot: the current briefing and the services around it. Front ends only
 * translate between a platform and `context()` / `ask()`.
 */
export class BotRuntime {
  briefing: Briefing;
  readonly services: Services = {};
  readonly commands = commands;

  constructor(readonly config: Config, briefing?: Briefing, readonly log: (msg: string) => void = (m) => console.error(m)) {
    if (briefing) this.briefing = briefing;
    else {
      const { briefing: b, warnings } = loadBriefing(config.corpusDir, config.actorsFile);
      for (const w of warnings) log(`warning: ${w}`);
      this.briefing = b;
    }
  }

  context(channel?: ChannelRef, limit = this.config.limit): CommandContext {
    return { briefing: this.briefing, limit, channel, services: this.services, commands: this.commands };
  }

  ask(text: string, channel?: ChannelRef, limit?: number): Promise<Answer> {
    return dispatch(text, this.context(channel, limit));
  }

  describe(): string {
    const c = this.briefing.corpus;
    return `${c.documents.length} document${c.documents.length === 1 ? '' : 's'}, ${c.sentences.length} sentences from ${this.config.corpusDir}`;
  }
}
