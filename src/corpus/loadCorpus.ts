import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readFrontMatter } from './frontMatter';
import { bulletPrefix, classifyLine, isFurniture, isHeadingLike } from './lineKinds';
import { splitSentences } from './sentences';
import type { CorpusDocument, DocumentMeta, LineKind, LoadWarning, Sentence } from './types';

/** Larger files are almost always dumps or binaries dropped by mistake; news articles are < 200 kB. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const DOCUMENT_EXTENSIONS = /\.(txt|md|markdown)$/i;
/** Editors' temporary and backup files must never be read as articles. */
const IGNORED_NAME = /(^\.|~$|\.sw[a-p]$|^#.*#$|\.tmp$|\.part$|\.crdownload$)/i;

export interface SidecarMeta {
  title?: string;
  date?: string;
  source?: string;
  url?: string;
}

/** Optional `metadata.jsonl` in the corpus folder: one `{"file", "title", "date", "source", "url"}` a line. */
export function readSidecar(dir: string): Map<string, SidecarMeta> {
  const out = new Map<string, SidecarMeta>();
  let text: string;
  try {
    text = readFileSync(join(dir, 'metadata.jsonl'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' && o[k] ? (o[k] as string) : undefined);
      const file = str('file');
      if (file) out.set(file, { title: str('title'), date: str('date'), source: str('source'), url: str('url') });
    } catch {
      // A broken sidecar line costs that file its metadata, nothing more.
    }
  }
  return out;
}

export function listDocumentFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (IGNORED_NAME.test(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory() && depth < 4) walk(p, depth + 1);
      else if (e.isFile() && DOCUMENT_EXTENSIONS.test(e.name)) found.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir, 0);
  return found.sort();
}

/**
 * Whether one path (relative, `/`-separated) is a file `listDocumentFiles` would list: the same
 * rules, checked for it alone. A watcher event names a few files; listing a 5,000-file folder to
 * check them cost 20 ms a file.
 */
export function isListedDocument(dir: string, rel: string): boolean {
  const parts = rel.split('/');
  if (parts.length > 5 || !DOCUMENT_EXTENSIONS.test(parts[parts.length - 1]!)) return false;
  if (parts.some((name) => !name || name === '..' || IGNORED_NAME.test(name))) return false;
  let p = dir;
  for (let i = 0; i < parts.length; i++) {
    p = join(p, parts[i]!);
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return false;
    }
    // Symbolic links are neither listed nor followed, at any level.
    if (i < parts.length - 1 ? !st.isDirectory() : !st.isFile()) return false;
  }
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and checks a file's bytes; returns the text or the reason it cannot be read. */
export function decodeDocument(bytes: Buffer): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.length > MAX_DOCUMENT_BYTES)
    return {
      reason: `too large (${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MB)`,
    };
  if (bytes.subarray(0, 8192).includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { reason: 'no text (only white space)' };
  return { text };
}

/**
 * Turns a document's text into sentences, each citing its 1-based line and its offsets in the file.
 * Sentence ids are assigned later, when the corpus is assembled.
 */
export function parseDocument(
  file: string,
  text: string,
  meta: Omit<DocumentMeta, 'file' | 'title'> & { title?: string },
  sidecar?: SidecarMeta,
): CorpusDocument {
  const fm = readFrontMatter(text);
  const lines = text.split('\n');
  const sentences: Sentence[] = [];
  let offset = 0;
  let section: string | undefined;
  let title = fm.fields.title ?? sidecar?.title ?? meta.title;
  let firstHeading: string | undefined;
  let paragraph = 0;
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i]!.replace(/\r$/, '');
    const lineStart = offset;
    offset += lines[i]!.length + 1;
    if (i < fm.lineCount || !rawLine.trim()) continue;
    const isFirst = !seenContent;
    seenContent = true;
    let kind: LineKind = classifyLine(rawLine);
    // The first line of a news file is its headline when it does not read as a paragraph.
    if (isFirst && kind !== 'furniture' && kind !== 'bullet' && looksLikeHeadline(rawLine)) kind = 'title';
    const lineNo = i + 1;
    paragraph++;
    if (kind === 'heading' || kind === 'title') {
      const lead = rawLine.length - rawLine.trimStart().length;
      const heading = rawLine.trim().replace(/^#{1,6}\s+/, '');
      if (kind === 'title') title ??= heading;
      else {
        section = heading;
        firstHeading ??= heading;
      }
      sentences.push({
        id: -1,
        doc: file,
        line: lineNo,
        start: lineStart + lead,
        end: lineStart + rawLine.trimEnd().length,
        text: rawLine.trim(),
        kind,
        paragraph,
      });
      continue;
    }
    const skip = kind === 'bullet' ? bulletPrefix(rawLine) : 0;
    const body = rawLine.slice(skip);
    for (const s of splitSentences(body)) {
      const sk: LineKind = kind === 'furniture' || isFurniture(s.text) ? 'furniture' : kind;
      sentences.push({
        id: -1,
        doc: file,
        line: lineNo,
        start: lineStart + skip + s.start,
        end: lineStart + skip + s.end,
        text: s.text,
        kind: sk,
        section,
        paragraph,
      });
    }
  }
  // A section heading deep in the text names a section, not the article: the lead says more than it.
  const lead = sentences.find((x) => x.kind === 'body' || x.kind === 'bullet');
  title ??= lead ? clip(lead.text, 90) : (firstHeading ?? file.replace(/\.[^.]+$/, ''));
  return {
    file,
    title,
    date: fm.fields.date ?? sidecar?.date ?? meta.date,
    source: fm.fields.source ?? sidecar?.source ?? meta.source,
    url: fm.fields.url ?? sidecar?.url ?? meta.url,
    hash: meta.hash,
    bytes: meta.bytes,
    mtimeMs: meta.mtimeMs,
    sentences,
  };
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).replace(/[\s,;:—–-]+$/, '')}…`;
}

function looksLikeHeadline(line: string): boolean {
  const t = line.trim();
  if (/^#{1,6}\s/.test(t)) return true;
  if (/[.;,]["”’]?$/.test(t)) return false;
  return t.split(/\s+/).length <= 22 || isHeadingLike(t);
}

export function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type DocumentResult = { ok: true; doc: CorpusDocument } | { ok: false; warning: LoadWarning };

/** Reads one file; never throws for a bad file, it answers why the file was skipped. */
export function readDocument(dir: string, file: string, sidecar?: Map<string, SidecarMeta>): DocumentResult {
  const path = join(dir, file);
  let bytes: Buffer;
  let mtimeMs = 0;
  try {
    const st = statSync(path);
    mtimeMs = st.mtimeMs;
    if (st.size > MAX_DOCUMENT_BYTES)
      return {
        ok: false,
        warning: {
          file,
          reason: `too large (${(st.size / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MB)`,
        },
      };
    bytes = readFileSync(path);
  } catch (e) {
    return {
      ok: false,
      warning: { file, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` },
    };
  }
  const decoded = decodeDocument(bytes);
  if ('reason' in decoded) return { ok: false, warning: { file, reason: decoded.reason } };
  const doc = parseDocument(
    file,
    decoded.text,
    { hash: hashBytes(bytes), bytes: bytes.length, mtimeMs },
    sidecar?.get(file),
  );
  if (!doc.sentences.some((s) => s.kind === 'body' || s.kind === 'bullet'))
    return { ok: false, warning: { file, reason: 'no sentences found' } };
  return { ok: true, doc };
}

export interface LoadedFolder {
  documents: CorpusDocument[];
  warnings: LoadWarning[];
}

export function loadFolder(dir: string): LoadedFolder {
  const sidecar = readSidecar(dir);
  const documents: CorpusDocument[] = [];
  const warnings: LoadWarning[] = [];
  let exists = true;
  try {
    exists = statSync(dir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) return { documents, warnings: [{ file: dir, reason: 'corpus folder not found' }] };
  for (const file of listDocumentFiles(dir)) {
    const r = readDocument(dir, file, sidecar);
    if (r.ok) documents.push(r.doc);
    else warnings.push(r.warning);
  }
  return { documents, warnings };
}
