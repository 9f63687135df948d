/** A quoted span inside a paragraph: offsets of the words between the marks. */
export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset after the closing mark (or the paragraph's end when the quote runs on). */
  close: number;
  /** The quoted words, without the marks. */
  text: string;
  /** The quote was left open at the end of the paragraph (news style for a quote that continues). */
  runsOn: boolean;
}

const OPENERS_BEFORE_STRAIGHT = /[\s([{\u2014\u2013\-:]/;

/**
 * Quotation spans in a paragraph: curly “…” and straight "…" (paired by position, since a straight
 * mark has no direction). Single quotes are left alone: they are apostrophes far more often.
 */
export function findQuoteSpans(p: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let openAt = -1;
  let openChar = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (openAt < 0) {
      if (ch === '“' || (ch === '"' && (i === 0 || OPENERS_BEFORE_STRAIGHT.test(p[i - 1]!)))) {
        openAt = i;
        openChar = ch;
      }
    } else if ((openChar === '“' && ch === '”') || (openChar === '"' && ch === '"')) {
      spans.push(make(p, openAt, i + 1, false));
      openAt = -1;
    } else if (openChar === '“' && ch === '“') {
      // A new opening mark before a close: the previous quote ran on without closing.
      spans.push(make(p, openAt, i, true));
      openAt = i;
    }
  }
  if (openAt >= 0) spans.push(make(p, openAt, p.length, true));
  return spans.filter((s) => /\p{L}/u.test(s.text));
}

function make(p: string, open: number, close: number, runsOn: boolean): QuoteSpan {
  const inner = p.slice(open + 1, runsOn ? close : close - 1);
  return {
    open,
    close,
    text: inner
      .trim()
      .replace(/[\s,]+$/, (m) => (m.includes(',') ? '' : m))
      .trim(),
    runsOn,
  };
}

/** The paragraph with every quoted span blanked out, so names inside a quote are never taken for its speaker. */
export function maskQuotes(p: string, spans: QuoteSpan[]): string {
  let out = p;
  for (const s of spans)
    out = out.slice(0, s.open + 1) + ' '.repeat(Math.max(0, s.close - s.open - 2)) + out.slice(s.close - 1);
  return out;
}
