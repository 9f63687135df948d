import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { DocumentLessons } from '../actors/knowledge';
import type { CorpusIndexState, DocMentions } from '../corpusIndex';
import type { CorpusDocument, LineKind, Sentence } from '../corpus/types';
import type { Quote } from '../quotes/attribute';
import { INDEX_OPTIONS, type IndexState } from '../search/sentenceIndex';
import { STOP_WORDS } from '../search/terms';

/**
 * Bump when what is derived from a document changes (splitting, actors, quotes, scores): a snapshot
 * made by other code is then rebuilt, never trusted.
 */
export const ANALYSIS_VERSION = 3;
const FORMAT = 'briefing-snapshot/4';

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

function pack(state: CorpusIndexState): { nextId: number; docs: PackedDoc[]; index: IndexState } {
  return {
    nextId: state.nextId,
    index: state.index,
    docs: state.docs.map((r) => {
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
    }),
  };
}

function unpack(p: { nextId: number; docs: PackedDoc[]; index: IndexState }): CorpusIndexState {
  return {
    nextId: p.nextId,
    index: p.index,
    docs: p.docs.map((d) => {
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
    }),
  };
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
}

/** The file writes a snapshot makes; tests put a failing one here (a full disk) without filling a disk. */
export interface SnapshotIo {
  writeFile(path: string, data: Buffer): void;
}

const fsIo: SnapshotIo = { writeFile: (p, d) => writeFileSync(p, d) };

/** A snapshot's temporary file: `<snapshot>.<pid>.tmp`, renamed into place once whole. */
const TEMP = /^(index-[0-9a-f]+\.snapshot)\.(\d+)\.tmp$/;

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
): { bytes: number } {
  const body = serialize(pack(state));
  const header: SnapshotHeader = {
    format: FORMAT,
    settings,
    sources,
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    savedAt: new Date().toISOString(),
    documents: state.docs.length,
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
  return { bytes: body.length };
}

export type SnapshotResult =
  { ok: true; state: CorpusIndexState; header: SnapshotHeader } | { ok: false; reason: string };

/** Reads a snapshot, refusing anything it cannot fully trust: another format, other settings, a bad checksum. */
export function loadSnapshot(path: string, settings: string, sources: string): SnapshotResult {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    return {
      ok: false,
      reason:
        (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no snapshot yet' : `unreadable (${(e as Error).message})`,
    };
  }
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
  const body = raw.subarray(nl + 1);
  if (body.length !== header.bytes || createHash('sha256').update(body).digest('hex') !== header.sha256)
    return { ok: false, reason: 'corrupt (checksum mismatch)' };
  try {
    return { ok: true, state: unpack(deserialize(body)), header };
  } catch (e) {
    return { ok: false, reason: `corrupt (${(e as Error).message})` };
  }
}
