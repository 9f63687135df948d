import { positionAnswer } from '../src/answers/position';
import { quotesAnswer } from '../src/answers/quotes';
import { stripTitles } from '../src/actors/knowledge';
import { splitSentences } from '../src/corpus/sentences';
import { corpusFrom } from './helpers';

/** Classes of failure on news the bot was not tuned for (issue 11), each with made-up sentences. */

describe('queries as people type them', () => {
  const b = corpusFrom({
    'a.txt': [
      'Talks in Ankara',
      '',
      '“We will not accept any deal that ignores our security,” Donald Trump said on Tuesday.',
      'Turkey will host the next round of talks, Ankara said.',
      'Recep Tayyip Erdoğan told reporters that Türkiye would keep its border open.',
    ].join('\n'),
  });

  test.each(['President Trump', 'US President Donald Trump', 'Mr. Trump', 'Mr Trump', 'former President Trump'])(
    '%p finds Trump’s quotes',
    (q) => {
      const a = quotesAnswer(b, q, 5);
      expect(a.status).toBe('ok');
      expect(a.actor?.name).toBe('Donald Trump');
    },
  );

  test.each(['Turkey', 'Türkiye', 'turkiye', 'TURKEY'])('%p is the same country, whatever the spelling', (q) => {
    const a = positionAnswer(b, q, undefined, 5);
    expect(a.actor?.name).toBe('Türkiye');
    expect(a.status).toBe('ok');
  });

  test('titles are stripped only from the front, and a bare title is left as typed', () => {
    expect(stripTitles('Prime Minister Keir Starmer')).toBe('Keir Starmer');
    expect(stripTitles('Chancellor Olaf Scholz')).toBe('Olaf Scholz');
    expect(stripTitles('President')).toBe('President');
    expect(stripTitles('Donald Trump')).toBe('Donald Trump');
  });
});

describe('lines lost or merged before analysis', () => {
  test('"May." ends a sentence; "Jan. 2022" does not', () => {
    expect(splitSentences('The vote was held in May. Labour won it easily.').map((s) => s.text)).toEqual([
      'The vote was held in May.',
      'Labour won it easily.',
    ]);
    expect(splitSentences('It began in Jan. 2022 and went on.').map((s) => s.text)).toHaveLength(1);
  });

  test('a paragraph that merely ends with "stay tuned" keeps its statement', () => {
    const b = corpusFrom({
      'b.txt':
        'Troops\n\nBritain will send two hundred troops to Estonia, London said on Monday. Stay tuned for more updates.\n',
    });
    const lines = positionAnswer(b, 'UK', undefined, 5).sections.flatMap((s) => s.lines ?? []);
    expect(lines.map((l) => l.text)).toContain(
      'Britain will send two hundred troops to Estonia, London said on Monday.',
    );
    expect(lines.map((l) => l.text).join(' ')).not.toContain('Stay tuned');
  });
});

test('topics match their close forms: "weapons" finds "weaponry" and "weapon"', () => {
  const b = corpusFrom({
    'c.txt': [
      'Arms',
      '',
      'Washington said it would send more weaponry to Kyiv.',
      'The US will not supply a single long-range weapon, Pentagon officials said.',
      'The US praised the weather.',
    ].join('\n'),
  });
  const texts = positionAnswer(b, 'US', 'weapons', 10)
    .sections.flatMap((s) => s.lines ?? [])
    .map((l) => l.text);
  expect(texts).toEqual(
    expect.arrayContaining([
      'Washington said it would send more weaponry to Kyiv.',
      'The US will not supply a single long-range weapon, Pentagon officials said.',
    ]),
  );
  expect(texts).not.toContain('The US praised the weather.');
});

describe('reported speech states a position', () => {
  const b = corpusFrom({
    'd.txt': [
      'Energy',
      '',
      'French warships sailed past the island on Friday.',
      'France said it would stop buying Russian oil by the end of the year.',
      'A French farmer drove his tractor to the capital.',
      "Japan's defence ministry said Tokyo would double its spending within five years.",
      'Japanese officials argue that the new radar is needed to watch the strait.',
      'Japanese cars sold well abroad last year.',
      'According to Germany, the pipeline will stay closed all winter.',
    ].join('\n'),
  });
  const top = (actor: string) =>
    positionAnswer(b, actor, undefined, 5)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text);

  test('"X said it would…" ranks above a passing mention of X', () => {
    expect(top('France')[0]).toBe('France said it would stop buying Russian oil by the end of the year.');
  });
  test('"X\'s ministry said" and "X officials argue" make X the speaker', () => {
    const japan = top('Japan');
    expect(japan.slice(0, 2).sort()).toEqual(
      [
        "Japan's defence ministry said Tokyo would double its spending within five years.",
        'Japanese officials argue that the new radar is needed to watch the strait.',
      ].sort(),
    );
    expect(japan.indexOf('Japanese cars sold well abroad last year.')).not.toBe(0);
  });
  test('"according to X" is X speaking', () => {
    expect(top('Germany')[0]).toBe('According to Germany, the pipeline will stay closed all winter.');
  });
});

describe('names as newspapers write them', () => {
  const b = corpusFrom({
    'e.txt': [
      'Summit',
      '',
      '“We are ready to talk, but not at any price,” Mr. Macron said after the meeting.',
      '“Our support will not waver,” Jens Stoltenberg, the alliance’s secretary general, told reporters in Brussels.',
    ].join('\n'),
  });
  test('"Mr. X said" credits X', () => {
    expect(b.quotes.find((q) => q.text.startsWith('We are ready'))?.speaker?.name).toBe('Emmanuel Macron');
  });
  test('a name, an appositive between commas, then the verb', () => {
    expect(b.quotes.find((q) => q.text.startsWith('Our support'))?.speaker?.name).toBe('Jens Stoltenberg');
  });

  test('a quote over several sentences closed by "he told parliament"', () => {
    const c = corpusFrom({
      'g.txt': [
        'Debate',
        '',
        'Olaf Scholz met the opposition leader Friedrich Merz on Monday. Later the chancellor spoke in the Bundestag.',
        '',
        '“We will not send tanks alone. Our allies must move with us. That is our policy,” he told parliament.',
      ].join('\n'),
    });
    const q = c.quotes.find((x) => x.text.startsWith('We will not send tanks'));
    expect(q?.text).toContain('That is our policy');
    expect(q?.speaker?.name).toBe('Olaf Scholz');
  });

  test('"The Kremlin spokesman, Dmitry Peskov, said" — and "he" two sentences later is still Peskov', () => {
    const c = corpusFrom({
      'h.txt': [
        'Talks stall',
        '',
        'Vladimir Putin met the envoy on Monday. The Kremlin spokesman, Dmitry Peskov, said the talks had stalled. Moscow would not be rushed, Russian officials added. “We are in no hurry,” he said.',
      ].join('\n'),
    });
    const q = c.quotes.find((x) => x.text.startsWith('We are in no hurry'));
    expect(q?.speaker?.name).toBe('Dmitry Peskov');
    expect(
      positionAnswer(c, 'Russia', undefined, 10)
        .sections.flatMap((s) => s.lines ?? [])
        .map((l) => l.text),
    ).toContain('The Kremlin spokesman, Dmitry Peskov, said the talks had stalled.');
  });
});

test('a participle opening a sentence is never a speaker; a surname ending in -ing still is', () => {
  const b = corpusFrom({
    'f.txt': [
      'Talks',
      '',
      'Commenting on the talks, the foreign secretary said: “We must stay united.”',
      '“The inquiry will report in spring,” Chelsea Manning said.',
    ].join('\n'),
  });
  const speakers = b.quotes.map((q) => q.speaker?.name);
  expect(speakers).not.toContain('Commenting');
  expect(b.quotes.find((q) => q.text.startsWith('The inquiry'))?.speaker?.name).toBe('Chelsea Manning');
});

test("a prolific speaker's substantial, newer quotes come first; fragments last", () => {
  const texts: Record<string, string> = {};
  for (let i = 0; i < 30; i++)
    texts[`old${i}.md`] =
      `---\ntitle: Old ${i}\ndate: 2022-01-${String((i % 28) + 1).padStart(2, '0')}\n---\n\n“Thanks,” Olaf Scholz said.\n`;
  texts['new.md'] =
    '---\ntitle: New\ndate: 2022-06-01\n---\n\n“Germany will never send troops to fight in Ukraine, and we will not change that position,” Olaf Scholz said.\n';
  texts['mid.md'] =
    '---\ntitle: Mid\ndate: 2022-03-01\n---\n\n“We are ready to supply more air defence systems to Kyiv this year,” Olaf Scholz said.\n';
  const b = corpusFrom(texts);
  const lines = quotesAnswer(b, 'Scholz', 5).sections.flatMap((s) => s.lines ?? []);
  expect(lines[0]!.quote).toMatch(/^Germany will never send troops/);
  expect(lines[1]!.quote).toMatch(/^We are ready to supply/);
});

describe('a surname two people share', () => {
  const b = corpusFrom({
    'a.txt': [
      'Brothers at odds',
      '',
      'Labour leader Ed Miliband said the party would freeze energy prices.',
      '“We will fight for every household,” Miliband said.',
    ].join('\n'),
    'b.txt': [
      'The foreign secretary',
      '',
      'Foreign Secretary David Miliband told reporters that Britain would stay in Afghanistan.',
      '“Our troops are doing vital work,” Miliband said on Monday.',
    ].join('\n'),
  });

  test('a bare surname goes to the person the same document named in full', () => {
    const ed = quotesAnswer(b, 'Ed Miliband', 10);
    const david = quotesAnswer(b, 'David Miliband', 10);
    const quotes = (a: typeof ed) => a.sections.flatMap((s) => s.lines ?? []).map((l) => l.quote);
    expect(quotes(ed)).toEqual(['We will fight for every household']);
    expect(quotes(david)).toEqual(['Our troops are doing vital work']);
  });

  test('asking for the shared surname names both and asks which', () => {
    const a = quotesAnswer(b, 'Miliband', 10);
    expect(a.status).toBe('empty');
    expect(a.suggestions).toEqual(['David Miliband', 'Ed Miliband']);
    expect(a.message).toMatch(/could be “David Miliband” or “Ed Miliband”/);
    expect(positionAnswer(b, 'Mr Miliband', undefined, 5).suggestions).toEqual(['David Miliband', 'Ed Miliband']);
  });
});

describe('organisations are learned from the text', () => {
  const b = corpusFrom({
    'a.txt': [
      'Election week',
      '',
      'The Greens said they would scrap the new runway.',
      'A Greens spokeswoman told reporters the party opposed any airport expansion.',
      'Meanwhile Ferrovia Holdings said it would cut two thousand jobs, the company confirmed.',
    ].join('\n'),
    'b.txt': [
      'Budget row',
      '',
      'Ferrovia Holdings warned on Friday that fares would rise.',
      'The Greens insist the budget must fund rail before roads.',
      'Analysts said the market was calm.',
      'Mr Castellan said the deal was fair. Castellan added that talks would go on.',
      'Castellan told reporters the plan would work.',
    ].join('\n'),
  });

  test('a party and a company become actors with their own positions', () => {
    const greens = positionAnswer(b, 'Greens', undefined, 10);
    expect(greens.status).toBe('ok');
    const lines = greens.sections.flatMap((s) => s.lines ?? []).map((l) => l.text);
    expect(lines).toContain('The Greens said they would scrap the new runway.');
    expect(lines).toContain('The Greens insist the budget must fund rail before roads.');
    expect(positionAnswer(b, 'Ferrovia Holdings', undefined, 10).status).toBe('ok');
  });

  test('common nouns that open a sentence, and surnames, are not learned', () => {
    expect(positionAnswer(b, 'Analysts', undefined, 5).status).toBe('empty');
    expect(positionAnswer(b, 'Castellan', undefined, 5).actor?.name).not.toBe('Castellan');
  });
});

describe('how news reports a position, beyond "X said"', () => {
  const b = corpusFrom({
    'p.txt': [
      'Ferry plans',
      '',
      'Norway has promised to keep the ferry subsidy for another decade.',
      'Fishing quotas were discussed at length on Tuesday, with Norway among the countries present.',
      'According to the Oslo Post, the talks ran late into the night.',
      'Plans to close three northern ports have been unveiled by Norway.',
      'The subsidy will not be cut before 2030, says Norway.',
      'A Norway trip was cancelled because of the storm.',
    ].join('\n'),
    'q.txt': [
      'Harbour row',
      '',
      'Tankers waited outside the harbour all week, the port director Lars Halvorsen said.',
      'On Monday, Mr. Halvorsen warned that the harbour would close if the strike went on.',
      'Crews cheered when the talks resumed with Mr. Halvorsen.',
      'In 2020, Mr. Halvorsen sent inspectors to every port on the coast.',
    ].join('\n'),
  });
  const lines = (actor: string, n = 10) =>
    positionAnswer(b, actor, undefined, n)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text);

  test("the agent of a passive and an inverted report state the actor's position", () => {
    const top = lines('Norway', 4);
    expect(top).toContain('Plans to close three northern ports have been unveiled by Norway.');
    expect(top).toContain('The subsidy will not be cut before 2030, says Norway.');
  });
  test('a newspaper named after a place does not speak for it', () => {
    const all = lines('Norway', 10);
    const paper = all.indexOf('According to the Oslo Post, the talks ran late into the night.');
    expect(
      paper === -1 || paper > all.indexOf('Plans to close three northern ports have been unveiled by Norway.'),
    ).toBe(true);
  });
  test('"Mr. X" at the head of a clause is the subject, and a name is no adjective', () => {
    const top = lines('Halvorsen', 3);
    expect(top[0]).toBe('On Monday, Mr. Halvorsen warned that the harbour would close if the strike went on.');
    expect(top.indexOf('In 2020, Mr. Halvorsen sent inspectors to every port on the coast.')).toBeLessThan(
      top.indexOf('Crews cheered when the talks resumed with Mr. Halvorsen.') === -1
        ? 99
        : top.indexOf('Crews cheered when the talks resumed with Mr. Halvorsen.'),
    );
  });
});

describe("an organisation's own statements come before its people's", () => {
  const b = corpusFrom({
    'a.txt': [
      'Greens launch manifesto',
      '',
      'The Green Democrats have unveiled plans to plant a million trees.',
      'Green Democrats leader Anna Lind said: "We will plant a million trees and protect every forest we have left."',
      'The Green Democrats say the plan will cost less than a new motorway.',
    ].join('\n'),
    'b.txt': [
      'Transport debate',
      '',
      'Roads dominated the debate on Thursday.',
      'Green Democrats spokesman Piet Vos said: "Every new road fills with cars within a year, so we will oppose them all."',
      'The Green Democrats would scrap the motorway plan altogether.',
    ].join('\n'),
  });

  test('"The X say/would/have" outranks "X leader Y said: …"', () => {
    const top = positionAnswer(b, 'Green Democrats', undefined, 10)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text);
    const leader = top.findIndex((l) => l.startsWith('Green Democrats leader Anna Lind said'));
    expect(leader).toBeGreaterThan(-1);
    for (const own of [
      'The Green Democrats have unveiled plans to plant a million trees.',
      'The Green Democrats say the plan will cost less than a new motorway.',
      'The Green Democrats would scrap the motorway plan altogether.',
    ])
      expect(top.indexOf(own)).toBeLessThan(leader);
  });
});
