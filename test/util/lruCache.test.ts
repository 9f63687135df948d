import { LruCache } from '../../src/util/lruCache';

describe('LruCache', () => {
  test('keeps at most max entries, dropping the least recently used', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.size]).toEqual([1, 3, 2]);
  });

  test('remember computes once per key until cleared', () => {
    const c = new LruCache<string[]>(4);
    let calls = 0;
    const f = () => (calls++, ['x']);
    expect(c.remember('k', f)).toBe(c.remember('k', f));
    expect(calls).toBe(1);
    c.clear();
    c.remember('k', f);
    expect(calls).toBe(2);
  });
});
