import { AliasIndex, type Mention } from '../../src/actors/aliasIndex';
import { tokenize } from '../../src/text/tokens';
import { seededRandom as random } from '../helpers';

const WORDS = ['the', 'The', 'new', 'New', 'York', 'white', 'White', 'House', 'UK', 'U.K.', 'Britain’s', 'of', 'Congo'];
const GLUE = [' ', ' ', ' ', ' - ', ', ', '. '];

/**
 * The oracle: every alias in its own index, tried longest first (ties in the order added) at each
 * token, as a dictionary without buckets would. One alias's own index tells whether it matches at a
 * token (its mention starts at the first token of the sentence cut there).
 */
function oracle(aliases: Array<[string, string]>, text: string): Mention[] {
  const tokens = tokenize(text);
  const single = aliases.map(([phrase, actorId]) => {
    const idx = new AliasIndex();
    idx.add(phrase, { actorId });
    return { idx, length: tokenize(phrase).length };
  });
  const order = single.map((_, i) => i).sort((a, b) => single[b]!.length - single[a]!.length || a - b);
  const out: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const a of order) {
      const m = single[a]!.idx.find(text, tokens.slice(i))[0];
      if (m?.first !== 0) continue;
      out.push({ ...m, first: i, last: i + m.last });
      i += m.last;
      break;
    }
  }
  return out;
}

describe('AliasIndex.find', () => {
  test('finds what trying every alias, longest first, finds (random aliases and sentences)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = random(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
      const aliases: Array<[string, string]> = [];
      for (let a = 0; a < 2 + Math.floor(r() * 10); a++) {
        const words = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(WORDS));
        aliases.push([words.join(' '), `actor${a % 4}`]);
      }
      const index = new AliasIndex();
      for (const [phrase, actorId] of aliases) index.add(phrase, { actorId });
      let text = pick(WORDS);
      for (let w = 0; w < 4 + Math.floor(r() * 16); w++) text += pick(GLUE) + pick(WORDS);
      expect({ seed, found: index.find(text) }).toEqual({ seed, found: oracle(aliases, text) });
    }
  });

  test('a longer alias wins, case and separators are read, aliases added later are found', () => {
    const index = new AliasIndex();
    index.add('White', { actorId: 'colour' });
    index.add('the White House', { actorId: 'us' });
    index.add('UK', { actorId: 'uk' });
    const said = (text: string) => index.find(text).map((m) => `${m.phrase}=${m.target.actorId}`);
    expect(said('Aides at the White House and white paint, the UK.')).toEqual(['the White House=us', 'UK=uk']);
    expect(said('the White, House')).toEqual(['White=colour']);
    expect(said('the uk')).toEqual([]);
    index.add('the White House press office', { actorId: 'press' });
    expect(said('the White House press office said')).toEqual(['the White House press office=press']);
  });
});
