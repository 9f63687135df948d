import { CorpusIndex } from '../../src/corpusIndex';
import { digestAnswer } from '../../src/answers/digest';
import { positionAnswer } from '../../src/answers/position';
import { dayOf, stanceChanges } from '../../src/answers/changes';
import { docFromText } from '../helpers';

// Made-up articles: a refusal in February, a reversal in March that the report itself calls one.
const FEB = [
  'Britain rules out combat role',
  '',
  'The UK will not send combat troops to Ukraine, the defence secretary said on Wednesday.',
  'Officials in London said training missions would continue.',
].join('\n');
const MAR = [
  'UK ready to deploy',
  '',
  'In a reversal of its earlier stance, the UK is now ready to send troops to Ukraine to support a peace deal, the prime minister said.',
  'Allies welcomed the announcement.',
].join('\n');
// The same March line without the report saying anything moved.
const MAR_UNMARKED = [
  'UK ready to deploy',
  '',
  'The UK is ready to send troops to Ukraine to support a peace deal, the prime minister said.',
  'Allies welcomed the announcement.',
].join('\n');
const APR_SAME = [
  'UK restates',
  '',
  'In a reversal of its earlier stance, the UK said it will not send troops to Ukraine, the foreign secretary said.',
].join('\n');

const index = (docs: Array<[string, string, string | undefined]>) =>
  new CorpusIndex(docs.map(([file, text, date]) => docFromText(file, text, date)));
const uk = (b: CorpusIndex) => b.knowledge.resolve('UK');
const ukKey = (b: CorpusIndex) => {
  const r = uk(b);
  if (r?.type !== 'actor') throw new Error('UK is a built-in actor');
  return r.actor.id;
};

describe('what changed: an actor’s newest line shifting its earlier stance', () => {
  test('flags the shift with both lines quoted, dated and cited, in /position with a topic', () => {
    const b = index([
      ['feb.txt', FEB, '2025-02-12'],
      ['mar.txt', MAR, '2025-03-02'],
    ]);
    const a = positionAnswer(b, 'UK', 'troops', 10);
    const changed = a.sections.find((s) => s.heading === 'What changed');
    expect(changed?.items).toHaveLength(1);
    const item = changed!.items![0]!;
    expect(item.label).toBe('United Kingdom on “troops”');
    expect(item.detail).toMatch(/^was ‘The UK will not send combat troops[^’]*’ \(12 Feb 2025, opposes; feb\.txt:3\)/);
    expect(item.detail).toMatch(/ → now ‘[^’]*ready to send troops[^’]*’ \(2 Mar 2025, supports; mar\.txt:3\)$/);
    // The lines themselves are still the answer.
    expect(a.sections.at(-1)?.lines?.length).toBeGreaterThan(0);
  });

  test('without a topic, the newest statement is checked on what its stance is about', () => {
    const b = index([
      ['feb.txt', FEB, '2025-02-12'],
      ['mar.txt', MAR, '2025-03-02'],
    ]);
    const changes = stanceChanges(b, ukKey(b));
    expect(changes.map((c) => [c.topic, c.was.stance, c.now.stance])).toContainEqual(['troops', 'opposes', 'supports']);
  });

  test('no flag when the report does not say anything moved, when dates are missing, or when the stance holds', () => {
    const unmarked = index([
      ['feb.txt', FEB, '2025-02-12'],
      ['mar.txt', MAR_UNMARKED, '2025-03-02'],
    ]);
    expect(stanceChanges(unmarked, ukKey(unmarked), { topic: 'troops' })).toEqual([]);
    const undated = index([
      ['feb.txt', FEB, undefined],
      ['mar.txt', MAR, undefined],
    ]);
    expect(stanceChanges(undated, ukKey(undated), { topic: 'troops' })).toEqual([]);
    const same = index([
      ['feb.txt', FEB, '2025-02-12'],
      ['apr.txt', APR_SAME, '2025-04-01'],
    ]);
    expect(stanceChanges(same, ukKey(same), { topic: 'troops' })).toEqual([]);
    // The newer line must be newer: the same two lines in the other order are no change to report now.
    const reversed = index([
      ['feb.txt', FEB, '2025-03-12'],
      ['mar.txt', MAR, '2025-03-02'],
    ]);
    expect(stanceChanges(reversed, ukKey(reversed), { topic: 'troops' })).toEqual([]);
  });

  test('the digest reports the change its new documents bring, not older ones', () => {
    const b = index([
      ['feb.txt', FEB, '2025-02-12'],
      ['mar.txt', MAR, '2025-03-02'],
    ]);
    const brief = digestAnswer(b, [b.document('mar.txt')!]);
    const changed = brief.sections.find((s) => s.heading === 'What changed');
    expect(changed?.items?.[0]?.label).toBe('UK on “troops”');
    expect(changed?.items?.[0]?.detail).toMatch(/^was .*feb\.txt:3\) → now .*mar\.txt:3\)$/);
    const old = digestAnswer(b, [b.document('feb.txt')!]);
    expect(old.sections.some((s) => s.heading === 'What changed')).toBe(false);
  });

  test('dates are read leniently and never guessed', () => {
    expect(dayOf('2025-03-02')).toBe(dayOf('Sun, 02 Mar 2025 10:00:00 GMT'));
    expect(dayOf('soon')).toBeUndefined();
    expect(dayOf(undefined)).toBeUndefined();
  });
});
