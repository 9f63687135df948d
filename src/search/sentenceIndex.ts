import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Sentence } from '../corpus/types';
import { stateFromFrames, type IndexState } from './indexFrames';
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

/** Postings of one term: field id → short document id → term frequency. */
type Postings = Map<number, Map<number, number>>;

/**
 * MiniSearch with typed access to the index it keeps (its fields are `protected` in 7.x): the
 * snapshot clones its Maps instead of its JSON, and topic and common-word look-ups read postings
 * straight from the term tree. The MiniSearch version is part of the snapshot fingerprint, so a
 * snapshot is only ever restored into the release that wrote it.
 */
export class SentenceSearch extends MiniSearch<Doc> {
  constructor() {
    super(INDEX_OPTIONS);
  }

  get textField(): number {
    return this._fieldIds.text!;
  }

  postings(term: string): Postings | undefined {
    return this._index.get(term);
  }

  /** Postings of the longer terms that start with `prefix` (itself excluded). */
  longerForms(prefix: string): Postings[] {
    const out: Postings[] = [];
    this._index.atPrefix(prefix).forEach((key, v) => key !== prefix && out.push(v));
    return out;
  }

  /** Postings of the terms within `distance` edits of `term` (itself excluded). */
  nearForms(term: string, distance: number): Postings[] {
    const out: Postings[] = [];
    for (const [key, [v]] of this._index.fuzzyGet(term, distance)) if (key !== term) out.push(v);
    return out;
  }

  shortIdOf(id: number): number | undefined {
    return this._idToShortId.get(id);
  }

  /** Nothing was ever added: `addFresh` may build it. */
  get fresh(): boolean {
    return this._nextId === 0 && this._documentCount === 0;
  }

  idOfShort(short: number): number | undefined {
    return this._documentIds.get(short) as number | undefined;
  }

  exportState(): IndexState {
    return {
      tree: this._index._tree as Map<string, unknown>,
      documentCount: this._documentCount,
      nextId: this._nextId,
      documentIds: this._documentIds as Map<number, unknown>,
      fieldIds: this._fieldIds,
      fieldLength: this._fieldLength,
      avgFieldLength: this._avgFieldLength,
      dirtCount: this._dirtCount,
    };
  }

  /**
   * Adds documents to an empty index in one go, making the index `add` would make one document at a
   * time (every Map in the same order: tested): each term's postings are gathered in a plain Map,
   * then each distinct term goes into the radix tree once. `add` walks the tree once per word, which
   * made the search index the slowest part of a first build (2.3 s at 100k sentences on one thread).
   */
  addFresh(ids: ArrayLike<number>, texts: readonly string[]): void {
    if (this._nextId !== 0 || this._documentCount !== 0) throw new Error('addFresh needs an empty index');
    const fieldId = this._fieldIds.text!;
    const terms = new Map<string, Map<number, number>>();
    let avg = 0;
    for (let short = 0; short < texts.length; short++) {
      const id = ids[short]!;
      if (this._idToShortId.has(id)) {
        // Left empty, as it was, rather than half-filled.
        this._idToShortId.clear();
        this._documentIds.clear();
        this._fieldLength.clear();
        throw new Error(`MiniSearch: duplicate ID ${id}`);
      }
      this._idToShortId.set(id, short);
      this._documentIds.set(short, id);
      const tokens = tokenizeForSearch(texts[short]!);
      // As MiniSearch counts a field's length: distinct words as written, before processing.
      const length = new Set(tokens).size;
      const lengths: number[] = [];
      lengths[fieldId] = length;
      this._fieldLength.set(short, lengths);
      avg = (avg * short + length) / (short + 1);
      for (const token of tokens) {
        const term = normalizeTerm(token);
        if (!term) continue;
        const docs = terms.get(term);
        if (!docs) terms.set(term, new Map([[short, 1]]));
        else docs.set(short, (docs.get(short) ?? 0) + 1);
      }
    }
    for (const [term, docs] of terms) this._index.set(term, new Map([[fieldId, docs]]));
    this._documentCount = this._nextId = texts.length;
    if (texts.length) this._avgFieldLength[fieldId] = avg;
  }

  static fromState(state: IndexState, idToShort?: Map<unknown, number>): SentenceSearch {
    if (!isMap(state.tree) || !isMap(state.documentIds) || !isMap(state.fieldLength))
      throw new Error('index state does not fit this MiniSearch');
    const ms = new SentenceSearch();
    const SearchableMap = ms._index.constructor as new (tree: Map<string, unknown>) => SentenceSearch['_index'];
    ms._index = new SearchableMap(state.tree);
    ms._documentCount = state.documentCount;
    ms._nextId = state.nextId;
    ms._documentIds = state.documentIds;
    let toShort = idToShort;
    if (!toShort) {
      toShort = new Map<unknown, number>();
      for (const [short, id] of state.documentIds) toShort.set(id, short);
    }
    ms._idToShortId = toShort;
    ms._fieldIds = state.fieldIds;
    ms._fieldLength = state.fieldLength;
    ms._avgFieldLength = state.avgFieldLength;
    ms._dirtCount = state.dirtCount;
    if (ms.documentCount !== state.documentIds.size) throw new Error('index state is inconsistent');
    return ms;
  }
}

/**
 * The full-text index over sentences. Sentence texts stay in the corpus; the index holds ids only.
 */
export class SentenceIndex {
  private built = new SentenceSearch();
  /** Set while the index is being loaded from a snapshot's frames (see `loadSteps`): the share done. */
  private loading?: { share: number };

  /** The MiniSearch index; asking it anything while it loads throws SearchIndexLoading. */
  private get ms(): SentenceSearch {
    if (this.loading) throw new SearchIndexLoading(this.loading.share);
    return this.built;
  }

  /** False while the index is loaded in steps after a start from a snapshot. */
  get ready(): boolean {
    return !this.loading;
  }

  /** Marks the index as loading: until `loadSteps` is done, searches throw SearchIndexLoading. */
  startLoading(): void {
    this.loading ??= { share: 0 };
  }

  /**
   * Loads the index from a snapshot's frames (see indexFrames) one frame per step, then what changed
   * since they were written (`patch`, a journal's worth: up to a tenth of the corpus), a few
   * thousand sentences per step. Searching meanwhile throws SearchIndexLoading: until the patch is
   * in, the index would find sentences that are gone.
   */
  *loadSteps(frames: readonly Uint8Array[], patch?: { discard: number[]; add: Sentence[] }): Generator<void, void> {
    const loading = (this.loading ??= { share: 0 });
    const { state, idToShort } = yield* stateFromFrames(frames, (share) => (loading.share = share));
    const ms = SentenceSearch.fromState(state, idToShort);
    if (patch) {
      for (const id of patch.discard) if (ms.has(id)) ms.discard(id);
      for (let i = 0; i < patch.add.length; i += PATCH_STEP) {
        yield;
        ms.addAll(toDocs(patch.add.slice(i, i + PATCH_STEP)));
      }
    }
    this.built = ms;
    this.loading = undefined;
  }

  addAll(sentences: Sentence[]) {
    const docs = toDocs(sentences);
    if (this.ms.fresh)
      this.ms.addFresh(
        docs.map((d) => d.id),
        docs.map((d) => d.text),
      );
    else this.ms.addAll(docs);
  }

  /** Adds already chosen sentences by id and text (a worker building the index receives only these). */
  addTexts(ids: ArrayLike<number>, texts: readonly string[]) {
    if (this.ms.fresh) this.ms.addFresh(ids, texts);
    else for (let i = 0; i < texts.length; i++) this.ms.add({ id: ids[i]!, text: texts[i]! });
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
   * are clone in a fifth of that.
   */
  toState(): IndexState {
    return this.ms.exportState();
  }

  /** Restores an index saved by toState(); the settings must be the ones it was built with. */
  load(state: IndexState) {
    this.built = SentenceSearch.fromState(state);
    this.loading = undefined;
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
      ? this.ms.search(common.rare.join(' '), {
          ...opts,
          combineWith: 'AND',
          filter: (r) => common.holdsAll(r.id as number) && (!filter || filter(r.id as number)),
        })
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
    const ms = this.ms;
    if (ms.documentCount < COMMON_MIN_SENTENCES) return undefined;
    const limit = ms.documentCount * COMMON_SHARE;
    const common: Array<Map<number, number>> = [];
    const rare: string[] = [];
    for (const t of new Set(terms)) {
      const docs = ms.postings(t)?.get(ms.textField);
      if (docs && docs.size > limit) common.push(docs);
      else rare.push(t);
    }
    if (!common.length || !rare.length) return undefined;
    return {
      rare,
      holdsAll: (id) => {
        const short = ms.shortIdOf(id);
        return short !== undefined && common.every((docs) => docs.has(short));
      },
    };
  }

  /**
   * The sentences about a topic ("/position UK sanctions"): every word, its longer forms when it has
   * five letters or more ("sanction" → "sanctions", never "war" → "warm"), a typo only for a word the
   * corpus does not know. A set, unranked: the caller ranks by its own score.
   */
  /**
   * The sentences holding every word of `text` exactly — what `search(text, undefined, true)` finds —
   * read from the postings without scoring: finding who names a person at 1M sentences took a
   * scored search up to 140 ms for a common surname, one posting list takes a millisecond.
   */
  containingAll(text: string): number[] {
    const terms = queryTerms(text);
    if (!terms.length) return [];
    const ms = this.ms;
    const lists: Array<Map<number, number>> = [];
    for (const t of new Set(terms)) {
      const docs = ms.postings(t)?.get(ms.textField);
      if (!docs) return [];
      lists.push(docs);
    }
    lists.sort((a, b) => a.size - b.size);
    const out: number[] = [];
    for (const short of lists[0]!.keys()) {
      if (!lists.every((l) => l.has(short))) continue;
      // Postings of discarded sentences linger until MiniSearch vacuums them: they have no id any more.
      const id = ms.idOfShort(short);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  matching(topic: string): Set<number> {
    const terms = queryTerms(topic);
    if (!terms.length) return new Set();
    const ms = this.ms;
    // Straight from the postings: scoring and sorting every hit, as a search does, cost 30-70 ms at 1M.
    const field = ms.textField;
    const perTerm = terms.map((t) => {
      const variants: Postings[] = [];
      const exact = ms.postings(t);
      if (exact) variants.push(exact);
      // A plural is searched from its singular, so "weapons" finds "weapon" and "weaponry", "talks" "talking".
      const stem = /[^s]s$/.test(t) && t.length >= 5 ? t.slice(0, -1) : t;
      // "taxes" → "tax", "churches" → "church", "policies" → "policy": plurals in -es and -ies too.
      const esStem = /(?:x|ss|ch|sh|z)es$/.test(t)
        ? t.slice(0, -2)
        : /ies$/.test(t) && t.length >= 5
          ? `${t.slice(0, -3)}y`
          : '';
      for (const s of [stem, esStem]) {
        if (!s || s === t) continue;
        const single = ms.postings(s);
        if (single) variants.push(single);
      }
      if (stem.length >= 5 || (stem !== t && stem.length >= 4))
        variants.push(...ms.longerForms(stem).filter((v) => v !== exact));
      const typos = this.typoAllowance(t);
      if (typos) variants.push(...ms.nearForms(t, typos));
      const shorts = new Set<number>();
      for (const v of variants) for (const short of v.get(field)?.keys() ?? []) shorts.add(short);
      return shorts;
    });
    perTerm.sort((a, c) => a.size - c.size);
    const out = new Set<number>();
    for (const short of perTerm[0]!) {
      if (!perTerm.every((set) => set.has(short))) continue;
      const id = ms.idOfShort(short);
      if (id !== undefined) out.add(id);
    }
    return out;
  }

  /** How many letters a query word may be off by: none for a word the corpus already has. */
  private typoAllowance(term: string): number {
    let sentences = 0;
    for (const docs of this.ms.postings(term)?.values() ?? []) sentences += docs.size;
    return sentences >= KNOWN_WORD_SENTENCES ? 0 : fuzzy(term);
  }
}

/**
 * Thrown by a search while the index is still loading after a start from a snapshot: the commands
 * that read who said what answer meanwhile; those that search the text say to ask again shortly.
 */
export class SearchIndexLoading extends Error {
  constructor(readonly share: number) {
    super(`the search index is still loading (${Math.floor(share * 100)}% done)`);
  }
}

/** A Map from any realm: a deserialised snapshot's Maps are not instances of a test sandbox's Map. */
function isMap(x: unknown): x is Map<unknown, unknown> {
  return Object.prototype.toString.call(x) === '[object Map]';
}

function queryTerms(query: string): string[] {
  return tokenizeForSearch(query)
    .map(normalizeTerm)
    .filter((t): t is string => !!t);
}

function toHit(r: { id: unknown; score: number; terms: string[] }): Hit {
  return { id: r.id as number, score: r.score, terms: r.terms };
}

export function indexable(s: Sentence): boolean {
  return s.kind !== 'furniture';
}

/** What MiniSearch keeps of the sentences it indexes. */
function toDocs(sentences: Sentence[]): Doc[] {
  return sentences.filter(indexable).map((s) => ({ id: s.id, text: s.text }));
}

/** Sentences of a journal added to a loading index per step (about 10 ms). */
const PATCH_STEP = 1_000;

/** Character ranges of the words in `text` that match any of `terms`. */
export function highlightRanges(text: string, terms: string[]): Array<[number, number]> {
  const set = new Set(terms);
  return termSpans(text)
    .filter((t) => set.has(t.term))
    .map((t) => [t.start, t.end] as [number, number]);
}

/** Folds quotes and case so that a phrase query finds the line whatever its typography. */
export function foldPhrase(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}
