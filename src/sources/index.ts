import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { FolderSource } from './folder';
import type { DocumentSource } from './source';

/** Where articles read from feeds and links are kept, as documents: FEEDS_DIR, by default the bot's own folder in DATA_DIR. */
export const feedsFolder = (config: Pick<Config, 'dataDir'> & Partial<Pick<Config, 'feedsDir'>>) =>
  config.feedsDir ?? join(config.dataDir, 'feeds');

/**
 * The sources the configuration asks for: the corpus folder, and the folder that articles from
 * feeds and links are written to (cited as `feeds/…`). A new kind of source is one file beside this
 * one and one entry here.
 */
export function sourcesFor(
  config: Pick<Config, 'corpusDir' | 'dataDir'> & Partial<Pick<Config, 'feedsDir' | 'pollMs'>>,
): DocumentSource[] {
  const feeds = feedsFolder(config);
  try {
    mkdirSync(feeds, { recursive: true });
  } catch {
    // DATA_DIR cannot be written: no feeds; the folder source reports the missing folder once.
  }
  const watching = { pollMs: config.pollMs };
  return [
    new FolderSource(config.corpusDir, '', undefined, watching),
    new FolderSource(feeds, 'feeds/', undefined, watching),
  ];
}
