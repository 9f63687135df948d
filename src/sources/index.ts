import type { Config } from '../config';
import { FolderSource } from './folder';
import type { DocumentSource } from './source';

/** The sources the configuration asks for. A new kind of source is one file beside this one and one entry here. */
export function sourcesFor(config: Pick<Config, 'corpusDir'>): DocumentSource[] {
  return [new FolderSource(config.corpusDir)];
}
