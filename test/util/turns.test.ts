import { Turns } from '../../src/util/turns';

const immediate = () => new Promise<void>((r) => setImmediate(r));

describe('Turns: answers after the acknowledgements, one per event-loop turn', () => {
  it('gives turns in arrival order', async () => {
    const turns = new Turns();
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => turns.next().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(turns.busy).toBe(false);
  });

  it('holds every answer while commands keep arriving, then answers them all', async () => {
    // A clock of the test's own: only the arrivals move it, so a pause of the machine is not quiet.
    let clock = 0;
    const turns = new Turns(5, 60_000, () => clock);
    const answered: number[] = [];
    // A command arrives on each of 20 turns, one millisecond apart, as requests read one poll phase after another.
    for (let i = 0; i < 20; i++) {
      const n = i;
      clock += 1;
      void turns.next().then(() => answered.push(n));
      expect(turns.busy).toBe(true);
      await immediate();
      await new Promise((r) => setTimeout(r, 2));
      // Nothing is answered while arrivals are less than the quiet time apart.
      expect(answered).toEqual([]);
    }
    clock += 5;
    while (answered.length < 20) await immediate();
    expect(answered).toEqual([...Array(20).keys()]);
    expect(turns.busy).toBe(false);
  });
});
