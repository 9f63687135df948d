import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchAnswer } from '../src/answers/search';
import { loadConfig } from '../src/config';
import type { CorpusDocument } from '../src/corpus/types';
import { LiveIndex } from '../src/liveIndex';
import { FolderSource } from '../src/sources/folder';
import type { DocumentSource, SourceScan } from '../src/sources/source';
import { docFromText, SEEDS, tempDir } from './helpers';

/** A second kind of source, in memory: what a feed will be, through the same contract. */
class MemorySource implements DocumentSource {
  readonly id = 'memory:test';
  docs = new Map<string, CorpusDocument>();
  private changed?: (files?: string[]) => void;
  put(file: string, text: string) {
    this.docs.set(file, { ...docFromText(file, text), hash: `${file}:${text.length}`, origin: this.id });
    this.changed?.([file]);
  }
  drop(file: string) {
    this.docs.delete(file);
    this.changed?.([file]);
  }
  scan(held: ReadonlyMap<string, CorpusDocument>): SourceScan {
    const upsert = [...this.docs.values()].filter((d) => held.get(d.file)?.hash !== d.hash);
    const remove = [...held.keys()].filter((f) => !this.docs.has(f));
    return { change: { upsert, remove }, warnings: new Map() };
  }
  watch(changed: (files?: string[]) => void) {
    this.changed = changed;
  }
  async ready() {}
  async stop() {}
}

test('two sources feed one index; each answers only for its own documents; the snapshot is for that set of sources', async () => {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  const data = tempDir();
  const memory = new MemorySource();
  memory.put('memory/oslo.txt', 'Oslo\n\nNorway will send medics, Oslo said.\n');
  const live = new LiveIndex({
    sources: [new FolderSource(corpus), memory],
    dataDir: data,
    log: () => undefined,
  }).open();
  expect(live.identity).toBe([`folder:${corpus}`, 'memory:test'].sort().join('\n'));
  expect(searchAnswer(live.corpus, 'medics', 5).status).toBe('ok');
  expect(searchAnswer(live.corpus, 'Witkoff', 5).status).toBe('ok');
  live.watch(20);
  try {
    memory.put('memory/copenhagen.txt', 'Copenhagen\n\nDenmark will help, Copenhagen said.\n');
    memory.drop('memory/oslo.txt');
    const end = Date.now() + 3000;
    while (searchAnswer(live.corpus, 'Copenhagen', 5).status !== 'ok' && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(searchAnswer(live.corpus, 'Copenhagen', 5).status).toBe('ok');
    expect(searchAnswer(live.corpus, 'medics', 5).status).toBe('empty');
    // The folder's documents were not touched by the other source's change.
    expect(live.corpus.documents.filter((d) => d.origin === `folder:${corpus}`)).toHaveLength(5);
  } finally {
    await live.stop();
  }
  // A restart with the same sources starts from the snapshot; with another set of sources it does not.
  const again = new LiveIndex({
    sources: [new FolderSource(corpus), memory],
    dataDir: data,
    log: () => undefined,
  }).open();
  expect(again.startup.from).toBe('snapshot');
  expect(searchAnswer(again.corpus, 'Copenhagen', 5).status).toBe('ok');
  const folderOnly = new LiveIndex({ sources: [new FolderSource(corpus)], dataDir: data, log: () => undefined }).open();
  expect(folderOnly.startup.from).toBe('scratch');
  expect(searchAnswer(folderOnly.corpus, 'Copenhagen', 5).status).toBe('empty');
});

test('CORPUS_POLL_SECONDS: the folder is polled (network volumes raise no events for other machines) and still sees new files', async () => {
  const dir = tempDir();
  const source = new FolderSource(dir, '', undefined, { pollMs: 100 });
  const seen: string[] = [];
  source.watch((files) => seen.push(...(files ?? [])));
  await source.ready();
  const watcher = (source as unknown as { watcher: { options: { usePolling?: boolean; interval?: number } } }).watcher;
  expect(watcher.options).toMatchObject({ usePolling: true, interval: 100 });
  writeFileSync(join(dir, 'polled.txt'), 'Norway will send medics, Oslo said.\n');
  for (let i = 0; i < 100 && !seen.includes('polled.txt'); i++) await new Promise((r) => setTimeout(r, 50));
  expect(seen).toContain('polled.txt');
  await source.stop();
  expect(loadConfig({ CORPUS_POLL_SECONDS: '5' }).pollMs).toBe(5000);
  expect(loadConfig({ CORPUS_POLL_SECONDS: '0' }).pollMs).toBeUndefined();
  expect(loadConfig({}).pollMs).toBeUndefined();
});
