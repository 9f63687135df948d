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
 * A word in at least this many sentences is a word of the corpus, not a typo, and is matched as
 * written: "peace" must not bring "place". A one-off misspelling in an article does not count.
 */
const KNOWN_WORD_SENTENCES = 2;

/** See commonTerms(): a word in more than this share of sentences only filters a query. */
const COMMON_SHARE = 0.05;
/** Below this many sentences every query is fast: keep exact scoring. */
const COMMON_MIN_SENTENCES = 5_000;

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

  /**
   * The index as structured-clonable data for a snapshot. MiniSearch's own JSON turns every Map into
   * an object and back, which at 100k sentences cost about 1.4 s of a 1.8 s start; its Maps as they
   * are clone in a fifth of that. When the internals are not what this code knows, the JSON is used.
   */
  toState(): IndexState {
    const m = internals(this.ms);
    if (!m) return { kind: 'json', js: this.ms.toJSON() };
    return {
      kind: 'maps',
      tree: m._index._tree,
      documentCount: m._documentCount,
      nextId: m._nextId,
      documentIds: m._documentIds,
      fieldIds: m._fieldIds,
      fieldLength: m._fieldLength,
      avgFieldLength: m._avgFieldLength,
      dirtCount: m._dirtCount,
    };
  }

  /** Restores an index saved by toState(); the settings must be the ones it was built with. */
  load(state: IndexState) {
    if (state.kind === 'json') {
      this.ms = MiniSearch.loadJS(state.js as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
      return;
    }
    const ms = new MiniSearch<Doc>(INDEX_OPTIONS);
    const m = internals(ms);
    if (!m || !isMap(state.tree) || !isMap(state.documentIds) || !isMap(state.fieldLength)) throw new Error('index state does not fit this MiniSearch');
    const SearchableMap = m._index.constructor as new (tree: Map<string, unknown>) => MiniSearchInternals['_index'];
    m._index = new SearchableMap(state.tree);
    m._documentCount = state.documentCount;
    m._nextId = state.nextId;
    m._documentIds = state.documentIds;
    const toShort = new Map<unknown, number>();
    for (const [short, id] of state.documentIds) toShort.set(id, short);
    m._idToShortId = toShort;
    m._fieldIds = state.fieldIds;
    m._fieldLength = state.fieldLength;
    m._avgFieldLength = state.avgFieldLength;
    m._dirtCount = state.dirtCount;
    if (ms.documentCount !== state.documentIds.size) throw new Error('index state is inconsistent');
    this.ms = ms;
  }

  /**
   * Every word must match (exactly, by prefix for the last, or with a typo); falls back to any word.
   * `exact`: every word exactly, nothing else (finding the sentences that name someone).
   */
  search(query: string, filter?: (id: number) => boolean, exact = false): Hit[] {
    const terms = queryTerms(query);
    if (!terms.length) return [];
    if (exact) return this.ms.search(terms.join(' '), { combineWith: 'AND', prefix: false, fuzzy: false }).map(toHit);
    const last = terms[terms.length - 1]!;
    const opts: SearchOptions = {
      prefix: (term) => term === last && term.length >= 3,
      fuzzy: (term) => this.typoAllowance(term),
      maxFuzzy: 2,
      weights: { fuzzy: 0.3, prefix: 0.6 },
      filter: filter ? (r) => filter(r.id as number) : undefined,
    };
    const common = this.commonTerms(terms);
    let results = common
      ? this.ms.search(common.rare.join(' '), { ...opts, combineWith: 'AND', filter: (r) => common.holdsAll(r.id as number) && (!filter || filter(r.id as number)) })
      : this.ms.search(query, { ...opts, combineWith: 'AND' });
    if (!results.length && terms.length > 1) results = this.ms.search(query, { ...opts, combineWith: 'OR' });
    return results.map(toHit);
  }

  /**
   * Words in more than COMMON_SHARE of the sentences ("said", "year") are most of the cost of a query
   * and almost none of its ranking (their weight is tiny). Like Lucene's common-terms query, the
   * rare words are searched and scored; the common ones only filter, by a look-up in their postings.
   * Undefined when no word is common, or when every word is.
   */
  private commonTerms(terms: string[]): { rare: string[]; holdsAll: (id: number) => boolean } | undefined {
    const m = internals(this.ms);
    if (!m || m._documentCount < COMMON_MIN_SENTENCES) return undefined;
    const limit = m._documentCount * COMMON_SHARE;
    const common: Array<Map<unknown, number>> = [];
    const rare: string[] = [];
    for (const t of new Set(terms)) {
      const docs = m._index.get(t)?.get(m._fieldIds.text!);
      if (docs && docs.size > limit) common.push(docs);
      else rare.push(t);
    }
    if (!common.length || !rare.length) return undefined;
    return {
      rare,
      holdsAll: (id) => {
        const short = m._idToShortId.get(id);
        return short !== undefined && common.every((docs) => docs.has(short));
      },
    };
  }

  /**
   * The sentences about a topic ("/position UK sanctions"): every word, its longer forms when it has
   * five letters or more ("sanction" → "sanctions", never "war" → "warm"), a typo only for a word the
   * corpus does not know. A set, unranked: the caller ranks by its own score.
   */
  matching(topic: string): Set<number> {
    const terms = queryTerms(topic);
    if (!terms.length) return new Set();
    const m = internals(this.ms);
    if (!m) {
      const results = this.ms.search(terms.join(' '), { combineWith: 'AND', prefix: (t) => t.length >= 5, fuzzy: (t) => this.typoAllowance(t), maxFuzzy: 2 });
      return new Set(results.map((r) => r.id as number));
    }
    // Straight from the postings: scoring and sorting every hit, as a search does, cost 30-70 ms at 1M.
    const field = m._fieldIds.text!;
    const perTerm = terms.map((t) => {
      const variants: Array<Map<number, Map<unknown, number>>> = [];
      const exact = m._index.get(t);
      if (exact) variants.push(exact);
      if (t.length >= 5) m._index.atPrefix(t).forEach((key, v) => key !== t && variants.push(v));
      const typos = this.typoAllowance(t);
      if (typos) for (const [key, [v]] of m._index.fuzzyGet(t, typos)) if (key !== t) variants.push(v);
      const shorts = new Set<unknown>();
      for (const v of variants) for (const short of v.get(field)?.keys() ?? []) shorts.add(short);
      return shorts;
    });
    perTerm.sort((a, c) => a.size - c.size);
    const out = new Set<number>();
    for (const short of perTerm[0]!) {
      if (!perTerm.every((set) => set.has(short))) continue;
      const id = m._documentIds.get(short as number);
      if (id !== undefined) out.add(id as number);
    }
    return out;
  }

  /** How many letters a query word may be off by: none for a word the corpus already has. */
  private typoAllowance(term: string): number {
    const m = internals(this.ms);
    // MiniSearch keeps its term tree private; should a release change it, typos are simply forgiven everywhere.
    if (!m) return fuzzy(term);
    let sentences = 0;
    for (const docs of m._index.get(term)?.values() ?? []) sentences += docs.size;
    return sentences >= KNOWN_WORD_SENTENCES ? 0 : fuzzy(term);
  }
}

export type IndexState =
  | { kind: 'json'; js: unknown }
  | {
      kind: 'maps';
      tree: Map<string, unknown>;
      documentCount: number;
      nextId: number;
      documentIds: Map<number, unknown>;
      fieldIds: Record<string, number>;
      fieldLength: Map<number, number[]>;
      avgFieldLength: number[];
      dirtCount: number;
    };

/** The fields of a MiniSearch instance that hold its index (MiniSearch 7). */
interface MiniSearchInternals {
  /** The term tree: term → field id → short document id → frequency. */
  _index: {
    _tree: Map<string, unknown>;
    get(term: string): Map<number, Map<unknown, number>> | undefined;
    atPrefix(prefix: string): { forEach(fn: (key: string, value: Map<number, Map<unknown, number>>) => void): void };
    fuzzyGet(term: string, distance: number): Map<string, [Map<number, Map<unknown, number>>, number]>;
  };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _dirtCount: number;
}

/** A Map from any realm: a deserialised snapshot's Maps are not instances of a test sandbox's Map. */
function isMap(x: unknown): x is Map<unknown, unknown> {
  return Object.prototype.toString.call(x) === '[object Map]';
}

/** MiniSearch's private index fields, if they have the shape this code was written against. */
function internals(ms: MiniSearch<Doc>): MiniSearchInternals | undefined {
  const m = ms as unknown as Partial<MiniSearchInternals>;
  const ok =
    isMap(m._index?._tree) &&
    typeof m._index.get === 'function' &&
    typeof m._index.atPrefix === 'function' &&
    typeof m._index.fuzzyGet === 'function' &&
    isMap(m._documentIds) &&
    isMap(m._idToShortId) &&
    isMap(m._fieldLength) &&
    Array.isArray(m._avgFieldLength) &&
    typeof m._documentCount === 'number' &&
    typeof m._nextId === 'number' &&
    typeof m._dirtCount === 'number' &&
    typeof m._fieldIds === 'object';
  return ok ? (m as MiniSearchInternals) : undefined;
}

function queryTerms(query: string): string[] {
  return tokenizeForSearch(query).map(normalizeTerm).filter((t): t is string => !!t);
}

function toHit(r: { id: unknown; score: number; terms: string[] }): Hit {
  return { id: r.id as number, score: r.score, terms: r.terms };
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
