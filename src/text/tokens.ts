/**
 * Word tokens with their offsets, shared by actor matching, person detection and stance scoring.
 * "U.K." and "U.S.A." are one token keyed "UK"/"USA"; a possessive "’s" is split off and flagged,
 * so "Britain’s" matches the alias "Britain" and still tells the scorer it is a possessive.
 */
export interface Token {
  /** The surface text without a possessive ending. */
  text: string;
  /** Lower-case, dot-free, accent-free form used as a dictionary key. */
  key: string;
  start: number;
  end: number;
  possessive: boolean;
  /** First letter is upper case. */
  cap: boolean;
  /** Every letter is upper case (acronyms: UK, NATO). */
  upper: boolean;
}

const TOKEN_RE = /(?:\p{Lu}\.){2,}|[\p{L}\p{M}\d]+(?:[’'][\p{L}]+)*[’']?/gu;

const PLAIN = /^[A-Za-z0-9]*$/;

export function foldKey(s: string): string {
  // Most words are plain ASCII: skip Unicode normalisation for them (it dominated indexing time).
  if (PLAIN.test(s)) return s.toLowerCase();
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\./g, '').replace(/’/g, "'").toLowerCase();
}

/** `asciiFastPath: false` reads every word through the Unicode path: the tests' oracle for the fast one. */
export function tokenize(text: string, asciiFastPath = true): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    let t = m[0];
    const start = m.index!;
    let possessive = false;
    // Only a word ending in an apostrophe, or in "s" after one, can be a possessive: test those alone.
    const last = t.charCodeAt(t.length - 1);
    if (last === 0x2019 || last === 0x27 || last === 0x73 || last === 0x53) {
      const pm = /[’'](s)?$/i.exec(t);
      if (pm && (pm[1] || /s$/i.test(t.slice(0, -1)))) {
        // "Britain’s" and "allies’" are possessives; "don’t" is kept whole (no match above).
        t = t.slice(0, pm.index);
        possessive = true;
      }
    }
    if (!t) continue;
    if (asciiFastPath && PLAIN.test(t)) {
      // Most words are plain ASCII: case read from the characters, without Unicode regular expressions
      // (they were a third of the indexing time).
      const lower = t.toLowerCase();
      const c = t.charCodeAt(0);
      out.push({
        text: t,
        key: lower,
        start,
        end: start + t.length,
        possessive,
        cap: c >= 65 && c <= 90,
        upper: lower !== t && t === t.toUpperCase(),
      });
      continue;
    }
    const letters = t.replace(/[^\p{L}]/gu, '');
    out.push({
      text: t,
      key: foldKey(t),
      start,
      end: start + t.length,
      possessive,
      cap: /^\p{Lu}/u.test(t),
      upper: letters.length > 0 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters),
    });
  }
  return out;
}
