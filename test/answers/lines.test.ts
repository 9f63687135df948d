import { collapseNearDuplicates } from '../../src/answers/lines';
import type { AnswerLine } from '../../src/answers/model';

const line = (n: number, text: string): AnswerLine => ({
  id: n,
  doc: `d${n}.txt`,
  title: `d${n}`,
  line: 1,
  text,
  score: 1,
});

/** The textbook rule, every pair compared in full: what the collapse must agree with. */
function oracle(lines: AnswerLine[], threshold = 0.8): number[] {
  const words = (t: string) =>
    new Set(
      t
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s]/gu, ' ')
        .split(/\s+/)
        .filter((w) => w.length > 2),
    );
  const kept: Array<{ id: number; w: Set<string> }> = [];
  for (const l of lines) {
    const w = words(l.text);
    const dup = kept.some((k) => {
      const inter = [...w].filter((x) => k.w.has(x)).length;
      const union = w.size + k.w.size - inter;
      return union > 0 && inter / union >= threshold;
    });
    if (!dup) kept.push({ id: l.id!, w });
  }
  return kept.map((k) => k.id);
}

describe('near-duplicate lines collapse into the best-ranked one', () => {
  const ten = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet';
  test('a copy with a word or two more is the same line; three more is another', () => {
    const lines = [line(1, ten), line(2, `${ten} kilo lima`), line(3, `${ten} kilo lima mike`)];
    const kept = collapseNearDuplicates(lines);
    expect(kept.map((l) => l.id)).toEqual([1, 3]); // 10/12 ≥ 0.8 collapses; 10/13 does not
    expect(kept[0]!.alsoIn).toEqual(['d2.txt:1']);
  });

  test('agrees with comparing every pair in full, and again on a second reading of the same lines', () => {
    const vocab = Array.from({ length: 40 }, (_, i) => `word${i}`);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines: AnswerLine[] = [];
    for (let i = 0; i < 200; i++) {
      const base = i > 0 && rand() < 0.5 ? lines[Math.floor(rand() * i)]!.text.split(' ') : [];
      const words = base.length
        ? base.filter(() => rand() > 0.15).concat(rand() < 0.5 ? [vocab[Math.floor(rand() * 40)]!] : [])
        : Array.from({ length: 5 + Math.floor(rand() * 20) }, () => vocab[Math.floor(rand() * 40)]!);
      lines.push(line(i, words.join(' ')));
    }
    const expected = oracle(lines);
    expect(expected.length).toBeLessThan(lines.length); // the case has duplicates to find
    expect(collapseNearDuplicates(lines.map((l) => ({ ...l }))).map((l) => l.id)).toEqual(expected);
    expect(collapseNearDuplicates(lines.map((l) => ({ ...l }))).map((l) => l.id)).toEqual(expected);
  });
});
