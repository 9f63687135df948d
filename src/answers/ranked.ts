import type { CorpusIndex } from '../corpusIndex';

export interface ScoredSentence {
  id: number;
  score: number;
}

/** Before `b` in the answer: a higher score, then the earlier sentence. */
const better = (a: ScoredSentence, b: ScoredSentence) => a.score > b.score || (a.score === b.score && a.id < b.id);

/**
 * The k best mentions of a key (among `among`, when given) and how many there are, without sorting
 * them all: at 1M sentences an actor like the US has 100k mentions, and a full sort cost 100 ms on
 * the first question. A k-sized heap keeps the first answer to one pass over the smaller set.
 */
export function rankedPositions(
  b: CorpusIndex,
  key: string,
  k: number,
  among?: Set<number>,
): { top: ScoredSentence[]; total: number } {
  const mentions = b.mentionsOf(key);
  if (!mentions) return { top: [], total: 0 };
  const heap: ScoredSentence[] = []; // worst of the kept at heap[0]
  let total = 0;
  const offer = (id: number, score: number) => {
    total++;
    const c = { id, score };
    if (heap.length < k) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!better(heap[p]!, heap[i]!)) break;
        [heap[p], heap[i]] = [heap[i]!, heap[p]!];
        i = p;
      }
    } else if (better(c, heap[0]!)) {
      heap[0] = c;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let w = i;
        if (l < heap.length && better(heap[w]!, heap[l]!)) w = l;
        if (r < heap.length && better(heap[w]!, heap[r]!)) w = r;
        if (w === i) break;
        [heap[w], heap[i]] = [heap[i]!, heap[w]!];
        i = w;
      }
    }
  };
  if (among && among.size < mentions.size) {
    for (const id of among) {
      const score = mentions.get(id);
      if (score !== undefined) offer(id, score);
    }
  } else {
    for (const [id, score] of mentions) if (!among || among.has(id)) offer(id, score);
  }
  return { top: heap.sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0)), total };
}
