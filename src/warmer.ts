import type { CommandArgs, CommandContext, CommandDef } from './commandModel';
import { answerKey, runCommand } from './dispatch';
import type { Turns } from './util/turns';

interface Asked {
  def: CommandDef;
  args: CommandArgs;
  limit: number;
  count: number;
}

/**
 * The answers asked most, computed again in the background after the corpus changes, so the first
 * person to ask once a new article has landed gets a warm answer. Warming takes its turns with the
 * chat commands (one answer per event-loop turn, after any acknowledgements), and stops when the
 * corpus changes again: the next warming covers the newer corpus.
 */
export class AnswerWarmer {
  private asked = new Map<string, Asked>();

  constructor(
    private readonly turns: Turns,
    /** A context for the corpus as it is now, without this warmer (warming is not asking). */
    private readonly context: (limit: number) => CommandContext,
    private readonly top = 20,
    private readonly remember = 500,
  ) {}

  /** Counts one question; only commands whose answers are kept are worth warming. */
  record(def: CommandDef, args: CommandArgs, limit: number): void {
    if (!def.cached) return;
    const key = answerKey(def, args, limit);
    const seen = this.asked.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.asked.size >= this.remember) {
      // The least asked makes room: a day of one-off questions does not push out the regular ones.
      let least: string | undefined;
      let fewest = Infinity;
      for (const [k, a] of this.asked)
        if (a.count < fewest) {
          fewest = a.count;
          least = k;
        }
      this.asked.delete(least!);
    }
    this.asked.set(key, { def, args, limit, count: 1 });
  }

  /** Recomputes the most-asked answers for the corpus as it is now; resolves with how many were made. */
  async warm(): Promise<number> {
    const version = this.context(0).corpus.version;
    const most = [...this.asked.values()].sort((a, b) => b.count - a.count).slice(0, this.top);
    let made = 0;
    for (const a of most) {
      await this.turns.next();
      const ctx = this.context(a.limit);
      if (ctx.corpus.version !== version) break;
      await runCommand(a.def, a.args, ctx);
      made++;
    }
    return made;
  }
}
