import { drain, Slices } from '../../src/util/steps';

describe('steps', () => {
  test('drain runs every step and returns the result', () => {
    let ran = 0;
    function* work(): Generator<void, number> {
      for (let i = 0; i < 5; i++) {
        ran++;
        yield;
      }
      return 42;
    }
    expect(drain(work())).toBe(42);
    expect(ran).toBe(5);
  });

  test('Slices gives the loop a turn only once a slice of work has run', async () => {
    let turns = 0;
    const slices = new Slices(5, async () => {
      turns++;
    });
    await slices.pause();
    expect(turns).toBe(0);
    const until = performance.now() + 6;
    while (performance.now() < until); // a slice's worth of work
    await slices.pause();
    expect(turns).toBe(1);
    await slices.pause();
    expect(turns).toBe(1);
  });
});
