/**
 * Answers computed one at a time, in arrival order, after the acknowledgements.
 *
 * Fifty commands often arrive together (a Slack burst, a gateway frame carrying many interactions).
 * Answered as they are parsed, the last acknowledgement waits until every answer before it is
 * computed — past Slack's 3-second deadline when some are cold. So the acknowledgements go first:
 * an answer waits while requests are still arriving (no arrival for QUIET_MS, or the oldest has been
 * held MAX_HOLD_MS), and then they are taken one per event-loop turn, so that requests arriving
 * meanwhile are read and acknowledged between two answers. A lone command pays about a millisecond.
 */
const QUIET_MS = 1;
const MAX_HOLD_MS = 100;

export class Turns {
  private waiting: Array<{ at: number; go: () => void }> = [];
  private scheduled = false;
  private lastArrival = -Infinity;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxHoldMs = MAX_HOLD_MS,
    /** The clock (a test's own, so that a slow machine's pauses do not count as quiet). */
    private readonly now = () => performance.now(),
  ) {}

  /** Someone is computing or waiting to: a command arriving now will not be answered at once. */
  get busy(): boolean {
    return this.scheduled;
  }

  /** Resolves on this caller's turn. */
  next(): Promise<void> {
    return new Promise((go) => {
      const at = this.now();
      this.lastArrival = at;
      this.waiting.push({ at, go });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.take);
      }
    });
  }

  private take = () => {
    const now = this.now();
    const head = this.waiting[0];
    if (head && now - this.lastArrival < this.quietMs && now - head.at < this.maxHoldMs) {
      setTimeout(this.take, 1);
      return;
    }
    this.waiting.shift()?.go();
    // An immediate queued from an immediate runs on the following turn, after that turn's poll phase.
    if (this.waiting.length) setImmediate(this.take);
    else this.scheduled = false;
  };
}
