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
