/**
 * Work written as a generator of steps (it yields between pieces of a few milliseconds) can run in
 * slices on the event loop, or at once: this runs it at once.
 */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Work done in slices on the event loop: `pause()` gives the loop a turn once `sliceMs` of work has
 * run since the last pause, and returns at once otherwise.
 */
export class Slices {
  private since: number;

  constructor(
    private readonly sliceMs: number,
    private readonly turn: () => Promise<void>,
    /** The clock (a test's own, so that a slow machine's pauses do not count as work). */
    private readonly now = () => performance.now(),
  ) {
    this.since = now();
  }

  async pause(): Promise<void> {
    if (this.now() - this.since < this.sliceMs) return;
    await this.turn();
    this.since = this.now();
  }
}
