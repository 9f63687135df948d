import { foldKey, tokenize, type Token } from '../text/tokens';

/** How strictly the letter case of an alias must match the text. */
type CaseMode = 'upper' | 'cap' | 'any';

export interface AliasTarget {
  actorId?: string;
  personId?: string;
  /** A surname two known people share ("Miliband"): which one is meant depends on the document. */
  candidates?: string[];
}

interface AliasEntry {
  keys: string[];
  caseMode: CaseMode;
  phrase: string;
  target: AliasTarget;
}

export interface Mention {
  /** Token span [first, last] in the sentence's tokens. */
  first: number;
  last: number;
  start: number;
  end: number;
  phrase: string;
  target: AliasTarget;
  possessive: boolean;
}

/**
 * A phrase dictionary keyed by the first token: finding every alias in a sentence costs one map
 * look-up per token, whatever the number of aliases.
 */
export class AliasIndex {
  private byFirst = new Map<string, AliasEntry[]>();
  /** Entries already added, so a repeated alias costs one set look-up (a large actors file repeats many). */
  private seen = new Set<string>();
  /** Lists that gained entries since they were last sorted: sorted once, before the next look-up. */
  private unsorted = new Set<AliasEntry[]>();

  add(phrase: string, target: AliasTarget) {
    const toks = tokenize(phrase);
    if (!toks.length) return;
    const keys = toks.map((t) => t.key);
    const letters = phrase.replace(/[^\p{L}]/gu, '');
    const caseMode: CaseMode =
      letters === letters.toUpperCase() && letters.length <= 6 ? 'upper' : /^\p{Lu}/u.test(phrase) ? 'cap' : 'any';
    const id = `${keys.join(' ')}\u0000${caseMode}\u0000${target.actorId ?? ''}\u0000${target.personId ?? ''}\u0000${target.candidates?.join(' ') ?? ''}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    let list = this.byFirst.get(keys[0]!);
    if (!list) this.byFirst.set(keys[0]!, (list = []));
    list.push({ keys, caseMode, phrase, target });
    this.unsorted.add(list);
  }

  /** Longest first, so "White House" wins over "White", "Keir Starmer" over "Starmer" (stable: ties keep their order). */
  private sortPending() {
    for (const list of this.unsorted) list.sort((a, b) => b.keys.length - a.keys.length);
    this.unsorted.clear();
  }

  find(text: string, tokens: Token[] = tokenize(text)): Mention[] {
    if (this.unsorted.size) this.sortPending();
    const out: Mention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const cands = this.byFirst.get(tokens[i]!.key);
      if (!cands) continue;
      for (const c of cands) {
        const last = i + c.keys.length - 1;
        if (last >= tokens.length) continue;
        let ok = true;
        for (let k = 0; k < c.keys.length && ok; k++) {
          const t = tokens[i + k]!;
          if (t.key !== c.keys[k]) ok = false;
          else if (k < c.keys.length - 1 && t.possessive) ok = false;
          else if (k > 0 && !/^[\s\-]+$/.test(text.slice(tokens[i + k - 1]!.end, t.start))) ok = false;
        }
        if (!ok || !caseOk(c, tokens, i)) continue;
        const lt = tokens[last]!;
        out.push({
          first: i,
          last,
          start: tokens[i]!.start,
          end: lt.end,
          phrase: text.slice(tokens[i]!.start, lt.end),
          target: c.target,
          possessive: lt.possessive,
        });
        i = last;
        break;
      }
    }
    return out;
  }
}

function caseOk(c: AliasEntry, tokens: Token[], i: number): boolean {
  if (c.caseMode === 'any') return true;
  if (c.caseMode === 'upper') return c.keys.every((_, k) => tokens[i + k]!.upper);
  // Capitalised aliases: the first and last words must be capitalised in the text ("von der Leyen" is an alias of its own).
  return tokens[i]!.cap && tokens[i + c.keys.length - 1]!.cap;
}

export function phraseKey(s: string): string {
  return (
    tokenize(s)
      .map((t) => t.key)
      .join(' ') || foldKey(s)
  );
}
