import type { CorpusChange } from '../corpusIndex';
import type { CorpusDocument, LoadWarning } from '../corpus/types';

/**
 * A place documents come from: a folder today, a feed or a chat link tomorrow. A source never owns
 * the index: it compares what the index holds of its documents with what it has now and returns the
 * difference, which the runtime applies through `CorpusIndex.apply` — the one seam for every change.
 * Several sources can feed one index; each answers only for the documents whose `origin` is its id.
 */
export interface DocumentSource {
  /** Stable and unique ("folder:/srv/news"): part of the snapshot's identity and each document's `origin`. */
  readonly id: string;
  /**
   * The difference between `held` (this source's documents in the index, by file) and the source now.
   * `only` narrows the look to these files (a watcher's hint), and `held` then holds just those of
   * them the index has; without it, everything is compared.
   * Documents whose bytes did not change may be updated in place (their modification time).
   */
  scan(held: ReadonlyMap<string, CorpusDocument>, only?: readonly string[]): SourceScan;
  /**
   * Optionally reads these files ahead, off the event loop, so that the scans that follow (one file
   * each, in slices) only analyse and index them.
   */
  prefetch?(files: readonly string[]): Promise<void>;
  /** Starts reporting that something may have changed: `files` when it knows which, nothing for "look again at everything". */
  watch(changed: (files?: string[]) => void): void;
  /** Resolves once watching has started. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export interface SourceScan {
  change: CorpusChange;
  /** Files that could not be read now, and files that no longer have a problem (`undefined`). */
  warnings: Map<string, LoadWarning | undefined>;
}
