import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Sentence } from '../corpus/types';
import { normalizeTerm, termSpans, tokenizeForSearch } from './terms';

export interface Hit {
  id: number;
  score: number;
  /** The indexed terms that matched, for highlighting. */
  terms: string[];
}

interface Doc {
  id: number;
  text: string;
}

/** MiniSearch settings: changing them invalidates saved snapshots, so they live in one place. */
export const INDEX_OPTIONS: Options<Doc> = {
  fields: ['text'],
  storeFields: [],
  tokenize: tokenizeForSearch,
  processTerm: (t) => normalizeTerm(t),
};

/** Typos are forgiven on longer words only: fuzzy short words match half the vocabulary ("them" → "the"). */
const fuzzy = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);

/**
 * The full-text index over sentences. Sentence texts stay in the corpus; the index holds ids only.
 */
export class SentenceIndex {
  private ms = new MiniSearch<Doc>(INDEX_OPTIONS);

  addAll(sentences: Sentence[]) {
    this.ms.addAll(sentences.filter(indexable).map((s) => ({ id: s.id, text: s.text })));
  }

  discardAll(ids: number[]) {
    for (const id of ids) if (this.ms.has(id)) this.ms.discard(id);
  }

  get size() {
    return this.ms.documentCount;
  }

  toJS(): unknown {
    return this.ms.toJSON();
  }

  /** Restores an index saved by toJS(); the settings must be the ones it was built with. */
  load(js: unknown) {
    this.ms = MiniSearch.loadJS(js as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
  }

  /**
   * Every word must match (exactly, by prefix for the last, or with a typo); falls back to any word.
   * `exact`: every word exactly, nothing else (finding the sentences that name someone).
   */
  search(query: string, filter?: (id: number) => boolean, exact = false): Hit[] {
    const terms = tokenizeForSearch(query).map(normalizeTerm).filter((t): t is string => !!t);
    if (!terms.length) return [];
    if (exact) return this.ms.search(terms.join(' '), { combineWith: 'AND', prefix: false, fuzzy: false }).map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
    const opts: SearchOptions = {
      prefix: (term, i, all) => i === all.length - 1 && term.length >= 3,
      fuzzy: (term) => fuzzy(term),
      maxFuzzy: 2,
      weights: { fuzzy: 0.3, prefix: 0.6 },
      filter: filter ? (r) => filter(r.id as number) : undefined,
    };
    let results = this.ms.search(query, { ...opts, combineWith: 'AND' });
    if (!results.length && terms.length > 1) results = this.ms.search(query, { ...opts, combineWith: 'OR' });
    return results.map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
  }
}

export function indexable(s: Sentence): boolean {
  return s.kind !== 'furniture';
}

/** Character ranges of the words in `text` that match any of `terms`. */
export function highlightRanges(text: string, terms: string[]): Array<[number, number]> {
  const set = new Set(terms);
  return termSpans(text).filter((t) => set.has(t.term)).map((t) => [t.start, t.end] as [number, number]);
}

/** Folds quotes and case so that a phrase query finds the line whatever its typography. */
export function foldPhrase(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
}
