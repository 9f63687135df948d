import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldKey, tokenize } from '../../src/text/tokens';
import { SEEDS } from '../helpers';

/** The tokenizer as first written, every token through the Unicode path: the oracle for the fast path. */
function reference(text: string) {
  const out = [];
  for (const m of text.matchAll(/(?:\p{Lu}\.){2,}|[\p{L}\p{M}\d]+(?:[’'][\p{L}]+)*[’']?/gu)) {
    let t = m[0];
    const start = m.index!;
    let possessive = false;
    const pm = /[’'](s)?$/i.exec(t);
    if (pm && (pm[1] || /s$/i.test(t.slice(0, -1)))) {
      t = t.slice(0, pm.index);
      possessive = true;
    }
    if (!t) continue;
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

describe('tokenize', () => {
  test('reads news text exactly as the all-Unicode tokenizer does', () => {
    for (const f of readdirSync(SEEDS).filter((x) => x.endsWith('.txt'))) {
      const text = readFileSync(join(SEEDS, f), 'utf8');
      expect(tokenize(text)).toEqual(reference(text));
    }
  });

  test('and any text: ASCII, possessives, acronyms, accents, digits', () => {
    const piece = fc.constantFrom(
      'UK',
      'U.K.',
      'Britain’s',
      "allies'",
      'don’t',
      'NATO',
      'Nato',
      'iPhone',
      'G7',
      '2024',
      'Zelenskyy',
      'Élysée',
      'ÖVP',
      'ß',
      'İstanbul',
      'x',
      "Jones's",
      'BOSS’',
      'Is',
      "'s",
      '’',
      ' ',
      ', ',
      '. ',
      '—',
      'S',
      's',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(tokenize(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
