import { personKey, wordKey } from '../actors/keys';
import type { CorpusIndex } from '../corpusIndex';
import type { Quote } from '../quotes/attribute';
import { foldPhrase } from '../search/sentenceIndex';
import { STANCE_CUES } from '../text/lexicon';
import { checkQuery, collapseNearDuplicates, lineFor, tooLong } from './lines';
import { linesCut, problem, whichOne, type Answer } from './model';

const RULE_CONFIDENCE: Record<NonNullable<Quote['rule']>, number> = {
  after: 1,
  before: 0.9,
  according: 0.85,
  subject: 0.75,
  continued: 0.7,
};

/**
 * How much a quote is worth showing first: a confident attribution, then substance — a full
 * statement over a two-word fragment, words that commit or refuse ("will", "never", "ready") — then,
 * among equals, the newer document (up to half a point across the speaker's own date range).
 */
function quoteScore(q: Quote, recency: number): number {
  const words = q.text.split(/\s+/);
  const cues = words.reduce((n, w) => n + (STANCE_CUES.has(w.toLowerCase().replace(/[^\p{L}']/gu, '')) ? 1 : 0), 0);
  const substance = Math.min(words.length, 30) / 15 + Math.min(cues, 3) * 0.25 - (words.length < 4 ? 0.5 : 0);
  return (q.rule ? RULE_CONFIDENCE[q.rule] : 0.3) * 2 + substance + recency * 0.5;
}

/** Each quote's place in time among these (0 oldest … 1 newest), from its document's date. */
function recencyOf(b: CorpusIndex, quotes: Quote[]): (q: Quote) => number {
  const when = (q: Quote) => Date.parse(b.document(q.doc)?.date ?? '') || 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const q of quotes) {
    const t = when(q);
    if (!t) continue;
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  return (q) => (hi > lo && when(q) ? (when(q) - lo) / (hi - lo) : 0);
}

/** /quotes <speaker or words> */
export function quotesAnswer(b: CorpusIndex, text: string | undefined, limit: number): Answer {
  const q = checkQuery(text);
  const query = (text ?? '').trim();
  if (!q.ok)
    return q.reason === 'empty'
      ? problem(
          'quotes',
          query,
          'usage',
          'Usage: /quotes <speaker or words> — for example /quotes Trump or /quotes boots on the ground',
        )
      : problem('quotes', query, 'error', tooLong(q.length));
  const resolved = b.knowledge.resolve(q.text);
  const shared = resolved ? [] : b.knowledge.sharedBy(q.text);
  if (shared.length) return whichOne('quotes', query, q.text, shared);
  let picked: Quote[] = [];
  let title: string;
  let actor: Answer['actor'] = null;
  if (resolved?.type === 'person') {
    picked = b.quotesBySpeaker.get(personKey(resolved.person.id)) ?? [];
    title = `Quotes: ${resolved.person.name}`;
    actor = { name: resolved.person.name, aliases: resolved.person.aliases };
  } else if (resolved?.type === 'actor') {
    picked = b.quotesBySpeaker.get(resolved.actor.id) ?? [];
    title = `Quotes: people speaking for ${resolved.actor.name}`;
    actor = { name: resolved.actor.name, aliases: resolved.actor.aliases };
  } else {
    const needle = foldPhrase(q.text);
    // A speaker the corpus names without a known link ("Dmytro", "one official"), else words inside quotes.
    picked = b.quotesBySpeaker.get(wordKey(needle)) ?? [];
    title = `Quotes: ${q.text}`;
    if (!picked.length) {
      const words = needle.split(' ').filter(Boolean);
      // Words inside quotes: the search index narrows to sentences holding them, then the quote itself must.
      const inQuotes = b.index.search(q.text, (id) => b.quotesBySentence.has(id), true);
      picked = inQuotes
        .flatMap((h) => b.quotesBySentence.get(h.id) ?? [])
        .filter((x) => {
          const f = ` ${foldPhrase(x.text)} `;
          return words.every((w) => f.includes(` ${w}`));
        });
      title = `Quotes containing “${q.text}”`;
    }
  }
  if (!picked.length) {
    const suggestions = resolved ? [] : b.knowledge.suggest(q.text);
    const who =
      resolved?.type === 'person'
        ? resolved.person.name
        : resolved?.type === 'actor'
          ? resolved.actor.name
          : `“${q.text}”`;
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `“${s}”`).join(', ')}?` : '';
    return problem('quotes', query, 'empty', `No direct quotes from or containing ${who} were found.${hint}`, {
      suggestions,
      actor,
    });
  }
  const recency = recencyOf(b, picked);
  const ranked = picked
    .map((x) => ({ x, score: quoteScore(x, recency(x)) }))
    .sort((a, b2) => b2.score - a.score || b.sentence(a.x.sentenceId).id - b.sentence(b2.x.sentenceId).id);
  // Collapsing compares each line with every kept one: only as far as the answer shows. The total
  // counts distinct quotations (a syndicated copy is one), which is linear however prolific the speaker.
  const lines = collapseNearDuplicates(
    ranked.map(({ x, score }) =>
      lineFor(b, x.sentenceId, score, { quote: x.text, speaker: x.speaker?.name ?? 'unattributed' }),
    ),
    0.8,
    limit,
  );
  const total = Math.max(lines.length, new Set(picked.map((x) => `${x.speaker?.name ?? ''}\u0000${x.text}`)).size);
  return {
    command: 'quotes',
    query,
    status: 'ok',
    title,
    actor,
    summary: `${total} quote${total === 1 ? '' : 's'}`,
    sections: [{ lines }],
    total,
    more: linesCut(total, lines.length),
  };
}
