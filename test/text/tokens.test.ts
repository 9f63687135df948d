import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../../src/text/tokens';
import { SEEDS } from '../helpers';

/** Every word through the Unicode path, as the tokenizer was first written: the oracle for the ASCII fast path. */
const reference = (text: string) => tokenize(text, false);

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
      // The character scanner's edges: astral letters (𝐀 is upper case), combining marks, a lone
      // surrogate, non-ASCII digits, apostrophes between letters and before digits, dots without pairs.
      '𝐀.𝐁.',
      '𝒜',
      'e\u0301',
      '\u0301',
      '\ud800',
      '\udc00x',
      '٣',
      'rock’n’roll',
      "it'5",
      "''",
      'A.B',
      'A.',
      '.',
      'É.U.',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), {
          maxLength: 12,
        }),
        (parts) => {
          const text = parts.join('');
          expect(tokenize(text)).toEqual(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
