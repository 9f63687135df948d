import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusIndex } from '../src/corpusIndex';
import { parseDocument } from '../src/corpus/loadCorpus';
import type { CorpusDocument } from '../src/corpus/types';
import { LiveIndex, type LiveIndexOptions } from '../src/liveIndex';

export const FIXTURES = join(__dirname, 'fixtures', 'corpus');
export const SEEDS = join(__dirname, '..', 'seeds');

/** A document parsed from text in memory, as if read from `file`. */
export function docFromText(file: string, text: string, date?: string): CorpusDocument {
  return parseDocument(file, text, { hash: file, bytes: text.length, mtimeMs: 0, date });
}

export function corpusFrom(texts: Record<string, string>): CorpusIndex {
  return new CorpusIndex(Object.entries(texts).map(([f, t]) => docFromText(f, t)));
}

export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/**
 * A copy of the seeds with an empty DATA_DIR, and `open()` starting a live index on them as the bot
 * does (each call a new start over the same folders), its log kept.
 */
export function liveSeeds(opts: Partial<LiveIndexOptions> = {}) {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  const data = tempDir();
  const logs: string[] = [];
  const open = (how?: Parameters<LiveIndex['open']>[0]) =>
    new LiveIndex({ corpusDir: corpus, dataDir: data, log: (m) => logs.push(m), ...opts }).open(how);
  return { corpus, data, logs, open };
}

/** A small deterministic generator (xorshift) for random tests, so a failure names a seed that reproduces it. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
