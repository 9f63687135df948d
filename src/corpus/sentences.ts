import { get_sentence_boundaries as boundaries } from 'sentencex';

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** "May." ending a sentence: a full stop after the month, then a space and a capital or a quotation mark. */
const MONTH_END = /\bMay\.(?=\s+[A-Z“"‘])/g;

/** Opening and closing quotation marks that must balance inside one sentence. */
function quoteBalance(text: string): number {
  let open = 0;
  for (const ch of text) {
    if (ch === '“') open++;
    else if (ch === '”') open--;
  }
  // Straight double quotes carry no direction: an odd count means one is left open.
  const straight = (text.match(/"/g) ?? []).length;
  return open + (straight % 2);
}

/**
 * Splits one paragraph into sentences with their offsets inside it.
 * sentencex (Wikimedia's rule-based segmenter) knows abbreviations such as "U.S.", "Dr." and
 * initials; on top of it, a sentence that leaves a quotation open is joined with the next, so a
 * quotation that runs over two sentences stays one unit for attribution.
 */
export function splitSentences(paragraph: string): Span[] {
  if (!paragraph.trim()) return [];
  const raw: Span[] = [];
  for (const b of boundaries('en', paragraph)) {
    // sentencex reads "May." as an abbreviation and joins the next sentence; the month is a whole word.
    let start = b.start_index;
    for (const m of paragraph.slice(b.start_index, b.end_index).matchAll(MONTH_END)) {
      const cut = b.start_index + m.index + m[0].length;
      raw.push({ start, end: cut, text: paragraph.slice(start, cut) });
      start = cut;
    }
    raw.push({ start, end: b.end_index, text: paragraph.slice(start, b.end_index) });
  }
  const merged: Span[] = [];
  let pending: Span | undefined;
  for (const s of raw) {
    pending = pending ? { start: pending.start, end: s.end, text: paragraph.slice(pending.start, s.end) } : s;
    if (quoteBalance(pending.text) <= 0) {
      merged.push(pending);
      pending = undefined;
    }
  }
  if (pending) merged.push(pending);
  return merged.map(trimSpan).filter((s) => s.text.length > 0);
}

function trimSpan(s: Span): Span {
  const lead = s.text.length - s.text.trimStart().length;
  const text = s.text.trim();
  return { start: s.start + lead, end: s.start + lead + text.length, text };
}
