/**
 * How text becomes search terms. Stop words are dropped (the largest single lever on MiniSearch's
 * slow tail, per our measurements), "U.K." becomes "uk", accents fold, and a possessive "’s" goes.
 */
export const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself s t d ll m o re ve y also`.split(/\s+/),
);

const WORD_RE = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+/gu;

export function tokenizeForSearch(text: string): string[] {
  return text.match(WORD_RE) ?? [];
}

const PLAIN = /^[A-Za-z0-9]*$/;

export function normalizeTerm(term: string): string | null {
  // Plain ASCII words (most of them) have nothing to fold: Unicode normalisation cost 6% of indexing.
  const t = PLAIN.test(term)
    ? term.toLowerCase()
    : term.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase();
  if (!t || STOP_WORDS.has(t)) return null;
  return t;
}

/** Terms with their offsets in the text, for highlighting. */
export function termSpans(text: string): Array<{ term: string; start: number; end: number }> {
  const out: Array<{ term: string; start: number; end: number }> = [];
  for (const m of text.matchAll(WORD_RE)) {
    const term = normalizeTerm(m[0]);
    if (term) out.push({ term, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}
