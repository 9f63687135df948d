import type { CorpusIndex } from '../corpusIndex';
import { foldPhrase, highlightRanges } from '../search/sentenceIndex';
import { checkQuery, collapseNearDuplicates, lineFor, tooLong } from './lines';
import { linesCut, problem, type Answer } from './model';

/** /search <words>: typo-tolerant, with lines holding the exact phrase first. */
export function searchAnswer(b: CorpusIndex, text: string | undefined, limit: number): Answer {
  const q = checkQuery(text);
  const query = (text ?? '').trim();
  if (!q.ok)
    return q.reason === 'empty'
      ? problem('search', query, 'usage', 'Usage: /search <words> — for example /search boots on the ground')
      : problem('search', query, 'error', tooLong(q.length));
  const hits = b.index.search(q.text);
  if (!hits.length) return problem('search', query, 'empty', `Nothing matches “${q.text}”.`);
  const phrase = foldPhrase(q.text);
  const max = hits.reduce((m, h) => Math.max(m, h.score), 0) || 1;
  // Only the best few hundred by relevance can reach the answer: re-rank and render those alone.
  const pool = hits.length > 300 ? [...hits].sort((a, c) => c.score - a.score).slice(0, 300) : hits;
  const ranked = pool
    .map((h) => {
      const s = b.sentence(h.id);
      const exact = phrase.includes(' ') && ` ${foldPhrase(s.text)} `.includes(` ${phrase} `);
      const headingPenalty = s.kind === 'heading' || s.kind === 'title' ? 0.1 : 0;
      return { h, score: h.score / max + (exact ? 1 : 0) - headingPenalty };
    })
    .sort((a, c) => c.score - a.score || a.h.id - c.h.id);
  const shown = collapseNearDuplicates(
    ranked.slice(0, Math.max(limit * 3, 30)).map(({ h, score }) => lineFor(b, h.id, score)),
    0.95,
    limit,
  );
  for (const l of shown) l.highlights = highlightRanges(l.text, pool.find((h) => h.id === l.id)!.terms);
  const total = hits.length;
  return {
    command: 'search',
    query,
    status: 'ok',
    title: `Search: ${q.text}`,
    summary: `${total} line${total === 1 ? '' : 's'}`,
    sections: [{ lines: shown }],
    total,
    more: linesCut(total, shown.length, 'add words to narrow the search'),
  };
}
