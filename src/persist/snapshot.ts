import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { DocumentLessons, LearnedState } from '../actors/knowledge';
import type { CorpusIndexState, DocMentions, DocumentRecord, LoadedDocuments } from '../corpusIndex';
import type { CorpusDocument, LineKind, Sentence } from '../corpus/types';
import type { Quote } from '../quotes/attribute';
import { indexFrames, type SearchLoad } from '../search/indexFrames';
import { INDEX_OPTIONS, SentenceIndex } from '../search/sentenceIndex';
import { drain } from '../util/steps';
import { STOP_WORDS } from '../search/terms';

/**
 * Bump when what is derived from a document changes (splitting, actors, quotes, scores): a snapshot
 * made by other code is then rebuilt, never trusted.
 */
export const ANALYSIS_VERSION = 3;
const FORMAT = 'briefing-snapshot/7';

const KINDS: LineKind[] = ['title', 'heading', 'body', 'bullet', 'furniture'];

/**
 * The modules that turn documents into the index: the document reader, the corpus index and
 * everything they import from this project, found by walking the loaded module graph (so a new
 * analysis module is covered without being listed). Any change to one makes old snapshots untrustworthy.
 */
export function analysisModules(): string[] {
  const entries = [require.resolve('../corpus/loadCorpus'), require.resolve('../corpusIndex')];
  const srcRoot = dirname(entries[1]!);
  const seen = new Set<string>();
  const walk = (m: NodeJS.Module | undefined) => {
    if (
      !m ||
      seen.has(m.filename) ||
      !m.filename.startsWith(srcRoot + sep) ||
      m.filename.includes(`${sep}node_modules${sep}`)
    )
      return;
    seen.add(m.filename);
    for (const c of m.children) walk(c);
  };
  for (const e of entries) {
    // Loaded here if nothing loaded it yet (the fingerprint is computed lazily, never during module set-up).
    require(e);
    walk(require.cache[e]);
  }
  return [...seen].sort();
}

function analysisCodeHash(): string {
  const h = createHash('sha256');
  // Under the test runner modules are not in require.cache: then the version constant guards the format.
  for (const f of analysisModules())
    h.update(`${relative(dirname(require.resolve('../corpusIndex')), f)}\n`).update(readFileSync(f));
  return h.digest('hex');
}

let codeHash: string | undefined;

/** The index snapshot holds MiniSearch's own structures: another MiniSearch release means a rebuild. */
function miniSearchVersion(): string {
  // Its package.json is not exported: walk up from the entry point to it.
  for (let dir = dirname(require.resolve('minisearch')); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'minisearch') return pkg.version ?? 'unknown';
    } catch {
      // No package.json at this level.
    }
  }
  return 'unknown';
}

/** Identifies everything a snapshot depends on besides the documents: code, index settings, actors. */
export function settingsFingerprint(actorsText: string): string {
  const h = createHash('sha256');
  codeHash ??= analysisCodeHash();
  h.update(`${FORMAT}|${ANALYSIS_VERSION}|${codeHash}|minisearch ${miniSearchVersion()}|`);
  h.update(
    JSON.stringify({
      fields: INDEX_OPTIONS.fields,
      storeFields: INDEX_OPTIONS.storeFields,
      stop: [...STOP_WORDS].sort(),
    }),
  );
  h.update(actorsText);
  return h.digest('hex').slice(0, 32);
}

/** Numbers per sentence in PackedDoc.nums: id, line, start, end, kind, section index (-1 none), paragraph. */
const NUMS = 7;

/**
 * One document in a snapshot, column by column: typed arrays clone as one block each, where an
 * array per sentence would cost an object apiece to read back.
 */
interface PackedDoc {
  meta: Omit<CorpusDocument, 'sentences'>;
  sections: string[];
  texts: string[];
  nums: Int32Array;
  quotes: Quote[];
  mentions: DocMentions;
  lessons: DocumentLessons;
  indexedAt: number;
}

/**
 * The head of a snapshot's body: the next sentence id and the documents' files in frame order. The
 * body goes on with one frame per document, then the search index's frames (see indexFrames), last
 * because a start answers from the documents before the search index is loaded.
 */
interface Head {
  nextId: number;
  files: string[];
  /** What was learned from these documents' lessons (absent when the writer had lessons still to learn). */
  learned?: LearnedState;
}

function packDoc(r: DocumentRecord): PackedDoc {
  const { sentences, ...meta } = r.doc;
  const sections: string[] = [];
  const sectionIndex = new Map<string, number>();
  const nums = new Int32Array(sentences.length * NUMS);
  sentences.forEach((x, i) => {
    let si = -1;
    if (x.section !== undefined) {
      si = sectionIndex.get(x.section) ?? -1;
      if (si < 0) {
        si = sections.push(x.section) - 1;
        sectionIndex.set(x.section, si);
      }
    }
    nums.set([x.id, x.line, x.start, x.end, KINDS.indexOf(x.kind), si, x.paragraph], i * NUMS);
  });
  return {
    meta,
    sections,
    texts: sentences.map((x) => x.text),
    nums,
    quotes: r.quotes,
    mentions: r.mentions,
    lessons: r.lessons,
    indexedAt: r.indexedAt,
  };
}

function unpackDoc(d: PackedDoc): DocumentRecord {
  const file = d.meta.file;
  const n = d.nums;
  const sentences: Sentence[] = d.texts.map((text, i) => {
    const o = i * NUMS;
    const s: Sentence = {
      id: n[o]!,
      doc: file,
      line: n[o + 1]!,
      start: n[o + 2]!,
      end: n[o + 3]!,
      text,
      kind: KINDS[n[o + 4]!]!,
      paragraph: n[o + 6]!,
    };
    if (n[o + 5]! >= 0) s.section = d.sections[n[o + 5]!];
    return s;
  });
  return {
    doc: { ...d.meta, sentences },
    quotes: d.quotes,
    mentions: d.mentions,
    lessons: d.lessons,
    indexedAt: d.indexedAt,
  };
}

/** One document's record as the bytes a snapshot or a journal entry holds. */
export function encodeRecord(r: DocumentRecord): Buffer {
  return serialize(packDoc(r));
}

function decodeRecord(b: Uint8Array): DocumentRecord {
  return unpackDoc(deserialize(b) as PackedDoc);
}

/**
 * Length-prefixed frames: the body of a snapshot (the head, then one frame per document) and the
 * entries of a journal. A document's frame is copied as bytes when a snapshot is compacted.
 */
function frame(b: Uint8Array): Buffer[] {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(b.length);
  return [len, Buffer.from(b.buffer, b.byteOffset, b.length)];
}

/** The frames of `buf` from `offset`; a torn last frame (a write cut short) ends the list. */
function readFrames(buf: Buffer, offset = 0): { frames: Buffer[]; end: number } {
  const frames: Buffer[] = [];
  let o = offset;
  while (o + 4 <= buf.length) {
    const len = buf.readUInt32LE(o);
    if (o + 4 + len > buf.length) break;
    frames.push(buf.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return { frames, end: o };
}

export interface SnapshotHeader {
  format: string;
  settings: string;
  /** The identity of every source feeding the index (their ids, sorted). */
  sources: string;
  bytes: number;
  sha256: string;
  savedAt: string;
  documents: number;
  /** Frames of the search index, after the documents'. */
  searchFrames: number;
  /** Bytes of the body before the search index's frames: what a start that answers early reads first. */
  coreBytes: number;
}

/** The file writes a snapshot makes; tests put a failing one here (a full disk) without filling a disk. */
export interface SnapshotIo {
  writeFile(path: string, data: Buffer): void;
  appendFile?(path: string, data: Buffer): void;
}

const fsIo: SnapshotIo = { writeFile: (p, d) => writeFileSync(p, d), appendFile: (p, d) => appendFileSync(p, d) };

/** Appends journal entries (the io's own append, else the file system's). */
export function appendJournal(path: string, data: Buffer, io: SnapshotIo = fsIo) {
  (io.appendFile ?? fsIo.appendFile!)(path, data);
}

/**
 * Starts the journal again after a compaction: a header for the new base, then the entries appended
 * while the compaction ran (`tail`). Written aside and renamed, so a crash leaves one journal or the other.
 */
export function restartJournal(path: string, baseSha256: string, tail: Buffer, io: SnapshotIo = fsIo): number {
  const data = Buffer.concat([journalHeader(baseSha256), tail]);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    io.writeFile(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return data.length;
}

/** A snapshot's temporary file: `<snapshot>.<pid>.tmp`, renamed into place once whole. */
const TEMP = /^(index-[0-9a-f]+\.(?:snapshot|journal))\.(\d+)\.tmp$/;

/**
 * Removes temporary snapshot files left by a process that died while writing (kill -9, power
 * loss, a full disk): nothing else ever removes them, and on a small disk they fill it.
 */
export function sweepStaleTemps(dataDir: string, alive: (pid: number) => boolean = processAlive): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || (Number(m[2]) !== process.pid && alive(Number(m[2])))) continue;
    try {
      rmSync(join(dataDir, name), { force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (permissions): left as it is.
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Says what a failed write means for the person running the bot. */
export function describeWriteError(e: unknown, where: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk holding ${where} is full (${code})`;
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `${where} is not writable (${code})`;
  return (e as Error).message;
}

/** Writes a snapshot atomically (temporary file, then rename), with a checksum over its body. */
export function saveSnapshot(
  path: string,
  state: CorpusIndexState,
  settings: string,
  sources: string,
  io: SnapshotIo = fsIo,
): { bytes: number; sha256: string } {
  const docs = state.docs.map(encodeRecord);
  const head: Head = { nextId: state.nextId, files: state.docs.map((r) => r.doc.file), learned: state.learned };
  return writeSnapshot(path, { head: serialize(head), docs, search: indexFrames(state.index) }, settings, sources, io);
}

/** A snapshot's body, frame by frame. */
interface Body {
  head: Uint8Array;
  docs: Uint8Array[];
  search: Uint8Array[];
}

function writeSnapshot(
  path: string,
  parts: Body,
  settings: string,
  sources: string,
  io: SnapshotIo = fsIo,
): { bytes: number; sha256: string } {
  const core = Buffer.concat([parts.head, ...parts.docs].flatMap(frame));
  const body = Buffer.concat([core, ...parts.search.flatMap(frame)]);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const header: SnapshotHeader = {
    format: FORMAT,
    settings,
    sources,
    bytes: body.length,
    sha256,
    savedAt: new Date().toISOString(),
    documents: parts.docs.length,
    searchFrames: parts.search.length,
    coreBytes: core.length,
  };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    io.writeFile(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
    renameSync(tmp, path);
  } catch (e) {
    // A half-written temporary file is of no use to anyone and takes the room the disk lacks.
    rmSync(tmp, { force: true });
    throw e;
  }
  return { bytes: body.length, sha256 };
}

/** A snapshot as loaded: the documents decoded, the search index still frames to load (see SentenceIndex.loadSteps). */
export type SnapshotResult =
  | {
      ok: true;
      state: LoadedDocuments;
      search: SearchLoad;
      header: SnapshotHeader;
      journal: JournalReplay;
      /** Of a start that answers early: what is still to read and check (see readRest). */
      rest?: RestOfSnapshot;
    }
  | { ok: false; reason: string };

/** What was replayed from the journal at load. */
export interface JournalReplay {
  /** Entries applied; `ignored` says why none were when a journal was there but not used. */
  entries: number;
  bytes: number;
  ignored?: string;
}

/** The base of a snapshot, checked, with its body split into frames (the head first). */
function readBase(
  path: string,
  settings: string,
  sources: string,
): ({ ok: true; header: SnapshotHeader } & Body) | { ok: false; reason: string } {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    return notRead(e);
  }
  const checked = checkHeader(raw, settings, sources);
  if (!checked.ok) return checked;
  const { header, start } = checked;
  const body = raw.subarray(start);
  if (body.length !== header.bytes || createHash('sha256').update(body).digest('hex') !== header.sha256)
    return { ok: false, reason: 'corrupt (checksum mismatch)' };
  const { frames, end } = readFrames(body);
  if (end !== body.length || frames.length !== 1 + header.documents + header.searchFrames)
    return { ok: false, reason: 'corrupt (frames)' };
  return {
    ok: true,
    header,
    head: frames[0]!,
    docs: frames.slice(1, 1 + header.documents),
    search: frames.slice(1 + header.documents),
  };
}

/** Why a snapshot could not be opened: there is none yet, or it cannot be read. */
function notRead(e: unknown): { ok: false; reason: string } {
  const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
  return { ok: false, reason: missing ? 'no snapshot yet' : `unreadable (${(e as Error).message})` };
}

/** The header at the start of `raw`, if it is this format's and for these settings and sources; `start`: where the body begins. */
function checkHeader(
  raw: Buffer,
  settings: string,
  sources: string,
): { ok: true; header: SnapshotHeader; start: number } | { ok: false; reason: string } {
  const nl = raw.indexOf(0x0a);
  if (nl < 0 || nl > 4096) return { ok: false, reason: 'corrupt (no header)' };
  let header: SnapshotHeader;
  try {
    header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as SnapshotHeader;
  } catch {
    return { ok: false, reason: 'corrupt (unreadable header)' };
  }
  if (header.format !== FORMAT) return { ok: false, reason: `another format (${String(header.format)})` };
  if (header.settings !== settings) return { ok: false, reason: 'made with other index settings, code or actors' };
  if (header.sources !== sources) return { ok: false, reason: `made for other sources (${String(header.sources)})` };
  return { ok: true, header, start: nl + 1 };
}

/**
 * The documents of a snapshot read alone, unchecked: the bytes before the search index. A start that
 * answers early reads these, and `readRest` brings the search index and checks the whole body after.
 */
function readCore(
  path: string,
  settings: string,
  sources: string,
):
  | { ok: true; header: SnapshotHeader; head: Buffer; docs: Buffer[]; rest: RestOfSnapshot }
  | { ok: false; reason: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return notRead(e);
  }
  try {
    const first = Buffer.alloc(4096);
    const got = readSync(fd, first, 0, first.length, 0);
    const checked = checkHeader(first.subarray(0, got), settings, sources);
    if (!checked.ok) return checked;
    const { header, start } = checked;
    if (!(header.coreBytes >= 0 && header.coreBytes <= header.bytes)) return { ok: false, reason: 'corrupt (header)' };
    const core = Buffer.allocUnsafe(header.coreBytes);
    // One read() returns at most 2 GB (and may return less): read until the buffer is full.
    for (let got = 0, n = 1; got < core.length; got += n) {
      n = readSync(fd, core, got, core.length - got, start + got);
      if (n === 0) return { ok: false, reason: 'corrupt (truncated)' };
    }
    const { frames, end } = readFrames(core);
    if (end !== core.length || frames.length !== 1 + header.documents) return { ok: false, reason: 'corrupt (frames)' };
    return {
      ok: true,
      header,
      head: frames[0]!,
      docs: frames.slice(1),
      rest: { path, core, offset: start + core.length, header },
    };
  } catch (e) {
    return { ok: false, reason: `unreadable (${(e as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/** What a start that answered early still has to read of its snapshot (see `readRest`). */
export interface RestOfSnapshot {
  path: string;
  core: Buffer;
  offset: number;
  header: SnapshotHeader;
}

/**
 * Reads the search index's frames after the documents (without blocking: the read is the file
 * system's thread pool's) and checks the whole body's checksum, a few megabytes per event-loop turn.
 * A mismatch means the documents already answered from were damaged too: the caller rebuilds.
 */
export async function readRest(
  r: RestOfSnapshot,
  nextTurn: () => Promise<void>,
): Promise<{ ok: true; frames: Buffer[] } | { ok: false; reason: string }> {
  const length = r.header.bytes - r.core.length;
  const rest = Buffer.allocUnsafe(length);
  const file = await open(r.path, 'r');
  try {
    for (let got = 0, n = 1; got < length; got += n) {
      n = (await file.read(rest, got, length - got, r.offset + got)).bytesRead;
      if (n === 0) return { ok: false, reason: 'corrupt (truncated)' };
    }
  } finally {
    await file.close();
  }
  const hash = createHash('sha256');
  for (const part of [r.core, rest])
    for (let o = 0; o < part.length; o += HASHED_PER_TURN) {
      hash.update(part.subarray(o, o + HASHED_PER_TURN));
      await nextTurn();
    }
  if (hash.digest('hex') !== r.header.sha256) return { ok: false, reason: 'corrupt (checksum mismatch)' };
  const { frames, end } = readFrames(rest);
  if (end !== rest.length || frames.length !== r.header.searchFrames) return { ok: false, reason: 'corrupt (frames)' };
  return { ok: true, frames };
}

/** About 4 ms of hashing. */
const HASHED_PER_TURN = 4 << 20;

/**
 * Reads a snapshot, refusing anything it cannot fully trust: another format, other settings, a bad
 * checksum. With a search index of at least `earlyFrom` bytes, the documents alone: the result's
 * `rest` then reads the search index's frames and checks the whole checksum (see readRest), and
 * its search frames stay empty until then.
 */
export function loadSnapshot(path: string, settings: string, sources: string, earlyFrom = Infinity): SnapshotResult {
  let base: ReturnType<typeof readBase> | ReturnType<typeof readCore> = { ok: false, reason: '' };
  if (earlyFrom !== Infinity) {
    base = readCore(path, settings, sources);
    if (!base.ok) return base;
  }
  // A small search index is read and checked with the rest at once: no moment in which /search is refused.
  if (!base.ok || base.header.bytes - base.header.coreBytes < earlyFrom) base = readBase(path, settings, sources);
  if (!base.ok) return base;
  try {
    const head = deserialize(base.head) as Head;
    const state: LoadedDocuments = { nextId: head.nextId, docs: base.docs.map(decodeRecord), learned: head.learned };
    const search: SearchLoad = { frames: 'search' in base ? base.search : [], discard: [], add: [] };
    const journal = readJournal(journalPathOf(path), base.header.sha256);
    if (journal.entries.length) replay(state, search, journal.entries);
    return {
      ok: true,
      state,
      search,
      header: base.header,
      journal: { entries: journal.entries.length, bytes: journal.end, ignored: journal.ignored },
      rest: 'rest' in base ? base.rest : undefined,
    };
  } catch (e) {
    return { ok: false, reason: `corrupt (${(e as Error).message})` };
  }
}

// ---- the journal: what changed since the snapshot was written ---------------------------------

const JOURNAL_FORMAT = 'briefing-journal/1';

/** One change since the base: a document's new record, or its removal. */
interface JournalEntry {
  file: string;
  /** The record's bytes (as in a snapshot's frame); null when the document was removed. */
  doc: Uint8Array | null;
  /** The corpus's next sentence id after the change. */
  nextId: number;
}

export function journalPathOf(snapshotPath: string): string {
  return snapshotPath.replace(/\.snapshot$/, '.journal');
}

/** The journal's first frame: which base it continues (its body's checksum). */
function journalHeader(baseSha256: string): Buffer {
  return Buffer.concat(frame(serialize({ format: JOURNAL_FORMAT, base: baseSha256 })));
}

/** A journal entry's bytes: a document as it is now (`record`), or gone. */
export function journalEntry(file: string, record: DocumentRecord | undefined, nextId: number): Buffer {
  const entry: JournalEntry = { file, doc: record ? encodeRecord(record) : null, nextId };
  return Buffer.concat(frame(serialize(entry)));
}

/**
 * The journal's entries for the base with checksum `base`, up to `upTo` bytes. A journal made for
 * another base (a compaction finished but the process died before starting the new journal) is
 * ignored: the sources are compared with the index at start anyway, so nothing is lost but time.
 */
function readJournal(
  path: string,
  base: string,
  upTo = Infinity,
): { entries: JournalEntry[]; end: number; ignored?: string } {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return { entries: [], end: 0 };
  }
  if (upTo < raw.length) raw = raw.subarray(0, upTo);
  const { frames, end } = readFrames(raw);
  if (!frames.length) return { entries: [], end: 0 };
  const head = deserialize(frames[0]!) as { format?: string; base?: string };
  if (head.format !== JOURNAL_FORMAT || head.base !== base)
    return { entries: [], end: 0, ignored: 'made for another snapshot' };
  const entries: JournalEntry[] = [];
  let used = frames[0]!.length + 4;
  for (const f of frames.slice(1)) {
    try {
      entries.push(deserialize(f) as JournalEntry);
    } catch {
      // A damaged entry ends the replay; what it held is read again from the sources at start.
      break;
    }
    used += f.length + 4;
  }
  return { entries, end: Math.min(end, used) };
}

/**
 * The last entry per file, in order: a document changed five times since the base is replayed once.
 */
function latest(entries: JournalEntry[]): Map<string, JournalEntry> {
  const m = new Map<string, JournalEntry>();
  for (const e of entries) {
    m.delete(e.file);
    m.set(e.file, e);
  }
  return m;
}

/**
 * Applies journal entries to a loaded base: records replaced, added or removed; what the search
 * index must lose and gain is noted in `search`, applied once its frames are loaded.
 */
function replay(state: LoadedDocuments, search: SearchLoad, entries: JournalEntry[]) {
  // The lessons change with the documents: what was learned from the base's must be learned again.
  state.learned = undefined;
  const last = latest(entries);
  const kept: DocumentRecord[] = [];
  for (const r of state.docs) {
    if (!last.has(r.doc.file)) kept.push(r);
    // One at a time: spreading a huge document's sentences into push() overflows the call stack.
    else for (const s of r.doc.sentences) search.discard.push(s.id);
  }
  for (const e of last.values()) {
    if (!e.doc) continue;
    const r = decodeRecord(e.doc);
    for (const s of r.doc.sentences) search.add.push(s);
    kept.push(r);
  }
  state.docs = kept;
  state.nextId = entries.reduce((n, e) => Math.max(n, e.nextId), state.nextId);
}

/**
 * Folds the journal (its first `upTo` bytes) into a new base snapshot, reading both from disk: no
 * state crosses from the process answering questions, so this runs in a worker thread. Documents'
 * frames are copied as bytes; only the search index and the documents the journal replaced are decoded.
 */
export function compactSnapshot(
  path: string,
  settings: string,
  sources: string,
  upTo: number,
  io: SnapshotIo = fsIo,
  /** Learns from the new base's lessons, so that a start from it need not (see Knowledge.fromLearned). */
  learn?: (lessons: Map<string, DocumentLessons>) => LearnedState | undefined,
): { ok: true; bytes: number; sha256: string; journalUsed: number } | { ok: false; reason: string } {
  const base = readBase(path, settings, sources);
  if (!base.ok) return base;
  const journal = readJournal(journalPathOf(path), base.header.sha256, upTo);
  if (journal.ignored) return { ok: false, reason: `journal ${journal.ignored}` };
  const head = deserialize(base.head) as Head;
  const last = latest(journal.entries);
  const index = new SentenceIndex();
  drain(index.loadSteps(base.search));
  const files: string[] = [];
  const docs: Uint8Array[] = [];
  head.files.forEach((file, i) => {
    const bytes = base.docs[i]!;
    if (!last.has(file)) {
      files.push(file);
      docs.push(bytes);
    } else index.discardAll(decodeRecord(bytes).doc.sentences.map((s) => s.id));
  });
  for (const e of last.values()) {
    if (!e.doc) continue;
    index.addAll(decodeRecord(e.doc).doc.sentences);
    files.push(e.file);
    docs.push(e.doc);
  }
  const nextId = journal.entries.reduce((n, e) => Math.max(n, e.nextId), head.nextId);
  // Every record is decoded for its lessons (the documents are otherwise copied as bytes): seconds at
  // 1M sentences, on this worker's thread, which a start's learning would otherwise cost.
  const learned = learn?.(new Map(docs.map((bytes, i) => [files[i]!, decodeRecord(bytes).lessons])));
  const next: Head = { nextId, files, learned };
  const written = writeSnapshot(
    path,
    { head: serialize(next), docs, search: indexFrames(index.toState()) },
    settings,
    sources,
    io,
  );
  return { ok: true, ...written, journalUsed: journal.end };
}
