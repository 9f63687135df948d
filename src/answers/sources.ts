import type { CorpusIndex } from '../corpusIndex';
import type { Answer, ListItem } from './model';

/** /sources: what the bot has read. */
export function sourcesAnswer(b: CorpusIndex, limit: number, indexedAt?: (file: string) => Date | undefined): Answer {
  const docs = [...b.documents].sort(
    (x, y) => (y.date ?? '').localeCompare(x.date ?? '') || x.file.localeCompare(y.file),
  );
  const items: ListItem[] = docs.slice(0, limit).map((d) => {
    const lines = new Set(d.sentences.map((s) => s.line)).size;
    const when = indexedAt?.(d.file);
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const bits = [
      d.file,
      d.date,
      d.source,
      plural(lines, 'line'),
      plural(d.sentences.length, 'sentence'),
      when ? `indexed ${when.toISOString().replace(/\.\d+Z$/, 'Z')}` : undefined,
    ];
    return { label: d.title, detail: bits.filter(Boolean).join(' · ') };
  });
  const skipped: ListItem[] = b.warnings.map((w) => ({ label: w.file, detail: `skipped: ${w.reason}` }));
  return {
    command: 'sources',
    query: '',
    status: docs.length ? 'ok' : 'empty',
    title: `Sources: ${docs.length} document${docs.length === 1 ? '' : 's'}, ${b.sentenceCount} sentences`,
    message: docs.length ? undefined : 'No documents are indexed yet: add .txt or .md files to the corpus folder.',
    sections: [{ items }, ...(skipped.length ? [{ heading: 'Skipped files', items: skipped }] : [])],
    total: docs.length,
  };
}
