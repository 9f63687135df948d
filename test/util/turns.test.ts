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
    // Generous quiet and hold times: a slow machine's turns are still far shorter.
    const turns = new Turns(50, 60_000);
    const answered: number[] = [];
    let arrived = 0;
    // A command arrives on each of 20 turns, as requests read one poll phase after another.
    for (let i = 0; i < 20; i++) {
      const n = i;
      arrived++;
      void turns.next().then(() => answered.push(n));
      expect(turns.busy).toBe(true);
      await immediate();
      // Nothing is answered while the next arrival is less than a turn away.
      if (arrived < 20) expect(answered).toEqual([]);
    }
    while (answered.length < 20) await immediate();
    expect(answered).toEqual([...Array(20).keys()]);
  });
});
