import type { CorpusIndex } from '../corpusIndex';
import { topK, type ScoredSentence } from '../search/rankedMentions';

export type { ScoredSentence } from '../search/rankedMentions';

/**
 * The k best mentions of a key (among `among`, when given) and how many there are. Without a topic
 * the kept ranking is read (see RankedMentions): the first question after a change costs a slice.
 */
export function rankedPositions(
  b: CorpusIndex,
  key: string,
  k: number,
  among?: Set<number>,
): { top: ScoredSentence[]; total: number } {
  const mentions = b.mentionsOf(key);
  if (!mentions) return { top: [], total: 0 };
  if (!among && k <= b.ranked.depth)
    return { top: b.ranked.get(key, () => mentions).slice(0, k), total: mentions.size };
  let total = 0;
  const top = topK(k, (offer) => {
    if (!among) {
      total = mentions.size;
      for (const [id, score] of mentions) offer(id, score);
    } else if (among.size < mentions.size) {
      for (const id of among) {
        const score = mentions.get(id);
        if (score !== undefined) {
          total++;
          offer(id, score);
        }
      }
    } else {
      for (const [id, score] of mentions)
        if (among.has(id)) {
          total++;
          offer(id, score);
        }
    }
  });
  return { top, total };
}
