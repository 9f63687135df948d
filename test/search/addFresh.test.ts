import { serialize } from 'node:v8';
import { SentenceSearch } from '../../src/search/sentenceIndex';
import { loadFolder } from '../../src/corpus/loadCorpus';
import { SEEDS, seededRandom as random } from '../helpers';

const WORDS = [
  'the',
  'Britain',
  'britain',
  'U.K.',
  'UK',
  'Zürich',
  'zurich',
  'peace',
  'talks',
  '2022',
  'don’t',
  'of',
  'a',
  'Kyiv’s',
  '—',
  'peace.',
];

/** One document at a time, as MiniSearch adds them: the oracle. */
function oneByOne(ids: number[], texts: string[]): SentenceSearch {
  const ms = new SentenceSearch();
  texts.forEach((text, i) => ms.add({ id: ids[i]!, text }));
  return ms;
}

function atOnce(ids: number[], texts: string[]): SentenceSearch {
  const ms = new SentenceSearch();
  ms.addFresh(ids, texts);
  return ms;
}

/** The whole index as bytes: every Map's entries in their order, every number to the bit. */
const bytes = (ms: SentenceSearch) => serialize(ms.exportState()).toString('base64');

describe('SentenceSearch.addFresh', () => {
  test('makes the index adding one document at a time makes, on the seeds', () => {
    const sentences = loadFolder(SEEDS).documents.flatMap((d) => d.sentences);
    const ids = sentences.map((_, i) => i * 3 + 7);
    const texts = sentences.map((s) => s.text);
    expect(texts.length).toBeGreaterThan(100);
    const a = oneByOne(ids, texts);
    const b = atOnce(ids, texts);
    expect(bytes(b)).toBe(bytes(a));
    for (const q of ['Britain', 'peace talks', 'goverment', 'Starmer']) expect(b.search(q)).toEqual(a.search(q));
    // Its id look-up is whole too: discarding works as on the oracle.
    for (const id of ids.slice(0, 40)) {
      a.discard(id);
      b.discard(id);
    }
    expect(bytes(b)).toBe(bytes(a));
  });

  test('and on random texts: repeated and stop words, accents, dotted acronyms, empty texts', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const n = Math.floor(r() * 12);
      const texts = Array.from({ length: n }, () =>
        Array.from({ length: Math.floor(r() * 9) }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' '),
      );
      const ids = texts.map((_, i) => 1000 - i * 13);
      expect({ seed, index: bytes(atOnce(ids, texts)) }).toEqual({ seed, index: bytes(oneByOne(ids, texts)) });
    }
  });

  test('refuses an index that already has documents, and a repeated id, as add does', () => {
    const ms = atOnce([1], ['Britain']);
    expect(() => ms.addFresh([2], ['France'])).toThrow(/empty/);
    const refused = new SentenceSearch();
    expect(() => refused.addFresh([5, 5], ['a', 'b'])).toThrow(/duplicate ID 5/);
    // Left empty rather than half-filled: it can be built again.
    expect(refused.fresh).toBe(true);
    refused.addFresh([5, 6], ['a', 'b']);
    expect(bytes(refused)).toBe(bytes(oneByOne([5, 6], ['a', 'b'])));
    expect(() => oneByOne([5, 5], ['a', 'b'])).toThrow(/duplicate ID 5/);
  });
});
