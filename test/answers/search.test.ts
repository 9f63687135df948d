import { searchAnswer } from '../../src/answers/search';
import { quotesAnswer } from '../../src/answers/quotes';
import { digestAnswer } from '../../src/answers/digest';
import { indexFolder } from '../loadFolderIndex';
import { SEEDS } from '../helpers';

const b = indexFolder(SEEDS).corpus;
const texts = (a: ReturnType<typeof searchAnswer>) => a.sections.flatMap((s) => s.lines ?? []).map((l) => l.text);

describe('/search', () => {
  test('finds lines despite one-letter typos', () => {
    expect(texts(searchAnswer(b, 'peacekeepng', 5)).join(' ')).toMatch(/peacekeeping/);
    expect(texts(searchAnswer(b, 'Witkof', 5))[0]).toMatch(/Steve Witkoff/);
  });

  test('exact phrases come first and matched words are highlighted', () => {
    const a = searchAnswer(b, 'boots on the ground', 5);
    const lines = a.sections[0]!.lines!;
    expect(lines.slice(0, 2).every((l) => /boots on the ground/.test(l.text))).toBe(true);
    const l = lines[0]!;
    expect(l.highlights!.map(([s, e]) => l.text.slice(s, e).toLowerCase())).toEqual(
      expect.arrayContaining(['boots', 'ground']),
    );
  });

  test('nothing found, empty and too long are short clear answers', () => {
    expect(searchAnswer(b, 'zzzzqqq', 5)).toMatchObject({ status: 'empty' });
    expect(searchAnswer(b, '', 5)).toMatchObject({ status: 'usage' });
    expect(searchAnswer(b, 'word '.repeat(100), 5)).toMatchObject({ status: 'error' });
  });

  test('furniture is never an answer', () => {
    expect(texts(searchAnswer(b, 'comments', 10)).join(' ')).not.toMatch(/Share your thoughts|Post a Comment/);
  });
});

describe('/quotes', () => {
  test('by a speaker, by an actor’s people, and by words', () => {
    const trump = quotesAnswer(b, 'Trump', 10).sections[0]!.lines!;
    expect(trump.every((l) => l.speaker === 'Donald Trump')).toBe(true);
    const us = quotesAnswer(b, 'US', 10).sections[0]!.lines!.map((l) => l.speaker);
    expect(us).toEqual(expect.arrayContaining(['Donald Trump', 'Karoline Leavitt']));
    const words = quotesAnswer(b, 'boots on the ground', 10).sections[0]!.lines!;
    expect(words[0]!.speaker).toBe('Keir Starmer');
  });
  test('nobody known gets a short answer', () => {
    expect(quotesAnswer(b, 'Narnia', 10)).toMatchObject({ status: 'empty' });
  });
});

test('/digest preview: each document with two or three key lines, then latest positions', () => {
  const a = digestAnswer(b);
  const docs = a.sections.filter((s) => s.heading !== 'Latest positions');
  expect(docs).toHaveLength(5);
  for (const d of docs) expect(d.lines!.length).toBeGreaterThanOrEqual(2);
  const latest = a.sections.find((s) => s.heading === 'Latest positions')!;
  expect(latest.lines!.map((l) => l.speaker)).toEqual(expect.arrayContaining(['UK', 'Russia']));
});
