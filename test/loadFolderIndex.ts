import { loadActorsFile } from '../src/actors/gazetteer';
import { CorpusIndex } from '../src/corpusIndex';
import { loadFolder } from '../src/corpus/loadCorpus';

export interface LoadResult {
  corpus: CorpusIndex;
  /** One line per problem: skipped files, a broken actors file. */
  warnings: string[];
}

/** Reads the corpus folder and the actors file and indexes them; bad files are skipped, never fatal. */
export function indexFolder(corpusDir: string, actorsFile?: string): LoadResult {
  const { documents, warnings } = loadFolder(corpusDir);
  const actors = actorsFile ? loadActorsFile(actorsFile) : {};
  const out = warnings.map((w) => `skipped ${w.file}: ${w.reason}`);
  if (actors.error) out.push(`actors file ignored: ${actors.error}`);
  return { corpus: new CorpusIndex(documents, warnings, actors.file), warnings: out };
}
