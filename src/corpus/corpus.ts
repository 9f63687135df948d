import type { CorpusDocument, LoadWarning, Sentence } from './types';

/** The loaded documents with one corpus-wide array of sentences, so a sentence id is an array index. */
export class Corpus {
  readonly sentences: Sentence[] = [];
  readonly byFile = new Map<string, CorpusDocument>();

  constructor(readonly documents: CorpusDocument[], readonly warnings: LoadWarning[] = []) {
    for (const d of documents) {
      this.byFile.set(d.file, d);
      for (const s of d.sentences) {
        s.id = this.sentences.length;
        this.sentences.push(s);
      }
    }
  }
}
