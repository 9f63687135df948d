/** What a line of a document is, decided once at load time so every answer can trust it. */
export type LineKind = 'title' | 'heading' | 'body' | 'bullet' | 'furniture';

export interface Sentence {
  /** Position in the corpus-wide sentence array; stable for one loaded corpus. */
  id: number;
  doc: string;
  /** 1-based line number in the file, for `file:line` citations. */
  line: number;
  /** Character offsets in the whole file (UTF-16, as JavaScript strings count). */
  start: number;
  end: number;
  text: string;
  kind: LineKind;
  /** The heading the sentence sits under, if any. */
  section?: string;
  /** Index of the paragraph (non-empty line) in its document; quotes and pronouns look back within it. */
  paragraph: number;
}

export interface DocumentMeta {
  /** The file name, relative to the corpus folder: what answers cite. */
  file: string;
  title: string;
  date?: string;
  source?: string;
  url?: string;
  /** sha256 of the raw bytes: identifies the content for digests and snapshots. */
  hash: string;
  bytes: number;
  mtimeMs: number;
  /** The id of the source the document came from (a folder, a feed): each source answers for its own. */
  origin?: string;
}

export interface CorpusDocument extends DocumentMeta {
  /** The sentences of this document, in reading order. */
  sentences: Sentence[];
}

export interface LoadWarning {
  file: string;
  reason: string;
}
