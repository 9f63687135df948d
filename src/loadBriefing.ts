import { loadActorsFile } from './actors/gazetteer';
import { Briefing } from './briefing';
import { loadFolder } from './corpus/loadCorpus';

export interface LoadResult {
  briefing: Briefing;
  /** One line per problem: skipped files, a broken actors file. */
  warnings: string[];
}

/** Reads the corpus folder and the actors file and indexes them; bad files are skipped, never fatal. */
export function loadBriefing(corpusDir: string, actorsFile?: string): LoadResult {
  const { documents, warnings } = loadFolder(corpusDir);
  const actors = actorsFile ? loadActorsFile(actorsFile) : {};
  const out = warnings.map((w) => `skipped ${w.file}: ${w.reason}`);
  if (actors.error) out.push(`actors file ignored: ${actors.error}`);
  return { briefing: new Briefing(documents, warnings, actors.file), warnings: out };
}
