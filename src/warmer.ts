import type { CommandArgs, CommandContext, CommandDef } from './commandModel';
import { answerCommand, answerKey } from './dispatch';
import type { Turns } from './util/turns';

interface Asked {
  def: CommandDef;
  args: CommandArgs;
  limit: number;
  count: number;
}

export interface WarmerLimits {
  /** At most this many answers per change, the most asked first. */
  top: number;
  /** …and no more once this much computing (ms) has been spent on them. */
  budgetMs: number;
  /** Questions remembered; the least asked make room. */
  remember: number;
}

/**
 * Most answers warm again for a fraction of a millisecond (only the actors a change touched are
 * ranked again), so what limits warming is the computing it costs, not a count: a budget lets a team
 * whose meetings ask a hundred things have them all warm, and keeps a change at 1M sentences from
 * spending seconds of CPU on the long tail.
 */
const LIMITS: WarmerLimits = { top: 200, budgetMs: 250, remember: 500 };

/**
 * The answers asked most, computed again in the background after the corpus changes, so the first
 * person to ask once a new article has landed gets a warm answer. Warming takes its turns with the
 * chat commands (one answer per event-loop turn, after any acknowledgements), and stops when the
 * corpus changes again: the next warming covers the newer corpus.
 */
export class AnswerWarmer {
  private asked = new Map<string, Asked>();
  private readonly limits: WarmerLimits;

  constructor(
    private readonly turns: Turns,
    /** A context for the corpus as it is now, without this warmer (warming is not asking). */
    private readonly context: (limit: number) => CommandContext,
    limits: Partial<WarmerLimits> = {},
  ) {
    this.limits = { ...LIMITS, ...limits };
  }

  /** Counts one question; only commands whose answers are kept are worth warming. */
  record(def: CommandDef, args: CommandArgs, limit: number): void {
    if (!def.cached) return;
    const key = answerKey(def, args, limit);
    const seen = this.asked.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.asked.size >= this.limits.remember) {
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
    const most = [...this.asked.values()].sort((a, b) => b.count - a.count).slice(0, this.limits.top);
    let made = 0;
    let spent = 0;
    for (const a of most) {
      await this.turns.next();
      const ctx = this.context(a.limit);
      if (ctx.corpus.version !== version) break;
      const t = performance.now();
      await answerCommand(a.def, a.args, ctx);
      spent += performance.now() - t;
      made++;
      if (spent >= this.limits.budgetMs) break;
    }
    return made;
  }
}
