import type { CorpusIndex } from '../corpusIndex';
import type { AnswerLine } from './model';

export const MAX_QUERY_CHARS = 200;

export function lineFor(
  b: CorpusIndex,
  sentenceId: number,
  score: number,
  extra: Partial<AnswerLine> = {},
): AnswerLine {
  const s = b.sentence(sentenceId);
  const doc = b.document(s.doc);
  return {
    id: sentenceId,
    doc: s.doc,
    title: doc?.title ?? s.doc,
    date: doc?.date,
    url: doc?.url,
    line: s.line,
    text: s.text,
    score: Math.round(score * 1000) / 1000,
    section: s.section,
    ...extra,
  };
}

/**
 * A line's words, remembered: an actor's best lines are collapsed again after every change that
 * touches them, and they are mostly the same lines. Forgotten past a cap (hostile text cannot grow it).
 */
let wordSets = new Map<string, Set<string>>();
const WORD_SETS_CAP = 20_000;

function wordSet(text: string): Set<string> {
  let words = wordSets.get(text);
  if (!words) {
    if (wordSets.size >= WORD_SETS_CAP) wordSets = new Map();
    words = new Set(
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s]/gu, ' ')
        .split(/\s+/)
        .filter((w) => w.length > 2),
    );
    wordSets.set(text, words);
  }
  return words;
}

/**
 * Collapses lines that say the same thing (syndicated copies, repeated leads): the first, best-ranked
 * one stays. With `max`, stops once that many are kept: each line is compared with every kept one.
 */
export function collapseNearDuplicates(lines: AnswerLine[], threshold = 0.8, max = Infinity): AnswerLine[] {
  const kept: Array<{ line: AnswerLine; words: Set<string> }> = [];
  for (const line of lines) {
    if (kept.length >= max) break;
    const words = wordSet(line.quote ? `${line.quote} ${line.speaker ?? ''}` : line.text);
    const dup = kept.find((k) => {
      // The overlap is at most the smaller set and the union at least the larger: sizes far apart cannot match.
      if (Math.min(words.size, k.words.size) < threshold * Math.max(words.size, k.words.size)) return false;
      let inter = 0;
      for (const w of words) if (k.words.has(w)) inter++;
      const union = words.size + k.words.size - inter;
      return union > 0 && inter / union >= threshold;
    });
    if (dup) {
      if (dup.line.doc !== line.doc || dup.line.line !== line.line)
        (dup.line.alsoIn ??= []).push(`${line.doc}:${line.line}`);
    } else kept.push({ line, words });
  }
  return kept.map((k) => k.line);
}

/** Checks a free-text argument; returns the trimmed text or the reason it cannot be used. */
export function checkQuery(
  raw: string | undefined,
): { ok: true; text: string } | { ok: false; reason: 'empty' | 'long'; length: number } {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, reason: 'empty', length: 0 };
  if (text.length > MAX_QUERY_CHARS) return { ok: false, reason: 'long', length: text.length };
  return { ok: true, text };
}

export function tooLong(length: number): string {
  return `That query is ${length} characters long; the limit is ${MAX_QUERY_CHARS}. Try a few key words.`;
}
