import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { loadActorsFile } from './actors/gazetteer';
import { Knowledge, learnedFromLessons } from './actors/knowledge';
import type { ActorsFile } from './actors/types';
import { CorpusIndex, type ChangeReport, type CorpusChange } from './corpusIndex';
import type { CorpusDocument, LoadWarning } from './corpus/types';
import {
  appendJournal,
  compactSnapshot,
  describeWriteError,
  journalEntry,
  journalPathOf,
  loadSnapshot,
  readRest,
  restartJournal,
  saveSnapshot,
  settingsFingerprint,
  sweepStaleTemps,
  type JournalReplay,
  type RestOfSnapshot,
  type SnapshotIo,
} from './persist/snapshot';
import type { SearchLoad } from './search/indexFrames';
import { FolderSource } from './sources/folder';
import { drain, Slices } from './util/steps';
import type { DocumentSource } from './sources/source';

export interface LiveIndexOptions {
  /** Where documents come from; `corpusDir` is a shorthand for one folder. */
  sources?: DocumentSource[];
  corpusDir?: string;
  dataDir: string;
  actorsFile?: string;
  /** Keep a snapshot of the index in dataDir (default on). */
  snapshots?: boolean;
  log?: (m: string) => void;
  /** The snapshot's file writes (tests inject a full disk). */
  io?: SnapshotIo;
  /** The compiled compaction worker; by default the one beside this module (none under the test runner: compacts inline). */
  compactWorker?: string;
  /** `open({ searchLater })` defers a search index of at least this many bytes (default SEARCH_LATER_BYTES; INDEX_SEARCH_LATER_MB). */
  searchLaterFromBytes?: number;
}

/**
 * A search index smaller than this (about 40k sentences) loads in under 0.1 s: not worth a moment
 * in which /search says it is still loading.
 */
const SEARCH_LATER_BYTES = 4_000_000;

/** A burst of events (an editor's save, a feed's batch) becomes one update this long after the last. */
const DEBOUNCE_MS = 150;
/** The snapshot is written this long after the last change, so a burst of changes costs one save. */
const SAVE_DELAY_MS = 5000;
/**
 * The journal is folded into a new snapshot once it holds this share of the snapshot's bytes (and
 * at least COMPACT_MIN_BYTES): replaying it at start costs about what indexing those documents does.
 */
const COMPACT_SHARE = 0.1;
const COMPACT_MIN_BYTES = 2_000_000;
/** Work done between two turns of the event loop when it can be cut finely (re-reading documents), ms. */
const SLICE_MS = 8;

/** Lets the event loop answer what is waiting (timers, sockets) before the next slice of background work. */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/**
 * The index kept in step with its sources: at start from a snapshot when one fits (then only what
 * changed since is re-read), else from every source; then each source's changes, applied in place.
 * The index belongs here, not to any source; the actors file is watched here too, since what people
 * and places mean changes every document.
 */
export class LiveIndex {
  corpus!: CorpusIndex;
  readonly sources: DocumentSource[];
  /** How the last start went, for logs and the benchmark. */
  startup: {
    from: 'snapshot' | 'scratch';
    reason?: string;
    report?: ChangeReport;
    /** The journal entries replayed over the snapshot's base. */
    journal?: JournalReplay;
    /** Who is who came from what the snapshot saved, not learned again from the lessons. */
    learned?: boolean;
    /** Until the first answer could be given. */
    ms: number;
    /** Until the search index was loaded too, when it was loaded after answering began (see open). */
    searchMs?: number;
  } = {
    from: 'scratch',
    ms: 0,
  };
  private pending = new Map<DocumentSource, Set<string> | 'all'>();
  private actorsPending = false;
  private timer?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private savedVersion = -1;
  private warned = new Map<string, string>();
  private warnings = new Map<string, LoadWarning>();
  private actors: { file?: ActorsFile; text: string; error?: string } = { text: '' };
  private settings = '';
  private listeners: Array<(r: ChangeReport) => void> = [];
  private actorsWatcher?: FSWatcher;
  private debounceMs = DEBOUNCE_MS;
  /** The watcher's batch being applied, slice by slice. */
  private flushing?: Promise<void>;
  /**
   * The snapshot on disk is a base plus a journal of the documents changed since (see persist/snapshot):
   * the base's checksum, its size, and how many bytes the journal holds (0: not started).
   */
  private base?: { sha256: string; bytes: number };
  private journalBytes = 0;
  private compacting?: Promise<void>;
  private compactTimer?: NodeJS.Timeout;
  private worker?: Worker;
  /** True while a start from a snapshot loads its search index after answering began; changes wait. */
  private loadingSearch = false;
  private stopped = false;
  /** Resolves once the index is whole and compared with its sources (at once unless `open` left work to do). */
  loaded: Promise<void> = Promise.resolve();
  readonly log: (m: string) => void;

  constructor(readonly opts: LiveIndexOptions) {
    this.log = opts.log ?? ((m) => console.error(m));
    this.sources = opts.sources ?? (opts.corpusDir ? [new FolderSource(opts.corpusDir)] : []);
  }

  /** What the snapshot is for: every source's id. Another set of sources is another index. */
  get identity(): string {
    return this.sources
      .map((s) => s.id)
      .sort()
      .join('\n');
  }

  get snapshotPath(): string {
    const tag = createHash('sha1').update(this.identity).digest('hex').slice(0, 12);
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
      this.warnOnce(
        '\0actors',
        `actors file ignored, ${this.actors.file ? 'the previous actors are kept' : 'using the built-in actors'}: ${parsed.error}`,
      );
      if (this.settings) return;
      this.actors = { text: '', error: parsed.error };
      this.settings = settingsFingerprint('');
      return;
    }
    this.warned.delete('\0actors');
    this.actors = { file: parsed.file, text, error: parsed.error };
    this.settings = settingsFingerprint(text);
  }

  /**
   * Loads the snapshot if it can be trusted, then brings it up to date with the sources; else reads
   * everything. With `searchLater` a start from a snapshot returns once the documents, who is who
   * and the mentions are in (what /position, /quotes and /digest read) and loads the search index and
   * compares with the sources in slices afterwards (`loaded`): at 1M sentences the search index was
   * 3.7 s of an 11 s start. Searches meanwhile say the index is still loading.
   */
  open(opts: { searchLater?: boolean } = {}): this {
    const t0 = performance.now();
    this.readActors();
    const useSnapshot = this.opts.snapshots !== false;
    if (useSnapshot) {
      const swept = sweepStaleTemps(this.opts.dataDir);
      if (swept.length)
        this.log(
          `removed ${swept.length} unfinished snapshot file(s) left by an interrupted save: ${swept.join(', ')}`,
        );
    }
    const snap = useSnapshot
      ? loadSnapshot(
          this.snapshotPath,
          this.settings,
          this.identity,
          opts.searchLater ? (this.opts.searchLaterFromBytes ?? SEARCH_LATER_BYTES) : Infinity,
        )
      : { ok: false as const, reason: 'snapshots off' };
    let restored: CorpusIndex | undefined;
    let reason = snap.ok ? '' : snap.reason;
    const rest = snap.ok ? snap.rest : undefined;
    if (snap.ok) {
      try {
        const lessons = new Map(snap.state.docs.map((d) => [d.doc.file, d.lessons]));
        restored = new CorpusIndex([], [], this.actors.file, {
          state: snap.state,
          search: snap.search,
          // What was learned is saved with the lessons unless the journal changed them since.
          knowledge: snap.state.learned
            ? Knowledge.fromLearned(lessons, snap.state.learned, this.actors.file)
            : Knowledge.fromLessons(lessons, this.actors.file),
        });
        if (!rest) drain(restored.loadSearchSteps());
      } catch (e) {
        // A snapshot that passed its checksum but does not restore (another library's internals): rebuild.
        restored = undefined;
        reason = `unusable (${(e as Error).message})`;
      }
    }
    if (restored && snap.ok) {
      this.corpus = restored;
      this.base = { sha256: snap.header.sha256, bytes: snap.header.bytes };
      this.journalBytes = snap.journal.ignored ? 0 : snap.journal.bytes;
      this.savedVersion = this.corpus.version;
      this.startup = {
        from: 'snapshot',
        journal: snap.journal,
        learned: !!snap.state.learned,
        ms: performance.now() - t0,
      };
      if (rest) {
        this.loadingSearch = true;
        this.loaded = this.finishStart(useSnapshot, rest, snap.search);
        return this;
      }
      this.startup.report = this.sync();
      this.startup.ms = performance.now() - t0;
    } else {
      if (useSnapshot && reason !== 'no snapshot yet') this.log(`index snapshot not used: ${reason}; rebuilding.`);
      this.corpus = new CorpusIndex(this.readAll(), [], this.actors.file);
      this.corpus.warnings = [...this.warnings.values()];
      this.startup = { from: 'scratch', reason, ms: performance.now() - t0 };
    }
    if (useSnapshot && this.savedVersion !== this.corpus.version) this.save();
    return this;
  }

  /**
   * The rest of a start that answered early: the search index read and the snapshot's checksum
   * checked, the index loaded a slice at a time, then the sources compared.
   */
  private async finishStart(useSnapshot: boolean, rest: RestOfSnapshot, search: SearchLoad): Promise<void> {
    const t0 = performance.now();
    // Whatever is waiting (the first question) goes first.
    await nextTurn();
    if (this.stopped) return;
    try {
      const read = await readRest(rest, nextTurn);
      // Damaged on disk, so the documents answered from may be too: everything is read again.
      if (!read.ok) throw new Error(read.reason);
      search.frames = read.frames;
      if (this.stopped) return;
      const slices = new Slices(SLICE_MS, nextTurn);
      const steps = this.corpus.loadSearchSteps();
      while (!steps.next().done) {
        await slices.pause();
        if (this.stopped) return;
      }
    } catch (e) {
      const reason = (e as Error).message;
      this.log(`index snapshot not used: ${reason}; rebuilding.`);
      this.startup = { ...this.startup, from: 'scratch', reason };
      this.corpus = new CorpusIndex(this.readAll(), [], this.actors.file);
      this.corpus.warnings = [...this.warnings.values()];
      this.savedVersion = -1;
      this.base = undefined;
    }
    this.loadingSearch = false;
    this.startup.searchMs = this.startup.ms + performance.now() - t0;
    try {
      this.startup.report = this.sync();
      if (useSnapshot && this.savedVersion !== this.corpus.version) this.save();
    } catch (e) {
      // As a watcher's batch that fails: said, and the bot answers on (`loaded` never rejects).
      this.log(`corpus update failed: ${(e as Error).message}`);
    }
  }

  /** Every document of every source, as at a first start. */
  private readAll(): CorpusDocument[] {
    const docs: CorpusDocument[] = [];
    for (const source of this.sources) {
      const scan = source.scan(new Map());
      this.noteWarnings(scan.warnings);
      docs.push(...scan.change.upsert);
    }
    return docs;
  }

  private noteWarnings(found: Map<string, LoadWarning | undefined>) {
    for (const [file, w] of found) {
      if (!w) {
        this.warnings.delete(file);
        this.warned.delete(file);
        continue;
      }
      this.warnings.set(file, w);
      this.warnOnce(
        file,
        w.reason === 'corpus folder not found' ? `corpus folder ${file} not found` : `skipped ${file}: ${w.reason}`,
      );
    }
  }

  private warnOnce(key: string, message: string) {
    if (this.warned.get(key) === message) return;
    this.warned.set(key, message);
    this.log(`warning: ${message}`);
  }

  /** This source's documents in the index, by file. */
  private heldBy(source: DocumentSource, files?: Iterable<string>): Map<string, CorpusDocument> {
    const single = this.sources.length === 1;
    // A snapshot from before documents carried their origin belongs to the only source there is.
    const mine = (d: CorpusDocument | undefined): d is CorpusDocument =>
      !!d && (d.origin === source.id || (single && d.origin === undefined));
    // A watcher's few files: looked up, not the whole corpus listed (sorting 50k documents per
    // file was most of a slice at 1M sentences).
    if (files)
      return new Map(
        [...files]
          .map((f) => this.corpus.document(f))
          .filter(mine)
          .map((d) => [d.file, d]),
      );
    return new Map([...this.corpus.unorderedDocuments()].filter(mine).map((d) => [d.file, d]));
  }

  /**
   * Compares the sources with the index and applies the difference in one change. A source told
   * which files to look at (`only`) reads just those.
   */
  sync(only?: Map<DocumentSource, Set<string> | 'all'>): ChangeReport {
    // The start compares every source with the index once its search index is in: nothing is missed.
    if (this.loadingSearch) return { added: [], replaced: [], removed: [], reanalysed: 0, touched: [] };
    const report = this.corpus.apply(this.scan(only));
    this.persist(report);
    this.announce(report);
    return report;
  }

  /** What changed in the sources (all of them, or the files named per source), read and parsed. */
  private scan(only?: Map<DocumentSource, Set<string> | 'all'>): CorpusChange {
    const change: CorpusChange = { upsert: [], remove: [] };
    for (const source of this.sources) {
      const hint = only ? only.get(source) : 'all';
      if (!hint) continue;
      const files = hint === 'all' ? undefined : [...hint];
      const scan = source.scan(this.heldBy(source, files), files);
      this.noteWarnings(scan.warnings);
      change.upsert.push(...scan.change.upsert);
      change.remove.push(...scan.change.remove);
    }
    this.corpus.warnings = [...this.warnings.values()];
    return change;
  }

  private announce(report: ChangeReport) {
    if (report.added.length || report.replaced.length || report.removed.length) {
      this.log(
        `corpus: ${[report.added.length && `${report.added.length} added`, report.replaced.length && `${report.replaced.length} changed`, report.removed.length && `${report.removed.length} removed`].filter(Boolean).join(', ')}.`,
      );
      for (const l of this.listeners) l(report);
    }
  }

  /**
   * The same as `sync` for the watcher's batches, in slices with the event loop free in between: a
   * burst of a hundred new articles held the loop for 4.4 s at 100k sentences, and every question
   * asked meanwhile waited. Each file is read, analysed and indexed in a slice of its own and is
   * answerable at once; who is who is re-learned once for the whole batch (it reads every document's
   * lessons: 60 ms at 100k sentences and 250 ms at 1M, where one article costs 5) on a copy, a few
   * milliseconds at a time, and swapped in at once; then the documents naming someone who changed are
   * read again a few milliseconds' worth at a time. Listeners hear of the batch once.
   */
  async syncInSlices(only: Map<DocumentSource, Set<string> | 'all'>): Promise<ChangeReport> {
    const total: ChangeReport = { added: [], replaced: [], removed: [], reanalysed: 0, touched: [] };
    const corpus = this.corpus;
    const batch = corpus.beginBatch();
    const slices: Array<Map<DocumentSource, Set<string> | 'all'>> = [];
    for (const [source, hint] of only) {
      if (hint === 'all') slices.push(new Map([[source, 'all']]));
      else {
        // Read and split in the read pool while the loop answers; the slices below analyse and index.
        await source.prefetch?.([...hint]);
        for (const file of hint) slices.push(new Map([[source, new Set([file])]]));
      }
    }
    for (const [i, slice] of slices.entries()) {
      if (i > 0) await nextTurn();
      const r = corpus.applyDocuments(batch, this.scan(slice));
      total.added.push(...r.added);
      total.replaced.push(...r.replaced);
      total.removed.push(...r.removed);
      total.reanalysed += r.reanalysed;
    }
    await nextTurn();
    const learningSlices = new Slices(SLICE_MS, nextTurn);
    const learning = corpus.relearnSteps(batch);
    let step = learning.next();
    while (!step.done) {
      await learningSlices.pause();
      step = learning.next();
    }
    for (const file of step.value) {
      await learningSlices.pause();
      total.reanalysed += corpus.reanalyse(file);
    }
    total.touched = [...batch.touched];
    this.announce(total);
    await this.persistInSlices(total);
    return total;
  }

  onChange(listener: (r: ChangeReport) => void) {
    this.listeners.push(listener);
  }

  /** Re-reads everything when the actors file changes: what people and places mean has changed. */
  private reloadActors() {
    const before = this.settings;
    this.readActors();
    if (this.settings === before) return;
    this.warnings.clear();
    // Every record changes: the journal cannot carry that; a whole new snapshot is written.
    void this.worker?.terminate();
    this.base = undefined;
    this.savedVersion = -1;
    this.corpus = new CorpusIndex(this.readAll(), [], this.actors.file);
    this.corpus.warnings = [...this.warnings.values()];
    this.log('actors file changed: re-indexed.');
    this.saveSoon();
  }

  /** Starts every source's watcher (and the actors file's); bursts of events become one update. */
  watch(debounceMs = DEBOUNCE_MS): void {
    if (this.stopped) return;
    this.debounceMs = debounceMs;
    for (const source of this.sources) {
      source.watch((files) => {
        const now = this.pending.get(source);
        if (!files) this.pending.set(source, 'all');
        else if (now !== 'all') this.pending.set(source, new Set([...(now ?? []), ...files]));
        this.schedule();
      });
    }
    if (this.opts.actorsFile) {
      this.actorsWatcher = watch(this.opts.actorsFile, {
        ignoreInitial: true,
        awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
      });
      const queue = () => {
        this.actorsPending = true;
        this.schedule();
      };
      this.actorsWatcher.on('add', queue).on('change', queue).on('unlink', queue);
      this.actorsWatcher.on('error', (e) => this.log(`watcher: ${(e as Error).message}`));
    }
  }

  private schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /** The folders the sources' watchers hold: what watching costs. */
  watchedFolders(): string[] {
    return this.sources.flatMap((s) => (s instanceof FolderSource ? s.watchedFolders() : []));
  }

  /** Resolves once every watcher reports events. */
  async ready(): Promise<void> {
    await Promise.all([
      ...this.sources.map((s) => s.ready()),
      this.actorsWatcher ? new Promise<void>((r) => this.actorsWatcher!.once('ready', () => r())) : undefined,
    ]);
  }

  private flush() {
    // One batch at a time: a batch arriving while another is applied (or the start finishes) waits for it.
    if (this.flushing || this.loadingSearch) {
      this.schedule();
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    const actors = this.actorsPending;
    this.actorsPending = false;
    this.flushing = (async () => {
      try {
        if (actors) this.reloadActors();
        if (batch.size) await this.syncInSlices(batch);
      } catch (e) {
        this.log(`corpus update failed: ${(e as Error).message}`);
      }
    })().finally(() => (this.flushing = undefined));
  }

  /** Writes a whole new snapshot a little after the last change (after the actors changed, every record did). */
  saveSoon(delayMs = SAVE_DELAY_MS) {
    if (this.opts.snapshots === false) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), delayMs);
    this.saveTimer.unref();
  }

  /**
   * Writes the whole snapshot from memory, on this thread, and starts an empty journal: at a first
   * start (before any question) and after the actors file changed. Every other change goes to the
   * journal (`persist`), and a worker folds the journal into the snapshot (`compact`).
   */
  save(): void {
    if (this.opts.snapshots === false || this.savedVersion === this.corpus.version) return;
    try {
      const written = saveSnapshot(
        this.snapshotPath,
        this.corpus.exportState(),
        this.settings,
        this.identity,
        this.opts.io,
      );
      this.base = written;
      this.journalBytes = restartJournal(this.journalPath, written.sha256, Buffer.alloc(0), this.opts.io);
      this.savedVersion = this.corpus.version;
      this.warned.delete('\0save');
    } catch (e) {
      this.base = undefined;
      this.saveFailed(e);
    }
  }

  private saveFailed(e: unknown) {
    this.warnOnce(
      '\0save',
      `could not save the index snapshot: ${describeWriteError(e, `DATA_DIR (${this.opts.dataDir})`)}. Answers go on from memory; the next start re-reads the sources.`,
    );
  }

  get journalPath(): string {
    return journalPathOf(this.snapshotPath);
  }

  /** How the snapshot stands on disk, for logs and the benchmark. */
  get persistence(): { baseBytes: number; journalBytes: number; compacting: boolean } {
    return { baseBytes: this.base?.bytes ?? 0, journalBytes: this.journalBytes, compacting: !!this.compacting };
  }

  /** The journal entries of a change: each document it added, changed, re-read or removed. */
  private entriesOf(report: ChangeReport): string[] {
    return [...new Set([...report.touched, ...report.removed])];
  }

  /** Writes a change to the journal (a start-up or `refresh()` change, applied in one go). */
  private persist(report: ChangeReport) {
    const files = this.entriesOf(report);
    if (!files.length || this.opts.snapshots === false || !this.base) return;
    this.append(files.map((f) => this.entryOf(f)));
  }

  /** A document's journal entry: its record as it is now, or its removal. */
  private entryOf(file: string): Buffer {
    return journalEntry(file, this.corpus.exportRecord(file), this.corpus.nextSentenceId);
  }

  /** Writes a watcher batch to the journal, a few milliseconds of encoding at a time. */
  private async persistInSlices(report: ChangeReport) {
    const files = this.entriesOf(report);
    if (!files.length || this.opts.snapshots === false || !this.base) return;
    const entries: Buffer[] = [];
    const slices = new Slices(SLICE_MS, nextTurn);
    for (const f of files) {
      await slices.pause();
      entries.push(this.entryOf(f));
    }
    this.append(entries);
  }

  private append(entries: Buffer[]) {
    try {
      const data = Buffer.concat(entries);
      if (!this.journalBytes)
        this.journalBytes = restartJournal(this.journalPath, this.base!.sha256, data, this.opts.io);
      else {
        appendJournal(this.journalPath, data, this.opts.io);
        this.journalBytes += data.length;
      }
      this.savedVersion = this.corpus.version;
      this.warned.delete('\0save');
    } catch (e) {
      // The journal no longer matches what is in memory: the next save writes everything.
      this.base = undefined;
      this.saveFailed(e);
      this.saveSoon();
      return;
    }
    if (this.journalBytes > Math.max(COMPACT_MIN_BYTES, this.base!.bytes * COMPACT_SHARE)) this.compactSoon();
  }

  private compactSoon() {
    if (this.compacting || this.compactTimer) return;
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      void this.compact();
    }, SAVE_DELAY_MS);
    this.compactTimer.unref();
  }

  /**
   * Folds the journal into a new snapshot in a worker thread, from the files on disk: the answering
   * thread only reads back the journal's tail (what was appended meanwhile) and starts it again.
   * Run inline where there is no compiled worker (the test runner loads TypeScript sources).
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (!this.base || !this.journalBytes || this.opts.snapshots === false) return Promise.resolve();
    const job = {
      path: this.snapshotPath,
      settings: this.settings,
      sources: this.identity,
      upTo: this.journalBytes,
      actors: this.actors.file,
    };
    const workerFile = this.opts.compactWorker ?? join(__dirname, 'persist', 'compactWorker.js');
    const run = existsSync(workerFile)
      ? new Promise<ReturnType<typeof compactSnapshot>>((resolve) => {
          const w = (this.worker = new Worker(workerFile, { workerData: job }));
          w.once('message', (m: ReturnType<typeof compactSnapshot>) => resolve(m));
          w.once('error', (e) => resolve({ ok: false, reason: e.message }));
          w.once('exit', (code) => resolve({ ok: false, reason: `worker stopped (${code})` }));
        })
      : Promise.resolve().then(() =>
          compactSnapshot(job.path, job.settings, job.sources, job.upTo, this.opts.io, (lessons) =>
            learnedFromLessons(lessons, job.actors),
          ),
        );
    this.compacting = run
      .then((r) => {
        if (!r.ok) {
          this.log(`snapshot compaction skipped: ${r.reason}`);
          return;
        }
        // The entries appended while the worker ran follow the part it folded in: they start the new journal.
        const tail = readFileSync(this.journalPath).subarray(r.journalUsed);
        this.journalBytes = restartJournal(this.journalPath, r.sha256, tail, this.opts.io);
        this.base = { sha256: r.sha256, bytes: r.bytes };
      })
      .catch((e) => {
        this.base = undefined;
        this.saveFailed(e);
      })
      .finally(() => {
        this.compacting = undefined;
        void this.worker?.terminate();
        this.worker = undefined;
      });
    return this.compacting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loaded;
    clearTimeout(this.timer);
    clearTimeout(this.saveTimer);
    clearTimeout(this.compactTimer);
    await this.flushing;
    await Promise.all([...this.sources.map((s) => s.stop()), this.actorsWatcher?.close()]);
    // A compaction in progress is abandoned (the journal still holds its changes); a failed save is retried.
    await this.worker?.terminate();
    await this.compacting;
    if (!this.base) this.save();
  }
}
