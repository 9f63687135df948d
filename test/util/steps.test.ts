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
    let clock = 0;
    let turns = 0;
    const slices = new Slices(
      5,
      async () => {
        turns++;
      },
      () => clock,
    );
    clock = 4;
    await slices.pause();
    expect(turns).toBe(0);
    clock = 6; // a slice's worth of work
    await slices.pause();
    expect(turns).toBe(1);
    clock = 10; // the next slice began at 6
    await slices.pause();
    expect(turns).toBe(1);
    clock = 11;
    await slices.pause();
    expect(turns).toBe(2);
  });
});
