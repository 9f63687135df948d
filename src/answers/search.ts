import type { Briefing } from '../briefing';
import { foldPhrase, highlightRanges } from '../search/sentenceIndex';
import { checkQuery, collapseNearDuplicates, lineFor, tooLong } from './lines';
import { problem, type Answer } from './model';

/** /search <words>: typo-tolerant, with lines holding the exact phrase first. */
export function searchAnswer(b: Briefing, text: string | undefined, limit: number): Answer {
  const q = checkQuery(text);
  const query = (text ?? '').trim();
  if (!q.ok) return q.reason === 'empty' ? problem('search', query, 'usage', 'Usage: /search <words> — for example /search boots on the ground') : problem('search', query, 'error', tooLong(q.length));
  const hits = b.index.search(q.text);
  if (!hits.length) return problem('search', query, 'empty', `Nothing matches “${q.text}”.`);
  const phrase = foldPhrase(q.text);
  const max = hits.reduce((m, h) => Math.max(m, h.score), 0) || 1;
  const ranked = hits
    .map((h) => {
      const s = b.sentence(h.id);
      const exact = phrase.includes(' ') && ` ${foldPhrase(s.text)} `.includes(` ${phrase} `);
      const headingPenalty = s.kind === 'heading' || s.kind === 'title' ? 0.1 : 0;
      return { h, score: h.score / max + (exact ? 1 : 0) - headingPenalty };
    })
    .sort((a, c) => c.score - a.score || a.h.id - c.h.id);
  const lines = collapseNearDuplicates(ranked.map(({ h, score }) => lineFor(b, h.id, score, { highlights: highlightRanges(b.sentence(h.id).text, h.terms) })), 0.95);
  return { command: 'search', query, status: 'ok', title: `Search: ${q.text}`, summary: `${lines.length} line${lines.length === 1 ? '' : 's'}`, sections: [{ lines: lines.slice(0, limit) }], total: lines.length };
}
