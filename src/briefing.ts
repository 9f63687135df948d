import { Knowledge } from './actors/knowledge';
import type { ActorsFile } from './actors/types';
import { Corpus } from './corpus/corpus';
import type { CorpusDocument, LoadWarning, Sentence } from './corpus/types';
import { attributeQuotes, type Quote } from './quotes/attribute';
import { SentenceIndex } from './search/sentenceIndex';

/**
 * The indexed corpus: sentences, who they mention, the quotes in them, and the search index.
 * Built once per corpus version; every answer reads it and none writes it.
 */
export class Briefing {
  readonly corpus: Corpus;
  readonly knowledge: Knowledge;
  readonly index = new SentenceIndex();
  readonly quotes: Quote[] = [];
  readonly quotesBySentence = new Map<number, Quote[]>();
  /** Actor or person key → ids of the sentences that mention it. */
  readonly mentionIndex = new Map<string, number[]>();
  /** Answers depend only on the corpus: cache them per query until the corpus changes. */
  readonly cache = new Map<string, unknown>();
  readonly builtAt = new Date();

  constructor(documents: CorpusDocument[], warnings: LoadWarning[] = [], actorsFile?: ActorsFile) {
    this.corpus = new Corpus(documents, warnings);
    this.knowledge = Knowledge.build(documents, actorsFile);
    for (const doc of documents) {
      for (const q of attributeQuotes(doc, this.knowledge)) {
        this.quotes.push(q);
        const list = this.quotesBySentence.get(q.sentenceId) ?? [];
        list.push(q);
        this.quotesBySentence.set(q.sentenceId, list);
      }
    }
    for (const s of this.corpus.sentences) {
      if (s.kind === 'furniture') continue;
      const keys = new Set<string>();
      for (const m of this.knowledge.analyse(s.text).mentions) for (const key of this.knowledge.keysOf(m)) keys.add(key);
      for (const q of this.quotesBySentence.get(s.id) ?? []) {
        if (q.speaker?.personId) keys.add(`person:${q.speaker.personId}`);
        if (q.speaker?.actorId) keys.add(q.speaker.actorId);
      }
      for (const key of keys) {
        const list = this.mentionIndex.get(key) ?? [];
        list.push(s.id);
        this.mentionIndex.set(key, list);
      }
    }
    this.index.addAll(this.corpus.sentences);
  }

  sentence(id: number): Sentence {
    return this.corpus.sentences[id]!;
  }

  document(file: string): CorpusDocument | undefined {
    return this.corpus.byFile.get(file);
  }
}
