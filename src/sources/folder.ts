import { statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import {
  isListedDocument,
  listDocumentFiles,
  readSidecar,
  type DocumentResult,
  type SidecarMeta,
} from '../corpus/loadCorpus';
import { POOL_FROM_FILES, readPool, type ReadPool } from '../corpus/readPool';
import type { CorpusDocument, LoadWarning } from '../corpus/types';
import type { DocumentSource, SourceScan } from './source';

const DOCUMENT = /\.(txt|md|markdown)$/i;

/**
 * How often the folder itself is checked: a folder deleted and made again, or swapped for another
 * by a rename, is a new folder the watcher does not see.
 */
const ROOT_CHECK_MS = 2000;

/**
 * A folder of articles (`.txt`/`.md`, up to four folders deep, with an optional metadata.jsonl),
 * watched with chokidar. Symlinks are neither read nor followed.
 */
export class FolderSource implements DocumentSource {
  readonly id: string;
  readonly dir: string;
  private watcher?: FSWatcher;
  private root?: string;
  private rootTimer?: NodeJS.Timeout;
  private changed?: (files?: string[]) => void;
  private prefetched?: Map<string, DocumentResult>;

  /**
   * `prefix` goes before every file name the folder's documents are cited by ("feeds/"), so two
   * folders feeding one index never give two documents the same name.
   */
  constructor(
    dir: string,
    readonly prefix = '',
    /** Reads many files at once on other threads (the process's own by default). */
    private readonly pool: ReadPool = readPool(),
    /**
     * Look at the folder every `pollMs` instead of waiting for the system's change events: on a
     * network volume (NFS, EFS) another machine's writes raise no event here (CORPUS_POLL_SECONDS).
     */
    private readonly watching: { pollMs?: number } = {},
  ) {
    this.dir = resolve(dir);
    this.id = `folder:${this.dir}`;
  }

  scan(held: ReadonlyMap<string, CorpusDocument>, only?: readonly string[]): SourceScan {
    const dir = this.dir;
    const p = this.prefix;
    const candidates = only ? new Set(only.filter((f) => DOCUMENT.test(f))) : undefined;
    const onDisk = candidates
      ? new Set([...candidates].filter((f) => f.startsWith(p) && isListedDocument(dir, f.slice(p.length))))
      : new Set(listDocumentFiles(dir).map((f) => p + f));
    const all = candidates ?? new Set([...onDisk, ...held.keys()]);
    const upsert: CorpusDocument[] = [];
    const remove: string[] = [];
    const warnings = new Map<string, LoadWarning | undefined>();
    if (!only && !isFolder(dir)) warnings.set(dir, { file: dir, reason: 'corpus folder not found' });
    else warnings.set(dir, undefined);
    const toRead: Array<{ file: string; known?: CorpusDocument; st: Stats }> = [];
    for (const file of all) {
      const known = held.get(file);
      if (!onDisk.has(file)) {
        if (known) remove.push(file);
        warnings.set(file, undefined);
        continue;
      }
      let st;
      try {
        st = statSync(join(dir, file.slice(p.length)));
      } catch {
        if (known) remove.push(file);
        continue;
      }
      if (known && known.bytes === st.size && known.mtimeMs === st.mtimeMs) continue;
      toRead.push({ file, known, st });
    }
    const results = toRead.length ? this.readFiles(toRead, readSidecar(dir)) : [];
    toRead.forEach(({ file, known }, i) => {
      const r = results[i]!;
      if (!r.ok) {
        warnings.set(file, r.warning);
        if (known) remove.push(file);
        return;
      }
      warnings.set(file, undefined);
      if (known && known.hash === r.doc.hash) {
        known.mtimeMs = r.doc.mtimeMs;
        return;
      }
      upsert.push(
        p
          ? {
              ...r.doc,
              file: p + r.doc.file,
              sentences: r.doc.sentences.map((x) => ({ ...x, doc: p + x.doc })),
              origin: this.id,
            }
          : { ...r.doc, origin: this.id },
      );
    });
    return { change: { upsert, remove }, warnings };
  }

  /**
   * The files to index, read: from the last prefetch when unchanged since (same size and time),
   * the rest by the read pool together with this thread (a first build's thousands) or here (one).
   */
  private readFiles(items: Array<{ file: string; st: Stats }>, sidecar: Map<string, SidecarMeta>): DocumentResult[] {
    const p = this.prefix.length;
    const early = items.map(({ file, st }) => {
      const r = this.prefetched?.get(file);
      // Used once: a later scan of the file (metadata.jsonl edited meanwhile, say) reads it afresh.
      this.prefetched?.delete(file);
      return r?.ok && r.doc.bytes === st.size && r.doc.mtimeMs === st.mtimeMs ? r : undefined;
    });
    const missing = items.filter((_, i) => !early[i]).map(({ file }) => file.slice(p));
    const read = missing.length ? this.pool.readBlocking(this.dir, missing, sidecar) : [];
    let k = 0;
    return early.map((r) => r ?? read[k++]!);
  }

  /**
   * Reads a watcher's batch in the read pool, off the event loop, for the scans that follow (one
   * file a slice): those then only analyse and index. Each prefetch replaces the last.
   */
  async prefetch(files: readonly string[]): Promise<void> {
    const p = this.prefix;
    const dir = this.dir;
    const mine = files.filter((f) => DOCUMENT.test(f) && f.startsWith(p) && isListedDocument(dir, f.slice(p.length)));
    this.prefetched = undefined;
    if (mine.length < POOL_FROM_FILES) return;
    const results = await this.pool.read(
      dir,
      mine.map((f) => f.slice(p.length)),
      readSidecar(dir),
    );
    this.prefetched = new Map(mine.map((f, i) => [f, results[i]!]));
  }

  watch(changed: (files?: string[]) => void): void {
    this.changed = changed;
    this.startWatcher();
    this.root = rootIdentity(this.dir);
    this.rootTimer = setInterval(() => this.checkRoot(), ROOT_CHECK_MS);
    this.rootTimer.unref();
  }

  /** The folders the watcher holds (absolute paths): what it costs in inotify watches. */
  watchedFolders(): string[] {
    return Object.keys(this.watcher?.getWatched() ?? {});
  }

  ready(): Promise<void> {
    return new Promise((resolve) => (this.watcher ? this.watcher.once('ready', () => resolve()) : resolve()));
  }

  /** The folder was deleted, re-created or swapped: watch the one now at that path and look at everything. */
  private checkRoot() {
    const now = rootIdentity(this.dir);
    if (now === this.root) return;
    this.root = now;
    void this.watcher?.close();
    this.watcher = undefined;
    if (now) this.startWatcher();
    this.changed?.();
  }

  private startWatcher(): void {
    const dir = this.dir;
    this.watcher = watch(dir, {
      ignoreInitial: true,
      depth: 4,
      // A symlink in the corpus is neither indexed nor followed: one to "/" would watch the whole disk.
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
      ...(this.watching.pollMs
        ? { usePolling: true, interval: this.watching.pollMs, binaryInterval: this.watching.pollMs }
        : {}),
      ignored: (p, stats) => {
        const name = p.split(sep).pop() ?? '';
        if (/(^\.|~$|\.sw[a-p]$|^#.*#$|\.tmp$|\.part$|\.crdownload$)/i.test(name) && p !== dir) return true;
        return !!stats?.isFile() && !DOCUMENT.test(name) && name !== 'metadata.jsonl';
      },
    });
    const file = (p: string) =>
      p.endsWith('metadata.jsonl')
        ? this.changed?.()
        : this.changed?.([this.prefix + relative(dir, p).split(sep).join('/')]);
    this.watcher.on('add', file).on('change', file).on('unlink', file);
    this.watcher.on('unlinkDir', (p) => {
      // The folder itself went away: whatever appears at its path next is a new folder.
      if (p === dir) this.root = '';
      this.changed?.();
    });
    this.watcher.on('error', () => this.changed?.());
  }

  async stop(): Promise<void> {
    clearInterval(this.rootTimer);
    await this.watcher?.close();
  }
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Which folder is at a path now (device, inode, birth time), or '' when none is. */
function rootIdentity(dir: string): string {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch {
    return '';
  }
  // The birth time tells a folder made again apart from the old one when the file system reuses its inode.
  return st.isDirectory() ? `${st.dev}:${st.ino}:${st.birthtimeMs}` : '';
}
