import { findQuoteSpans } from '../../src/quotes/findQuotes';
import { corpusFrom, SEEDS } from '../helpers';
import { indexFolder } from '../loadFolderIndex';

function quotesOf(text: string) {
  const b = corpusFrom({ 'a.txt': `Headline\n\n${text}` });
  return b.quotes.map((q) => ({ quote: q.text, speaker: q.speaker?.name }));
}

describe('findQuoteSpans', () => {
  test('curly and straight quotes, across sentence boundaries', () => {
    const spans = findQuoteSpans('He said “One. Two.” and then "three four" ended.');
    expect(spans.map((s) => s.text)).toEqual(['One. Two.', 'three four']);
  });
  test('an apostrophe is not a quote', () => {
    expect(findQuoteSpans('Britain’s message isn’t new.')).toEqual([]);
  });
  test('a quote left open at the end of a paragraph runs on', () => {
    expect(findQuoteSpans('“We will fight on. We will')[0]).toMatchObject({ runsOn: true });
  });
});

describe('attribution', () => {
  test('“Q,” X responded, adding, “Q2” — both are X’s', () => {
    const q = quotesOf(
      'Donald Trump met reporters. “They can take care of themselves,” Trump responded, adding, “It sounds evasive. It is not.”',
    );
    expect(q).toEqual([
      { quote: 'They can take care of themselves', speaker: 'Donald Trump' },
      { quote: 'It sounds evasive. It is not.', speaker: 'Donald Trump' },
    ]);
  });

  test('a person merely named in the sentence is never the speaker', () => {
    const q = quotesOf('Zelensky urged Trump to take a “clear position” on guarantees.');
    expect(q[0]!.speaker).toBe('Volodymyr Zelensky');
  });

  test('he/she resolves to the person just named', () => {
    const q = quotesOf(
      'British Prime Minister Keir Starmer met with Trump to discuss what he termed a “peace that is tough and fair.”',
    );
    expect(q[0]!.speaker).toBe('Keir Starmer');
    const q2 = quotesOf('Ingrid Solberg spoke first. She said: “Nobody wins a long strike.”');
    expect(q2[0]!.speaker).toBe('Ingrid Solberg');
  });

  test('“Q,” said X / X said: “Q” / according to X / one NATO diplomat', () => {
    expect(quotesOf('“We will meet again,” said Jonas Falk.')[0]!.speaker).toBe('Jonas Falk');
    expect(quotesOf('Mette Lund said: “The door remains open.”')[0]!.speaker).toBe('Mette Lund');
    expect(quotesOf('According to Mette Lund, “the door remains open.”')[0]!.speaker).toBe('Mette Lund');
    expect(quotesOf('One NATO diplomat summed it up by saying, “The U.S. is not fully committed.”')[0]!.speaker).toBe(
      'One NATO diplomat',
    );
  });

  test('the speaker after an appositive: “X, co-founder of …, expressed frustration, calling it “empty talk.””', () => {
    const q = quotesOf(
      'Dmytro, co-founder of the volunteer group Druzi Space in Donbas, expressed frustration, calling the discussions “empty talk.”',
    );
    expect(q[0]!.speaker).toBe('Dmytro');
  });

  test('scare quotes with no speech verb stay unattributed rather than guessed', () => {
    expect(quotesOf('NATO established "red lines" to deter aggression.')[0]!.speaker).toBeUndefined();
    expect(quotesOf('The Kremlin has put peace talks “on pause.”')[0]!.speaker).toBeUndefined();
  });

  test('a paragraph made only of a quote continues the previous speaker', () => {
    const q = quotesOf('“We are ready,” said Jonas Falk. “We have been for weeks.”\n“Nobody should doubt it.”');
    expect(q.map((x) => x.speaker)).toEqual(['Jonas Falk', 'Jonas Falk', 'Jonas Falk']);
  });
});

test('on the seeds, Trump’s and Starmer’s quotes are theirs and nobody else’s', () => {
  const b = indexFolder(SEEDS).corpus;
  const by = (name: string) => b.quotes.filter((q) => q.speaker?.name.includes(name)).map((q) => q.text);
  expect(by('Trump')).toEqual(
    expect.arrayContaining(['They can take care of themselves very well', 'always be with the British']),
  );
  expect(by('Trump').join(' ')).not.toMatch(/tough and fair|clear position|option and a possibility/);
  expect(by('Starmer').join(' ')).toMatch(/tough and fair/);
  expect(by('Leavitt')).toEqual(['an option and a possibility.']);
});
