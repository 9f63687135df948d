import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { Knowledge } from './actors/knowledge';
import { loadActorsFile } from './actors/gazetteer';
import type { ActorsFile } from './actors/types';
import { CorpusIndex, type ChangeReport } from './corpusIndex';
import { listDocumentFiles, readDocument, readSidecar, type SidecarMeta } from './corpus/loadCorpus';
import type { CorpusDocument, LoadWarning } from './corpus/types';
import { describeWriteError, loadSnapshot, saveSnapshot, settingsFingerprint, sweepStaleTemps, type SnapshotIo } from './persist/snapshot';

export interface LiveOptions {
  corpusDir: string;
  dataDir: string;
  actorsFile?: string;
  /** Keep a snapshot of the index in dataDir (default on). */
  snapshots?: boolean;
  log?: (m: string) => void;
  /** The snapshot's file writes (tests inject a full disk). */
  io?: SnapshotIo;
}

/**
 * How often the corpus folder itself is checked: a folder deleted and made again, or swapped for
 * another by a rename, is a new folder the watcher does not see.
 */
const ROOT_CHECK_MS = 2000;

const DOCUMENT = /\.(txt|md|markdown)$/i;

/**
 * The corpus folder kept in step with the index: at start from a snapshot when one fits (only what
 * changed since is re-read), then by watching the folder and applying each change in place.
 */
export class LiveCorpus {
  corpus!: CorpusIndex;
  /** How the last start went, for logs and the benchmark. */
  startup: { from: 'snapshot' | 'scratch'; reason?: string; report?: ChangeReport; ms: number } = { from: 'scratch', ms: 0 };
  private watcher?: FSWatcher;
  private pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private savedVersion = -1;
  private warned = new Map<string, string>();
  private actors: { file?: ActorsFile; text: string; error?: string } = { text: '' };
  private settings = '';
  private listeners: Array<(r: ChangeReport) => void> = [];
  readonly log: (m: string) => void;

  constructor(readonly opts: LiveOptions) {
    this.log = opts.log ?? ((m) => console.error(m));
  }

  get snapshotPath(): string {
    const tag = createHash('sha1').update(this.opts.corpusDir).digest('hex').slice(0, 12);
    return join(this.opts.dataDir, `index-${tag}.snapshot`);
  }

  /**
   * Reads the actors file. A file that fails validation is ignored with one warning naming it and the
   * field; the actors read before stay in force (at start: none of the file's, the built-in ones only).
   */
  private readActors() {
    let text = '';
    if (this.opts.actorsFile) {
      try {
        text = readFileSync(this.opts.actorsFile, 'utf8');
      } catch {
        text = '';
      }
    }
    const parsed = this.opts.actorsFile ? loadActorsFile(this.opts.actorsFile) : {};
    if (parsed.error) {
      this.warnOnce('actors', `actors file ignored, ${this.actors.file ? 'the previous actors are kept' : 'using the built-in actors'}: ${parsed.error}`);
      if (this.settings) return;
      this.actors = { text: '', error: parsed.error };
      this.settings = settingsFingerprint('');
      return;
    }
    this.warned.delete('actors');
    this.actors = { file: parsed.file, text, error: parsed.error };
    this.settings = settingsFingerprint(text);
  }

  /** Loads the snapshot if it can be trusted, then brings it up to date with the folder; else indexes everything. */
  open(): this {
    const t0 = performance.now();
    this.readActors();
    const useSnapshot = this.opts.snapshots !== false;
    if (useSnapshot) {
      const swept = sweepStaleTemps(this.opts.dataDir);
      if (swept.length) this.log(`removed ${swept.length} unfinished snapshot file(s) left by an interrupted save: ${swept.join(', ')}`);
    }
    const snap = useSnapshot ? loadSnapshot(this.snapshotPath, this.settings, this.opts.corpusDir) : { ok: false as const, reason: 'snapshots off' };
    let restored: CorpusIndex | undefined;
    let reason = snap.ok ? '' : snap.reason;
    if (snap.ok) {
      try {
        const lessons = new Map(snap.state.docs.map((d) => [d.doc.file, d.lessons]));
        restored = new CorpusIndex([], [], this.actors.file, { state: snap.state, knowledge: Knowledge.fromLessons(lessons, this.actors.file) });
      } catch (e) {
        // A snapshot that passed its checksum but does not restore (another library's internals): rebuild.
        reason = `unusable (${(e as Error).message})`;
      }
    }
    if (restored) {
      this.corpus = restored;
      const report = this.sync();
      this.startup = { from: 'snapshot', report, ms: performance.now() - t0 };
      if (!report.added.length && !report.replaced.length && !report.removed.length) this.savedVersion = this.corpus.version;
    } else {
      if (useSnapshot && reason !== 'no snapshot yet') this.log(`index snapshot not used: ${reason}; rebuilding.`);
      const docs: CorpusDocument[] = [];
      const warnings = this.readAll(docs);
      this.corpus = new CorpusIndex(docs, warnings, this.actors.file);
      this.startup = { from: 'scratch', reason, ms: performance.now() - t0 };
    }
    if (useSnapshot && this.savedVersion !== this.corpus.version) this.save();
    return this;
  }

  private readAll(into: CorpusDocument[]): LoadWarning[] {
    const sidecar = readSidecar(this.opts.corpusDir);
    const warnings: LoadWarning[] = [];
    let exists = true;
    try {
      exists = statSync(this.opts.corpusDir).isDirectory();
    } catch {
      exists = false;
    }
    if (!exists) {
      this.warnOnce(this.opts.corpusDir, `corpus folder ${this.opts.corpusDir} not found`);
      return [{ file: this.opts.corpusDir, reason: 'corpus folder not found' }];
    }
    for (const f of listDocumentFiles(this.opts.corpusDir)) {
      const r = readDocument(this.opts.corpusDir, f, sidecar);
      if (r.ok) into.push(r.doc);
      else {
        warnings.push(r.warning);
        this.warnOnce(f, `skipped ${f}: ${r.warning.reason}`);
      }
    }
    return warnings;
  }

  private warnOnce(key: string, message: string) {
    if (this.warned.get(key) === message) return;
    this.warned.set(key, message);
    this.log(`warning: ${message}`);
  }

  /**
   * Compares the folder with the index and applies the difference. A file whose size and time are
   * unchanged is not read; one whose bytes hash the same is not re-indexed.
   */
  sync(only?: Iterable<string>): ChangeReport {
    const dir = this.opts.corpusDir;
    const onDisk = new Set(listDocumentFiles(dir));
    const candidates = only ? new Set([...only].filter((f) => DOCUMENT.test(f))) : new Set([...onDisk, ...this.corpus.documents.map((d) => d.file)]);
    let sidecar: Map<string, SidecarMeta> | undefined;
    const upsert: CorpusDocument[] = [];
    const remove: string[] = [];
    const warnings = new Map(this.corpus.warnings.map((w) => [w.file, w]));
    for (const file of candidates) {
      const known = this.corpus.document(file);
      if (!onDisk.has(file)) {
        if (known) remove.push(file);
        warnings.delete(file);
        this.warned.delete(file);
        continue;
      }
      let st;
      try {
        st = statSync(join(dir, file));
      } catch {
        if (known) remove.push(file);
        continue;
      }
      if (known && known.bytes === st.size && known.mtimeMs === st.mtimeMs) continue;
      sidecar ??= readSidecar(dir);
      const r = readDocument(dir, file, sidecar);
      if (!r.ok) {
        warnings.set(file, r.warning);
        this.warnOnce(file, `skipped ${file}: ${r.warning.reason}`);
        if (known) remove.push(file);
        continue;
      }
      warnings.delete(file);
      this.warned.delete(file);
      if (known && known.hash === r.doc.hash) {
        known.mtimeMs = r.doc.mtimeMs;
        continue;
      }
      upsert.push(r.doc);
    }
    this.corpus.warnings = [...warnings.values()];
    const report = this.corpus.apply({ upsert, remove });
    if (report.added.length || report.replaced.length || report.removed.length) {
      this.log(`corpus: ${[report.added.length && `${report.added.length} added`, report.replaced.length && `${report.replaced.length} changed`, report.removed.length && `${report.removed.length} removed`].filter(Boolean).join(', ')}.`);
      for (const l of this.listeners) l(report);
    }
    return report;
  }

  onChange(listener: (r: ChangeReport) => void) {
    this.listeners.push(listener);
  }

  /** Re-reads everything when the actors file changes: what people and places mean has changed. */
  private reloadActors() {
    const before = this.settings;
    this.readActors();
    if (this.settings === before) return;
    const docs: CorpusDocument[] = [];
    const warnings = this.readAll(docs);
    this.corpus = new CorpusIndex(docs, warnings, this.actors.file);
    this.log('actors file changed: re-indexed.');
    this.saveSoon();
  }

  /** Watches the folder (and the actors file); bursts of events (an editor's save) become one update. */
  watch(debounceMs = 150): void {
    this.debounceMs = debounceMs;
    this.startWatcher();
    this.root = rootIdentity(this.opts.corpusDir);
    this.rootTimer = setInterval(() => this.checkRoot(), ROOT_CHECK_MS);
    this.rootTimer.unref();
  }

  private debounceMs = 150;
  private root?: string;
  private rootTimer?: NodeJS.Timeout;

  /** The folder was deleted, re-created or swapped: watch the one now at that path and re-read it. */
  private checkRoot() {
    const now = rootIdentity(this.opts.corpusDir);
    if (now === this.root) return;
    this.root = now;
    this.log(now ? `corpus folder ${this.opts.corpusDir} was replaced; re-reading it.` : `corpus folder ${this.opts.corpusDir} is gone; waiting for it to come back.`);
    void this.watcher?.close();
    this.watcher = undefined;
    if (now) this.startWatcher();
    this.pending.add('\0all');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  private startWatcher(): void {
    const debounceMs = this.debounceMs;
    const dir = this.opts.corpusDir;
    const paths = [dir, ...(this.opts.actorsFile ? [this.opts.actorsFile] : [])];
    this.watcher = watch(paths, {
      ignoreInitial: true,
      depth: 4,
      // A symlink in the corpus is neither indexed nor followed: one to "/" would watch the whole disk.
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
      ignored: (p, stats) => {
        const name = p.split(sep).pop() ?? '';
        if (/(^\.|~$|\.sw[a-p]$|^#.*#$|\.tmp$|\.part$|\.crdownload$)/i.test(name) && p !== dir) return true;
        return !!stats?.isFile() && !DOCUMENT.test(name) && name !== 'metadata.jsonl' && p !== this.opts.actorsFile;
      },
    });
    const queue = (p: string) => {
      if (this.opts.actorsFile && p === this.opts.actorsFile) this.pending.add('\0actors');
      else if (p.endsWith('metadata.jsonl')) this.pending.add('\0all');
      else this.pending.add(relative(dir, p).split(sep).join('/'));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), debounceMs);
    };
    this.watcher.on('add', queue).on('change', queue).on('unlink', queue).on('unlinkDir', (p) => {
      // The corpus folder itself went away: whatever appears at its path next is a new folder.
      if (p === dir) this.root = '';
      this.pending.add('\0all');
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), debounceMs);
    });
    this.watcher.on('error', (e) => this.log(`watcher: ${(e as Error).message}`));
  }

  /** The folders the watcher holds (absolute paths): what it costs in inotify watches. */
  watchedFolders(): string[] {
    return Object.keys(this.watcher?.getWatched() ?? {});
  }

  /** Resolves once the watcher has scanned the folder and reports events. */
  ready(): Promise<void> {
    return new Promise((resolve) => (this.watcher ? this.watcher.once('ready', () => resolve()) : resolve()));
  }

  private flush() {
    const batch = [...this.pending];
    this.pending.clear();
    try {
      if (batch.includes('\0actors')) this.reloadActors();
      else this.sync(batch.includes('\0all') ? undefined : batch);
      this.saveSoon();
    } catch (e) {
      this.log(`corpus update failed: ${(e as Error).message}`);
    }
  }

  /** Saves the snapshot a little after the last change, so a burst of changes costs one save. */
  saveSoon(delayMs = 5000) {
    if (this.opts.snapshots === false) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), delayMs);
    this.saveTimer.unref();
  }

  save(): void {
    if (this.opts.snapshots === false || this.savedVersion === this.corpus.version) return;
    try {
      saveSnapshot(this.snapshotPath, this.corpus.exportState(), this.settings, this.opts.corpusDir, this.opts.io);
      this.savedVersion = this.corpus.version;
      this.warned.delete('\0save');
    } catch (e) {
      this.warnOnce('\0save', `could not save the index snapshot: ${describeWriteError(e, `DATA_DIR (${this.opts.dataDir})`)}. Answers go on from memory; the next start re-reads the folder.`);
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.rootTimer);
    clearTimeout(this.saveTimer);
    await this.watcher?.close();
    this.save();
  }
}

/** Which folder is at a path now (device and inode), or '' when none is. */
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
