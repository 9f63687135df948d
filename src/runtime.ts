import { commands } from '../commands';
import type { Answer } from './answers/model';
import type { CorpusIndex } from './corpusIndex';
import type { ChannelRef, CommandContext, Services } from './commandModel';
import type { Config } from './config';
import { dispatch } from './dispatch';
import { LiveIndex } from './liveIndex';
import { sourcesFor } from './sources';
import { MemoryShares, type ShareStore } from './shares';
import { InFlight } from './util/inFlight';
import { Turns } from './util/turns';
import { AnswerWarmer } from './warmer';

/**
 * The platform-neutral bot: the live corpus and the services around it. Front ends only translate
 * between a platform and `context()` / `ask()`.
 */
export class BotRuntime {
  readonly services: Services = {};
  readonly commands = commands;
  readonly live?: LiveIndex;
  /** Answers behind share buttons; the database-backed store replaces this one when state is available. */
  shares: ShareStore = new MemoryShares();
  /** Every platform's commands take their turn here, so a burst on one never holds the other's acknowledgements. */
  readonly turns = new Turns();
  /** Commands being answered and delivered: a graceful shutdown waits for them. */
  readonly inFlight = new InFlight();
  /** Set when a shutdown begins: /readyz then says 503, so a load balancer stops sending commands. */
  stopping = false;
  private fixed?: CorpusIndex;
  private loadedNow: boolean;

  constructor(
    readonly config: Config,
    corpus?: CorpusIndex,
    readonly log: (m: string) => void = (m) => console.error(m),
    /** Answer before the search index is loaded (a long-running bot; `npm run ask` wants every answer at once). */
    opts: { searchLater?: boolean } = {},
  ) {
    this.loadedNow = !!corpus;
    if (corpus) this.fixed = corpus;
    else
      this.live = new LiveIndex({
        sources: sourcesFor(config),
        dataDir: config.dataDir,
        actorsFile: config.actorsFile,
        snapshots: config.snapshots,
        searchLaterFromBytes: config.searchLaterFromBytes,
        log,
      }).open(opts);
    if (this.live) {
      const warmer = new AnswerWarmer(this.turns, (limit) => ({
        ...this.context(undefined, limit),
        services: { ...this.services, asked: undefined },
      }));
      this.services.asked = (def, args, limit) => warmer.record(def, args, limit);
      this.live.onChange(() => void warmer.warm());
      const loaded = () => (this.loadedNow = true);
      // A load that failed was said in the log; the bot answers from what it has.
      void this.live.loaded.then(loaded, loaded);
    }
  }

  /** The index is loaded (the search index too) and no shutdown has begun. */
  get ready(): boolean {
    return this.loadedNow && !this.stopping;
  }

  get corpus(): CorpusIndex {
    return this.fixed ?? this.live!.corpus;
  }

  /**
   * Brings the index up to date with the folder (the watcher does this continuously; this is the
   * safety net). Right after a start it first waits for the start to finish comparing the sources.
   */
  async refresh(): Promise<void> {
    await this.live?.loaded;
    try {
      this.live?.sync();
    } catch (e) {
      // A feed's or a briefing's refresh that fails leaves the corpus as it was: said, never thrown.
      this.log(`corpus update failed: ${(e as Error).message}`);
    }
  }

  context(channel?: ChannelRef, limit = this.config.limit, user?: CommandContext['user']): CommandContext {
    const b = this.corpus;
    return {
      corpus: b,
      user,
      limit,
      channel,
      services: this.services,
      commands: this.commands,
      indexedAt: (f) => b.documentIndexedAt(f),
    };
  }

  ask(text: string, channel?: ChannelRef, limit?: number): Promise<Answer> {
    return dispatch(text, this.context(channel, limit));
  }

  describe(): string {
    const b = this.corpus;
    const how = this.live
      ? ` (${this.live.startup.from === 'snapshot' ? 'from the index snapshot' : 'indexed'} in ${Math.round(this.live.startup.ms)} ms)`
      : '';
    return `${b.documents.length} document${b.documents.length === 1 ? '' : 's'}, ${b.sentenceCount} sentences from ${this.config.corpusDir}${how}`;
  }
}
