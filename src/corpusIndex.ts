import { isPersonKey, personKey, wordKey } from './actors/keys';
import { Knowledge, type LearnedState } from './actors/knowledge';
import type { ActorsFile } from './actors/types';
import type { CorpusDocument, LoadWarning, Sentence } from './corpus/types';
import { attributeQuotes, type Quote } from './quotes/attribute';
import type { IndexState, SearchLoad } from './search/indexFrames';
import { buildSearchInWorker, WORKER_FROM_SENTENCES } from './search/parallelBuild';
import { RankedMentions } from './search/rankedMentions';
import { foldPhrase, SentenceIndex } from './search/sentenceIndex';
import { positionScore } from './stance/positionScore';
import { LruCache } from './util/lruCache';
import { drain } from './util/steps';

/**
 * Answers kept until the corpus changes: a meeting asks a few dozen questions, each a few kB; 512
 * covers a day of them and stays under a few MB even for /digest.
 */
const ANSWER_CACHE_SIZE = 512;

/** How a line where only an organisation's people speak weighs against one where it speaks itself. */
const PEOPLE_OF_ORGANISATION = 0.5;

/**
 * Ranked mentions kept per key: what /position reads for its lines and for what changed (200
 * candidates), for the 2,000 keys asked about most recently (each list a few kB).
 */
const RANK_DEPTH = 200;
const RANKED_KEYS = 2000;

/** What one sentence mentions: actor/person keys, each with how plainly the sentence states that key's position. */
export type SentenceMentions = Array<[key: string, score: number]>;

/** A change to the corpus: documents added or replaced, files removed. */
export interface CorpusChange {
  upsert: CorpusDocument[];
  remove: string[];
}

export interface ChangeReport {
  added: string[];
  replaced: string[];
  removed: string[];
  /** Sentences read (new documents' and those re-read because what the corpus teaches about people changed). */
  reanalysed: number;
  /** Every document whose record changed (added, replaced or re-read): what a snapshot journal must write again. */
  touched: string[];
}

/** A batch of changes in progress (see `CorpusIndex.beginBatch`). */
export interface ChangeBatch {
  /** Learned people and organisations before the batch, to find the sentences a change of them touches. */
  before: Map<string, string[]>;
  touched: Set<string>;
}

/**
 * The indexed corpus: sentences, who they mention (with a position score per mention), the quotes
 * in them, and the search index. It changes one document at a time — add, replace, remove — and
 * re-reads other sentences only when a change teaches something new about a person they name.
 */
export class CorpusIndex {
  /** Who is who; replaced as a whole when a sliced batch learns on a copy (see `relearnSteps`). */
  knowledge: Knowledge;
  readonly index = new SentenceIndex();
  private bySentence = new Map<number, Quote[]>();
  /** `person:<id>`, actor id, or `word:<folded word of the speaker's name>` → their quotes. */
  private bySpeaker = new Map<string, Quote[]>();
  /** Actor or person key → sentence id → position score; a restored index files them later (see `unfiled`). */
  private mentions = new Map<string, Map<number, number>>();
  /**
   * A restored index's mentions not yet filed by key, document by document: filing 3M of them took
   * 0.5–0.7 s of a start at 1M sentences before the first answer, which needs one key's. A key asked
   * for meanwhile is filed alone (`filedKeys`), and the rest is filed in steps with the search index.
   */
  private unfiled?: Array<{ d: CorpusDocument; saved: DocMentions }>;
  private filedKeys?: Set<string>;
  /** A restored index's quotes not yet filed by sentence and speaker, document by document, from `next`. */
  private unfiledQuotes?: { list: Quote[][]; next: number; stepped?: number };
  /**
   * Parts of answers that outlive a change: each is stored with the version of what it was made
   * from (a key's kept ranking) and used only while that is unchanged.
   */
  readonly kept = new LruCache<unknown>(ANSWER_CACHE_SIZE);
  /** The best mentions of the keys asked about; unlike the answer cache, it survives changes. */
  readonly ranked = new RankedMentions(RANK_DEPTH, RANKED_KEYS);
  /** Answers depend only on the corpus: cached per query until the corpus changes. */
  readonly cache = new LruCache<unknown>(ANSWER_CACHE_SIZE);
  warnings: LoadWarning[];
  /** Bumped by every change; snapshots and caches compare it. */
  version = 0;
  /** How a first build made its search index (restored ones: 'snapshot'). */
  searchBuiltBy: 'worker' | 'inline' | 'snapshot' = 'snapshot';

  private docs = new Map<string, CorpusDocument>();
  private docQuotes = new Map<string, Quote[]>();
  private indexedAt = new Map<string, number>();
  private sentences: Array<Sentence | undefined> = [];
  /** The mention keys each document's sentences carry: enough to undo them, far smaller than keys per sentence. */
  private docKeys = new Map<string, string[]>();
  private nextId = 0;
  private docList?: CorpusDocument[];
  private quoteList?: Quote[];

  constructor(
    documents: CorpusDocument[],
    warnings: LoadWarning[] = [],
    actorsFile?: ActorsFile,
    restored?: RestoredState,
    build: { workerFrom?: number; workerFile?: string } = {},
  ) {
    this.warnings = warnings;
    if (restored) {
      this.knowledge = restored.knowledge;
      this.restore(restored);
      return;
    }
    for (const d of documents) this.assignIds(d);
    const sentences = documents.flatMap((d) => d.sentences);
    // A large first build: the search index in a worker thread while this one analyses.
    const searchBuilt =
      sentences.length >= (build.workerFrom ?? WORKER_FROM_SENTENCES)
        ? buildSearchInWorker(sentences, build.workerFile)
        : undefined;
    this.knowledge = Knowledge.build(documents, actorsFile);
    const now = Date.now();
    for (const d of documents) {
      this.docs.set(d.file, d);
      this.indexedAt.set(d.file, now);
      this.analyseDocument(d);
    }
    const state = searchBuilt?.();
    if (state) this.index.load(state);
    else this.index.addAll(sentences);
    this.searchBuiltBy = state ? 'worker' : 'inline';
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Every document in no particular order: for comparing with the sources, where sorting 50k names cost 0.4 s. */
  unorderedDocuments(): IterableIterator<CorpusDocument> {
    return this.docs.values();
  }

  get documents(): CorpusDocument[] {
    return (this.docList ??= [...this.docs.values()].sort((a, b) => a.file.localeCompare(b.file)));
  }

  get quotes(): Quote[] {
    return (this.quoteList ??= this.documents.flatMap((d) => this.docQuotes.get(d.file) ?? []));
  }

  get sentenceCount(): number {
    return (this.sentenceTotal ??= this.documents.reduce((n, d) => n + d.sentences.length, 0));
  }

  private sentenceTotal?: number;

  sentence(id: number): Sentence {
    return this.sentences[id]!;
  }

  document(file: string): CorpusDocument | undefined {
    return this.docs.get(file);
  }

  documentIndexedAt(file: string): Date | undefined {
    const t = this.indexedAt.get(file);
    return t === undefined ? undefined : new Date(t);
  }

  /** Sentence ids mentioning a key, with their position scores. */
  mentionsOf(key: string): Map<number, number> | undefined {
    if (this.unfiled && !this.filedKeys!.has(key)) this.fileKey(key);
    return this.mentions.get(key);
  }

  /** Sentence id → the quotes in it. A restored index files its quotes in steps with the search index (or on first use). */
  get quotesBySentence(): Map<number, Quote[]> {
    this.fileQuotes();
    return this.bySentence;
  }

  /** `person:<id>`, actor id, or `word:<folded word of the speaker's name>` → their quotes (filed as above). */
  get quotesBySpeaker(): Map<string, Quote[]> {
    this.fileQuotes();
    return this.bySpeaker;
  }

  private fileQuotes() {
    if (this.unfiledQuotes) drain(this.fileQuotesSteps());
  }

  /**
   * A restored index's quotes, filed by sentence and speaker a few hundred documents a step. The
   * position is shared: filing them all on first use (`fileQuotes`) meanwhile goes on from it.
   */
  private *fileQuotesSteps(): Generator<void, void> {
    const pending = this.unfiledQuotes;
    if (!pending) return;
    while (pending.next < pending.list.length) {
      if (pending.next > 0 && pending.next % 250 === 0 && pending.stepped !== pending.next) {
        pending.stepped = pending.next;
        yield;
        continue;
      }
      this.fileQuotesOf(pending.list[pending.next++]!);
    }
    if (this.unfiledQuotes === pending) this.unfiledQuotes = undefined;
  }

  /** Every key's mentions (autocomplete, the digest's actors): filed whole first. */
  get mentionIndex(): ReadonlyMap<string, Map<number, number>> {
    return this.filed();
  }

  private filed(): Map<string, Map<number, number>> {
    if (this.unfiled) drain(this.fileMentionsSteps());
    return this.mentions;
  }

  /** One key's mentions from every document not yet filed (a pass over their entries: ~10 ms at 1M). */
  private fileKey(key: string) {
    this.filedKeys!.add(key);
    let m = this.mentions.get(key);
    for (const { d, saved } of this.unfiled!) {
      const k = saved.keys.indexOf(key);
      if (k < 0) continue;
      if (!m) this.mentions.set(key, (m = new Map()));
      const only = m;
      fileEntries(d, saved, (i) => (i === k ? only : undefined));
    }
  }

  /** Files the restored mentions a few hundred documents a step; keys filed alone already are skipped. */
  private *fileMentionsSteps(): Generator<void, void> {
    const unfiled = this.unfiled;
    if (!unfiled) return;
    const done = this.filedKeys!;
    for (let j = 0; j < unfiled.length; j++) {
      if (j > 0 && j % 250 === 0) {
        yield;
        // Filed whole meanwhile (the index asked for every key): done, and what changed since must stay changed.
        if (this.unfiled !== unfiled) return;
      }
      const { d, saved } = unfiled[j]!;
      const maps = saved.keys.map((key) =>
        done.has(key) ? undefined : (this.mentions.get(key) ?? this.mentions.set(key, new Map()).get(key)!),
      );
      fileEntries(d, saved, (i) => maps[i]);
    }
    this.unfiled = undefined;
    this.filedKeys = undefined;
  }

  // ---- changing ------------------------------------------------------------------------------

  /** Applies a change in place; everything not touched by it stays as it was. */
  apply(change: CorpusChange): ChangeReport {
    const batch = this.beginBatch();
    const report = this.applyDocuments(batch, change);
    for (const file of this.relearn(batch)) report.reanalysed += this.reanalyse(file);
    report.touched.push(...batch.touched);
    return report;
  }

  /**
   * Starts a batch of changes applied in several steps (a burst of new articles, a few at a time):
   * `applyDocuments` per step, then once `relearn` and `reanalyse` for each file it names.
   */
  beginBatch(): ChangeBatch {
    return { before: this.knowledge.learnedAliases(), touched: new Set() };
  }

  /**
   * Adds, replaces and removes documents, reading each new one with what is known now; what they
   * teach about people is recorded but not yet learned (see `relearn`), since re-learning reads every
   * document's lessons and costs far more than one document.
   */
  applyDocuments(batch: ChangeBatch, change: CorpusChange): ChangeReport {
    const report: ChangeReport = { added: [], replaced: [], removed: [], reanalysed: 0, touched: [] };
    for (const file of change.remove) {
      if (!this.docs.has(file)) continue;
      this.dropDocument(file);
      this.knowledge.setLessons(file, undefined);
      batch.touched.delete(file);
      report.removed.push(file);
    }
    for (const doc of change.upsert) {
      const old = this.docs.get(doc.file);
      if (old && old.hash === doc.hash) continue;
      if (old) this.dropDocument(doc.file);
      this.assignIds(doc);
      this.docs.set(doc.file, doc);
      this.indexedAt.set(doc.file, Date.now());
      this.knowledge.setLessons(doc.file, this.knowledge.learnFrom(doc));
      this.index.addAll(doc.sentences);
      this.analyseDocument(doc);
      report.reanalysed += doc.sentences.length;
      batch.touched.add(doc.file);
      (old ? report.replaced : report.added).push(doc.file);
    }
    if (report.added.length || report.replaced.length || report.removed.length) this.changed();
    return report;
  }

  /**
   * Learns who is who from every document's lessons after a batch, and returns the files whose
   * sentences name a person or organisation that changed (added, removed, relinked): they are read again.
   */
  relearn(batch: ChangeBatch): string[] {
    return drain(this.filesNaming(this.knowledge.relearn(), batch));
  }

  /**
   * `relearn` in steps, for a batch applied in slices: who is who is learned on a copy while this
   * index goes on answering with what it knew, then swapped in at once. The caller runs the steps a
   * few milliseconds at a time; the result is the files to read again.
   */
  *relearnSteps(batch: ChangeBatch): Generator<void, string[]> {
    const learned = yield* this.knowledge.learnInSteps();
    // Lessons recorded while the copy learned (a synchronous sync in between): learn in place instead.
    if (!learned) return this.relearn(batch);
    if (learned.knowledge !== this.knowledge) {
      this.knowledge = learned.knowledge;
      this.changed();
    }
    return yield* this.filesNaming(learned.changed, batch);
  }

  /** The documents whose sentences name people or organisations that changed (a search each: steps). */
  private *filesNaming(changedPeople: Set<string>, batch: ChangeBatch): Generator<void, string[]> {
    const files = new Set<string>();
    if (changedPeople.size) {
      for (const name of this.knowledge.aliasesOf(changedPeople, batch.before)) {
        yield;
        for (const id of this.index.containingAll(name)) files.add(this.sentence(id).doc);
      }
    }
    for (const f of files) batch.touched.add(f);
    return [...files];
  }

  /** Reads one document again with what is known now; returns its sentence count (0 if it is gone). */
  reanalyse(file: string): number {
    const d = this.docs.get(file);
    if (!d) return 0;
    this.clearAnalysis(d);
    this.analyseDocument(d);
    this.changed();
    return d.sentences.length;
  }

  private changed() {
    this.version++;
    this.cache.clear();
    this.docList = undefined;
    this.quoteList = undefined;
    this.sentenceTotal = undefined;
  }

  private assignIds(d: CorpusDocument) {
    for (const s of d.sentences) {
      s.id = this.nextId++;
      this.sentences[s.id] = s;
    }
  }

  private dropDocument(file: string) {
    const d = this.docs.get(file)!;
    this.clearAnalysis(d);
    this.index.discardAll(d.sentences.map((s) => s.id));
    for (const s of d.sentences) this.sentences[s.id] = undefined;
    this.docs.delete(file);
    this.indexedAt.delete(file);
  }

  /** Quotes, mentions and position scores of one document's sentences. */
  private analyseDocument(d: CorpusDocument) {
    // Quotes and scores read the same sentences: tokenise each once.
    const memo = new Map<string, ReturnType<Knowledge['analyse']>>();
    const read = this.knowledge.reader(d);
    const analyse = (text: string, s?: Sentence) => memo.get(text) ?? memo.set(text, read(text, s)).get(text)!;
    const quotes = attributeQuotes(d, this.knowledge, analyse);
    this.indexQuotes(d.file, quotes);
    // News puts its point first: the opening paragraph states what the article is about.
    const lede = d.sentences.find((s) => s.kind === 'body')?.paragraph;
    this.indexMentions(d, (s) => this.scoreSentence(s, analyse(s.text, s), s.paragraph === lede));
  }

  private restoreMentions(d: CorpusDocument, saved: DocMentions) {
    (this.unfiled ??= []).push({ d, saved });
    this.filedKeys ??= new Set();
    if (saved.keys.length) this.docKeys.set(d.file, saved.keys);
  }

  private indexMentions(d: CorpusDocument, keysOf: (s: Sentence) => SentenceMentions) {
    const seen = new Set<string>();
    const mentions = this.filed();
    d.sentences.forEach((s) => {
      if (s.kind === 'furniture') return;
      for (const [key, score] of keysOf(s)) {
        let m = mentions.get(key);
        if (!m) mentions.set(key, (m = new Map()));
        m.set(s.id, score);
        this.ranked.added(key, s.id, score);
        seen.add(key);
      }
    });
    if (seen.size) this.docKeys.set(d.file, [...seen]);
  }

  private indexQuotes(file: string, quotes: Quote[]) {
    this.fileQuotes();
    this.docQuotes.set(file, quotes);
    this.fileQuotesOf(quotes);
  }

  private fileQuotesOf(quotes: Quote[]) {
    for (const q of quotes) {
      (this.bySentence.get(q.sentenceId) ?? this.bySentence.set(q.sentenceId, []).get(q.sentenceId)!).push(q);
      for (const key of speakerKeys(q)) (this.bySpeaker.get(key) ?? this.bySpeaker.set(key, []).get(key)!).push(q);
    }
  }

  private clearAnalysis(d: CorpusDocument) {
    const speakers = new Set<string>();
    for (const q of this.docQuotes.get(d.file) ?? []) {
      this.quotesBySentence.delete(q.sentenceId);
      for (const key of speakerKeys(q)) speakers.add(key);
    }
    // Each speaker's list filtered once, however many of their quotes the document held.
    for (const key of speakers) {
      const list = this.quotesBySpeaker.get(key)?.filter((x) => x.doc !== d.file);
      if (list?.length) this.quotesBySpeaker.set(key, list);
      else this.quotesBySpeaker.delete(key);
    }
    this.docQuotes.delete(d.file);
    const ids = new Set(d.sentences.map((s) => s.id));
    const mentions = this.filed();
    for (const key of this.docKeys.get(d.file) ?? []) {
      const m = mentions.get(key);
      if (!m) continue;
      for (const s of d.sentences) m.delete(s.id);
      if (!m.size) mentions.delete(key);
      this.ranked.removed(key, ids);
    }
    this.docKeys.delete(d.file);
  }

  /** Every actor and person a sentence names or quotes, with how plainly it states each one's position. */
  private scoreSentence(s: Sentence, analysed: ReturnType<Knowledge['analyse']>, lede: boolean): SentenceMentions {
    const { tokens, mentions } = analysed;
    const byKey = new Map<string, typeof mentions>();
    for (const m of mentions)
      for (const key of this.knowledge.keysOf(m)) (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(m);
    // Words quoted per key: `direct` where the key itself speaks (a person, or an organisation's unnamed
    // spokesman), `via` where one of its people does (the organisation of a named speaker).
    const direct = new Map<string, number>();
    const via = new Map<string, number>();
    const note = (m: Map<string, number>, key: string, words: number) => m.set(key, Math.max(m.get(key) ?? 0, words));
    for (const q of this.quotesBySentence.get(s.id) ?? []) {
      const words = q.text.split(/\s+/).length;
      const person = q.speaker?.personId;
      if (person) note(direct, personKey(person), words);
      if (q.speaker?.actorId) note(person ? via : direct, q.speaker.actorId, words);
    }
    const out: SentenceMentions = [];
    for (const key of new Set([...byKey.keys(), ...direct.keys(), ...via.keys()])) {
      const own = byKey.get(key) ?? [];
      const score = (ms: typeof mentions, words: number) =>
        ms.length || words ? positionScore(s.text, tokens, ms, mentions, s.kind, words, lede).score : -Infinity;
      let best: number;
      if (!isPersonKey(key) && this.knowledge.actors.get(key)?.kind === 'organisation') {
        // An organisation's own statements ("The Tories say …") state its position more surely than one of
        // its people speaking ("Mr Howard said …"): those follow, they are not dropped.
        best = Math.max(
          score(
            own.filter((m) => !m.target.personId),
            direct.get(key) ?? 0,
          ),
          score(
            own.filter((m) => m.target.personId),
            via.get(key) ?? 0,
          ) * PEOPLE_OF_ORGANISATION,
        );
      } else best = score(own, Math.max(direct.get(key) ?? 0, via.get(key) ?? 0));
      out.push([key, Math.round(best * 1000) / 1000]);
    }
    return out;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /** Everything needed to restore this index without re-reading a single document. */
  exportState(): CorpusIndexState {
    return {
      nextId: this.nextId,
      docs: this.documents.map((d) => this.recordOf(d)),
      index: this.index.toState(),
      learned: this.knowledge.exportLearned(),
    };
  }

  /** One document as a snapshot keeps it (for the journal of changes), or undefined when it is gone. */
  exportRecord(file: string): DocumentRecord | undefined {
    const d = this.docs.get(file);
    return d && this.recordOf(d);
  }

  private recordOf(d: CorpusDocument): DocumentRecord {
    return {
      doc: d,
      quotes: this.docQuotes.get(d.file) ?? [],
      mentions: this.mentionsOfDocument(d),
      lessons: this.knowledge.lessonsOf(d.file) ?? { links: [], names: [] },
      indexedAt: this.indexedAt.get(d.file) ?? 0,
    };
  }

  /** The next sentence id: a journal entry carries it, so ids stay unique after a replay. */
  get nextSentenceId(): number {
    return this.nextId;
  }

  private mentionsOfDocument(d: CorpusDocument): DocMentions {
    const keys = this.docKeys.get(d.file) ?? [];
    const entries: number[] = [];
    const mentions = this.filed();
    keys.forEach((key, k) => {
      const m = mentions.get(key)!;
      d.sentences.forEach((s, i) => {
        const score = m.get(s.id);
        if (score !== undefined) entries.push(k, i, Math.round(score * 1000));
      });
    });
    return { keys, entries: Int32Array.from(entries) };
  }

  private restore(r: RestoredState) {
    this.nextId = r.state.nextId;
    for (const rec of r.state.docs) {
      const d = rec.doc;
      this.docs.set(d.file, d);
      this.indexedAt.set(d.file, rec.indexedAt);
      // Filed by sentence and speaker later (see quotesBySentence): /position needs none of them.
      this.docQuotes.set(d.file, rec.quotes);
      if (rec.quotes.length) (this.unfiledQuotes ??= { list: [], next: 0 }).list.push(rec.quotes);
      for (const s of d.sentences) this.sentences[s.id] = s;
      this.restoreMentions(d, rec.mentions);
    }
    this.searchToLoad = r.search;
    this.index.startLoading();
  }

  /** A restored index's search index still to load (see `loadSearchSteps`). */
  private searchToLoad?: SearchLoad;

  /**
   * Files a restored index's mentions and quotes and loads its search index a frame at a time, then
   * what the journal changed since it was written. Until it is done every other answer works (a key's mentions
   * are filed when first asked for); searches throw SearchIndexLoading, and the index must not be
   * changed (LiveIndex holds its changes back; a change made anyway files every mention first).
   */
  *loadSearchSteps(): Generator<void, void> {
    yield* this.fileMentionsSteps();
    yield* this.fileQuotesSteps();
    const load = this.searchToLoad;
    if (!load) return;
    yield* this.index.loadSteps(load.frames, load);
    this.searchToLoad = undefined;
  }
}

/** A document's saved mentions (key index, sentence index, score × 1000) into the maps `into` gives per key index. */
function fileEntries(
  d: CorpusDocument,
  saved: DocMentions,
  into: (keyIndex: number) => Map<number, number> | undefined,
) {
  const e = saved.entries;
  for (let i = 0; i < e.length; i += 3) into(e[i]!)?.set(d.sentences[e[i + 1]!]!.id, e[i + 2]! / 1000);
}

/**
 * A speaker's keys, by person, actor and name: a start from a snapshot at 1M sentences files 230k
 * quotes by a few thousand speakers, and folding each quote's name again took 0.3 s of it.
 */
const keysOfSpeaker = new Map<string, readonly string[]>();
const SPEAKERS_KEPT = 100_000;

/** The keys a quote is found under: its person, its actor, each word of its speaker's name. */
export function speakerKeys(q: Quote): readonly string[] {
  if (!q.speaker) return [];
  const id = `${q.speaker.personId ?? ''}\0${q.speaker.actorId ?? ''}\0${q.speaker.name}`;
  let keys = keysOfSpeaker.get(id);
  if (!keys) {
    if (keysOfSpeaker.size >= SPEAKERS_KEPT) keysOfSpeaker.clear();
    keysOfSpeaker.set(id, (keys = keysFor(q.speaker)));
  }
  return keys;
}

function keysFor(speaker: NonNullable<Quote['speaker']>): string[] {
  const keys = new Set<string>();
  if (speaker.personId) keys.add(personKey(speaker.personId));
  if (speaker.actorId) keys.add(speaker.actorId);
  const folded = foldPhrase(speaker.name);
  for (const w of folded.split(' ')) if (w) keys.add(wordKey(w));
  keys.add(wordKey(folded));
  return [...keys];
}

/** Everything derived from one document, as a snapshot keeps it. */
export interface DocumentRecord {
  doc: CorpusDocument;
  quotes: Quote[];
  mentions: DocMentions;
  lessons: import('./actors/knowledge').DocumentLessons;
  indexedAt: number;
}

export interface CorpusIndexState extends LoadedDocuments {
  index: IndexState;
}

/** A snapshot's documents, decoded. */
export interface LoadedDocuments {
  nextId: number;
  docs: DocumentRecord[];
  /** What was learned from exactly these documents' lessons, when the snapshot saved it (see Knowledge.fromLearned). */
  learned?: LearnedState;
}

/** A document's mentions, compactly: its keys, and (key index, sentence index, score × 1000) triples. */
export interface DocMentions {
  keys: string[];
  entries: Int32Array;
}

export interface RestoredState {
  state: LoadedDocuments;
  search: SearchLoad;
  knowledge: Knowledge;
}
