import { LruCache } from '../util/lruCache';

export interface ScoredSentence {
  id: number;
  score: number;
}

/** Before `b` in an answer: a higher score, then the earlier sentence. */
export const better = (a: ScoredSentence, b: ScoredSentence) =>
  a.score > b.score || (a.score === b.score && a.id < b.id);

/**
 * The k best of (id, score) pairs, best first, without sorting them all: at 1M sentences an actor
 * like the US has 100k mentions, and a full sort cost 100 ms on the first question. A k-sized heap
 * keeps it to one pass, and a candidate is made an object only when it enters the heap.
 */
export function topK(k: number, each: (offer: (id: number, score: number) => void) => void): ScoredSentence[] {
  const heap: ScoredSentence[] = []; // worst of the kept at heap[0]
  each((id, score) => {
    if (heap.length < k) {
      heap.push({ id, score });
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!better(heap[p]!, heap[i]!)) break;
        [heap[p], heap[i]] = [heap[i]!, heap[p]!];
        i = p;
      }
      return;
    }
    const worst = heap[0]!;
    if (!(score > worst.score || (score === worst.score && id < worst.id))) return;
    heap[0] = { id, score };
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
  });
  return heap.sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0));
}

/**
 * Each asked-about key's best mentions, kept up to date as documents come and go, so the first
 * /position after a change does not read every mention of a big actor again: a new document's
 * mentions are merged in (only they are ranked), a removed one's taken out. A list that loses one
 * of its lines while it held only the best `depth` is dropped and ranked again when next asked.
 */
export class RankedMentions {
  private lists: LruCache<{ items: ScoredSentence[]; version: number }>;
  private stamp = 0;

  constructor(
    readonly depth: number,
    maxKeys: number,
  ) {
    this.lists = new LruCache(maxKeys);
  }

  /** The best `depth` mentions of a key, best first (ranked from `all` when not kept). */
  get(key: string, all: () => ReadonlyMap<number, number>): readonly ScoredSentence[] {
    return this.lists.remember(key, () => ({
      version: ++this.stamp,
      items: topK(this.depth, (offer) => {
        for (const [id, score] of all()) offer(id, score);
      }),
    })).items;
  }

  /**
   * Changes whenever the key's kept list does (a new mention among the best, one removed, the list
   * ranked again): what is derived from the list alone can be kept while it stays the same.
   */
  versionOf(key: string): number | undefined {
    return this.lists.peek(key)?.version;
  }

  added(key: string, id: number, score: number): void {
    const list = this.lists.peek(key);
    if (!list) return;
    const items = list.items;
    const c = { id, score };
    if (items.length >= this.depth && !better(c, items[items.length - 1]!)) return;
    let at = items.length;
    while (at > 0 && better(c, items[at - 1]!)) at--;
    items.splice(at, 0, c);
    if (items.length > this.depth) items.pop();
    list.version = ++this.stamp;
  }

  removed(key: string, ids: ReadonlySet<number>): void {
    const list = this.lists.peek(key);
    if (!list || !list.items.some((x) => ids.has(x.id))) return;
    // A full list cannot know what comes after its last line: rank again when asked.
    if (list.items.length >= this.depth) this.lists.delete(key);
    else this.lists.set(key, { items: list.items.filter((x) => !ids.has(x.id)), version: ++this.stamp });
  }
}
