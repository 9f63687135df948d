import type { AnswerLine } from '../answers/model';

/**
 * The pieces every renderer lays out for one answer line, computed once here so that Slack, Discord
 * and the terminal agree on what is highlighted and who speaks; each renderer only escapes and styles.
 */

/** The line's text cut at its highlights: matched words are `hit`. */
export function highlightPieces(line: AnswerLine): Array<{ text: string; hit: boolean }> {
  if (!line.highlights?.length) return [{ text: line.text, hit: false }];
  const out: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const [s, e] of line.highlights) {
    if (s > at) out.push({ text: line.text.slice(at, s), hit: false });
    if (e > s) out.push({ text: line.text.slice(Math.max(s, at), e), hit: true });
    at = Math.max(at, e);
  }
  if (at < line.text.length) out.push({ text: line.text.slice(at), hit: false });
  return out;
}

/** The text with its highlights, each part passed through the platform's escape and the hits through its emphasis. */
export function emphasise(line: AnswerLine, escape: (s: string) => string, strong: (s: string) => string): string {
  return highlightPieces(line)
    .map((p) => (p.hit ? strong(escape(p.text)) : escape(p.text)))
    .join('');
}

/** Who speaks a line, and the words they said when it is a quote (for /quotes). */
export function speakerOf(line: AnswerLine): { speaker: string; quote?: string } | undefined {
  if (!line.speaker) return undefined;
  return line.quote !== undefined ? { speaker: line.speaker, quote: line.quote } : { speaker: line.speaker };
}
