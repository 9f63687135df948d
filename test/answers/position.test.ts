import { rankedPositions } from '../../src/answers/ranked';
import type { CorpusIndex } from '../../src/corpusIndex';
import { RankedMentions } from '../../src/search/rankedMentions';

/** A briefing reduced to what ranking reads: one key's mentions, and the rankings it keeps. */
function withMentions(m: Map<number, number>): CorpusIndex {
  return {
    mentionsOf: (key: string) => (key === 'k' ? m : undefined),
    ranked: new RankedMentions(200, 10),
  } as unknown as CorpusIndex;
}

describe('rankedPositions', () => {
  // Deterministic scores with many ties, so the id order of ties is exercised too.
  const mentions = new Map(Array.from({ length: 5000 }, (_, i) => [i * 3, ((i * 7919) % 97) / 10] as [number, number]));
  const fullSort = (ids: Iterable<[number, number]>) =>
    [...ids].map(([id, score]) => ({ id, score })).sort((x, y) => y.score - x.score || x.id - y.id);

  test('the k best, in order, equal the head of a full sort; the total counts them all', () => {
    // Within the kept depth (read from the kept ranking) and beyond it (ranked on the spot).
    for (const k of [100, 200, 700]) {
      const r = rankedPositions(withMentions(mentions), 'k', k);
      expect(r.total).toBe(5000);
      expect(r.top).toEqual(fullSort(mentions).slice(0, k));
    }
  });

  test('restricted to a set, from whichever side is smaller', () => {
    const small = new Set([3, 6, 9, 1, 30000, 14997]);
    const big = new Set(Array.from({ length: 20000 }, (_, i) => i));
    for (const among of [small, big]) {
      const expected = fullSort([...mentions].filter(([id]) => among.has(id)));
      const r = rankedPositions(withMentions(mentions), 'k', 50, among);
      expect(r.total).toBe(expected.length);
      expect(r.top).toEqual(expected.slice(0, 50));
    }
    expect(rankedPositions(withMentions(mentions), 'other', 5)).toEqual({ top: [], total: 0 });
  });
});
