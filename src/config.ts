import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Loads `.env` from the working folder when present (Node's own loader; no dependency). */
export function loadDotEnv(path = '.env') {
  if (existsSync(path)) {
    try {
      process.loadEnvFile(path);
    } catch (e) {
      console.error(`warning: could not read ${path}: ${(e as Error).message}`);
    }
  }
}

export interface Config {
  corpusDir: string;
  dataDir: string;
  actorsFile: string;
  /** Lines per answer on chat platforms. */
  limit: number;
  /** Keep the index in DATA_DIR between runs. */
  snapshots: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    corpusDir: resolve(env.CORPUS_DIR || 'seeds'),
    dataDir: resolve(env.DATA_DIR || 'data'),
    actorsFile: resolve(env.ACTORS_FILE || 'actors.json'),
    limit: clampInt(env.ANSWER_LIMIT, 10, 1, 50),
    snapshots: env.INDEX_SNAPSHOT !== 'false',
  };
}

export function clampInt(raw: string | undefined, dflt: number, min: number, max: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}
