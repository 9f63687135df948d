import { positionAnswer } from '../../src/answers/position';
import { searchAnswer } from '../../src/answers/search';
import type { Sentence } from '../../src/corpus/types';
import { SentenceIndex } from '../../src/search/sentenceIndex';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFrom, SEEDS } from '../helpers';

const b = corpusFrom({
  'a.txt': [
    'Britain said peace talks must include Kyiv.',
    'France hopes for peace by the spring.',
    'The summit will take place in Geneva.',
    'Another place was considered for the meeting.',
    'Britain warned that the war could last for years.',
    'Britain said the warm weather helped the harvest.',
    'Britain will extend sanctions on Russian banks.',
    'The goverment spokesman declined to comment.',
    'The government said it would not send troops.',
    'The government of France disagreed.',
  ].join('\n\n'),
});
const texts = (a: ReturnType<typeof searchAnswer>) => a.sections.flatMap((s) => s.lines ?? []).map((l) => l.text);

describe('typo tolerance', () => {
  test('a word the corpus knows is matched as written, not as a near word', () => {
    expect(texts(searchAnswer(b, 'peace', 10)).sort()).toEqual([
      'Britain said peace talks must include Kyiv.',
      'France hopes for peace by the spring.',
    ]);
    expect(b.index.matching('place').size).toBe(2);
  });

  test('an unknown word is corrected, even when the corpus has the same misspelling once', () => {
    const found = texts(searchAnswer(b, 'governmnet', 10));
    expect(found).toEqual(
      expect.arrayContaining(['The government said it would not send troops.', 'The government of France disagreed.']),
    );
    expect(texts(searchAnswer(b, 'goverment', 10))).toEqual(
      expect.arrayContaining(['The government said it would not send troops.']),
    );
  });
});

describe('/position topic filter', () => {
  test('short topic words are whole words; longer ones take their longer forms', () => {
    const lines = (topic: string) =>
      positionAnswer(b, 'UK', topic, 10)
        .sections.flatMap((s) => s.lines ?? [])
        .map((l) => l.text);
    expect(lines('war')).toEqual(['Britain warned that the war could last for years.']);
    expect(lines('sanction')).toEqual(['Britain will extend sanctions on Russian banks.']);
    expect(lines('sanctoins')).toEqual(['Britain will extend sanctions on Russian banks.']);
    expect(positionAnswer(b, 'UK', 'harbour', 10).status).toBe('empty');
  });
});

describe('common words', () => {
  // 6,000 sentences: "said" is in all of them, "budget" in one in ten, "cuts" in one in seven.
  const index = new SentenceIndex();
  const sentences: Sentence[] = Array.from({ length: 6000 }, (_, id) => {
    const words = [
      'officials',
      'said',
      id % 10 === 0 ? 'the budget' : 'the plan',
      id % 7 === 0 ? 'needs cuts' : 'is ready',
      `item${id}`,
    ];
    return { id, doc: 'x.txt', line: id + 1, start: 0, end: 0, text: words.join(' '), kind: 'body', paragraph: id };
  });
  index.addAll(sentences);
  const ids = (q: string) =>
    index
      .search(q)
      .map((h) => h.id)
      .sort((a, c) => a - c);

  test('a word in most sentences still has to be there, as when every word is searched', () => {
    const expected = sentences.filter((s) => s.text.includes('budget') && s.text.includes('cuts')).map((s) => s.id);
    expect(ids('budget cuts said')).toEqual(expected);
    expect(ids('said budget')).toEqual(sentences.filter((s) => s.text.includes('budget')).map((s) => s.id));
    expect(ids('cuts said budget')).toEqual(expected);
  });
});

describe('containingAll: who names a person, straight from the postings', () => {
  test('finds exactly what an exact search finds, also after sentences are discarded', () => {
    const texts = readdirSync(SEEDS)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(SEEDS, f), 'utf8'));
    const b = corpusFrom(Object.fromEntries(texts.map((t, i) => [`d${i}.txt`, t])));
    b.apply({ upsert: [], remove: ['d0.txt'] });
    const names = [
      'Starmer',
      'Keir Starmer',
      'Trump',
      'Steve Witkoff',
      'Radakin',
      'boots on the ground',
      'Nobody Here',
      'the',
    ];
    for (const name of names) {
      const exact = b.index.search(name, undefined, true).map((h) => h.id);
      expect(b.index.containingAll(name).sort((x, y) => x - y)).toEqual(exact.sort((x, y) => x - y));
    }
    expect(b.index.containingAll('Starmer').length).toBeGreaterThan(0);
  });
});
