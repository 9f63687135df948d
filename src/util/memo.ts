/**
 * Remembers a pure string function's results. Names repeat across a corpus far more than they
 * vary, and re-learning who is who folds every name of every document again (slug and orgKey were a
 * third of it). Forgets everything past `cap` entries, so hostile text with endless new names
 * cannot grow it without bound.
 */
export function memoString(fn: (s: string) => string, cap = 50_000): (s: string) => string {
  let seen = new Map<string, string>();
  return (s) => {
    let r = seen.get(s);
    if (r === undefined) {
      if (seen.size >= cap) seen = new Map();
      r = fn(s);
      seen.set(s, r);
    }
    return r;
  };
}
