import { commands } from '../commands';
import type { Answer } from './answers/model';
import type { Briefing } from './briefing';
import type { ChannelRef, CommandContext, Services } from './commandModel';
import type { Config } from './config';
import { dispatch } from './dispatch';
import { listDocumentFiles } from './corpus/loadCorpus';
import { statSync } from 'node:fs';
import { join } from 'node:path';
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
      this.signature = this.folderSignature();
      const { briefing: b, warnings } = loadBriefing(config.corpusDir, config.actorsFile);
      for (const w of warnings) log(`warning: ${w}`);
      this.briefing = b;
    }
  }

  private signature = '';

  /** A cheap fingerprint of the corpus folder: names, sizes and modification times. */
  folderSignature(): string {
    const parts: string[] = [];
    for (const f of listDocumentFiles(this.config.corpusDir)) {
      try {
        const st = statSync(join(this.config.corpusDir, f));
        parts.push(`${f}:${st.size}:${st.mtimeMs}`);
      } catch {
        // Removed between listing and stat: the next refresh sees it gone.
      }
    }
    try {
      parts.push(`actors:${statSync(this.config.actorsFile).mtimeMs}`);
    } catch {
      parts.push('actors:none');
    }
    return parts.join('|');
  }

  /** Re-reads the corpus when the folder changed since the last load. */
  refresh(): boolean {
    const sig = this.folderSignature();
    if (sig === this.signature) return false;
    const { briefing, warnings } = loadBriefing(this.config.corpusDir, this.config.actorsFile);
    for (const w of warnings) this.log(`warning: ${w}`);
    this.briefing = briefing;
    this.signature = sig;
    return true;
  }

  context(channel?: ChannelRef, limit = this.config.limit): CommandContext {
    return { briefing: this.briefing, limit, channel, services: this.services, commands: this.commands };
  }

  ask(text: string, channel?: ChannelRef, limit?: number): Promise<Answer> {
    return dispatch(text, this.context(channel, limit));
  }

  describe(): string {
    const c = { documents: this.briefing.documents, sentences: { length: this.briefing.sentenceCount } };
    return `${c.documents.length} document${c.documents.length === 1 ? '' : 's'}, ${c.sentences.length} sentences from ${this.config.corpusDir}`;
  }
}
