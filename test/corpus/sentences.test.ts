import { splitSentences } from '../../src/corpus/sentences';

const texts = (p: string) => splitSentences(p).map((s) => s.text);

describe('splitSentences', () => {
  test.each([
    [
      'According to Elbridge Colby, the U.S. Undersecretary of Defense for Policy, Washington will not commit troops. His remarks followed a meeting.',
      2,
    ],
    [
      'However, the most startling development is that France and the U.K. reignite discussions about troops. What are the details?',
      2,
    ],
    ['Dr. Marcin Kaczmarski, a lecturer, believes Europe’s leverage is limited. He cautions against optimism.', 2],
    ['Mr. J. R. Smith arrived at 10.30 with $1.5 billion in aid. He left at noon.', 2],
  ])('keeps abbreviations, initials and numbers inside one sentence: %s', (text, n) => {
    expect(texts(text)).toHaveLength(n);
  });

  test('a quotation that runs over two sentences stays in one sentence', () => {
    const p =
      '“It sounds like it’s evasive, but it’s not evasive. You know, they can take care of themselves,” Trump said. Then he left.';
    const out = texts(p);
    expect(out[0]).toContain('You know, they can take care of themselves,” Trump said.');
    expect(out).toHaveLength(2);
  });

  test('offsets point back at the exact text', () => {
    const p = 'First one here.  Second “quoted. Still quoted” one. Third.';
    for (const s of splitSentences(p)) expect(p.slice(s.start, s.end)).toBe(s.text);
  });

  test('an empty paragraph has no sentences', () => {
    expect(splitSentences('   ')).toEqual([]);
  });
});
