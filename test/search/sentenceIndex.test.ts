import { positionAnswer } from '../../src/answers/position';
import { searchAnswer } from '../../src/answers/search';
import { briefingFrom } from '../helpers';

const b = briefingFrom({
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
    expect(texts(searchAnswer(b, 'peace', 10)).sort()).toEqual(['Britain said peace talks must include Kyiv.', 'France hopes for peace by the spring.']);
    expect(b.index.matching('place').size).toBe(2);
  });

  test('an unknown word is corrected, even when the corpus has the same misspelling once', () => {
    const found = texts(searchAnswer(b, 'governmnet', 10));
    expect(found).toEqual(expect.arrayContaining(['The government said it would not send troops.', 'The government of France disagreed.']));
    expect(texts(searchAnswer(b, 'goverment', 10))).toEqual(expect.arrayContaining(['The government said it would not send troops.']));
  });
});

describe('/position topic filter', () => {
  test('short topic words are whole words; longer ones take their longer forms', () => {
    const lines = (topic: string) => positionAnswer(b, 'UK', topic, 10).sections.flatMap((s) => s.lines ?? []).map((l) => l.text);
    expect(lines('war')).toEqual(['Britain warned that the war could last for years.']);
    expect(lines('sanction')).toEqual(['Britain will extend sanctions on Russian banks.']);
    expect(lines('sanctoins')).toEqual(['Britain will extend sanctions on Russian banks.']);
    expect(positionAnswer(b, 'UK', 'harbour', 10).status).toBe('empty');
  });
});
