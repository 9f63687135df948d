/**
 * Splits text into pieces of at most `max` characters at sentence ends, else at spaces — never
 * inside a word. One splitter for every platform, as MonitoRSS does.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 20) throw new Error('max too small');
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    const sentenceEnd = /[.!?…]["”’)]?\s/g;
    for (let m = sentenceEnd.exec(window); m; m = sentenceEnd.exec(window))
      if (m.index + m[0].length - 1 <= max) cut = m.index + m[0].length - 1;
    if (cut < max * 0.4) {
      const space = window.lastIndexOf(' ');
      cut = space > 0 ? space : max;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Cuts text to at most `max` characters at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
