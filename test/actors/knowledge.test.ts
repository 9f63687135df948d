import { Knowledge } from '../../src/actors/knowledge';
import { loadFolder } from '../../src/corpus/loadCorpus';
import { docFromText, FIXTURES, SEEDS } from '../helpers';

const seeds = Knowledge.build(loadFolder(SEEDS).documents);

function actorKeysIn(k: Knowledge, text: string): string[] {
  return k.analyse(text).mentions.flatMap((m) => k.keysOf(m));
}

describe('built-in aliases', () => {
  test.each([
    ['UK', ['Britain', 'British', 'London', 'the U.K.', 'Starmer', 'Downing Street']],
    ['US', ['the United States', 'America', 'Washington', 'the White House', 'Trump', 'Americans']],
    ['Russia', ['Moscow', 'the Kremlin', 'Putin', 'Lavrov', 'Russian']],
    ['France', ['Paris', 'Macron', 'Barrot', 'French']],
    ['Ukraine', ['Kyiv', 'Zelensky', 'Zelenskiy', 'Zelenskyy']],
    ['Germany', ['Berlin', 'Scholz', 'German']],
    ['NATO', ['the North Atlantic Treaty Organization', 'Nato']],
    ['EU', ['Brussels', 'the European Union']],
  ])('%s is also %p', (query, phrases) => {
    const r = seeds.resolve(query);
    expect(r?.type).toBe('actor');
    const id = r!.type === 'actor' ? r!.actor.id : '';
    for (const p of phrases) expect(actorKeysIn(seeds, `Yesterday ${p} said it would act.`)).toContain(id);
  });

  test('short codes match only in capitals: "us" the pronoun is not the United States', () => {
    expect(actorKeysIn(seeds, 'Tell us what you think.')).toEqual([]);
    expect(actorKeysIn(seeds, 'The US will act.')).toContain('united-states');
  });

  test('a possessive still matches: "Britain’s message", "the UK’s Chief"', () => {
    expect(actorKeysIn(seeds, 'Britain’s message is clear.')).toContain('united-kingdom');
    expect(actorKeysIn(seeds, 'the UK’s Chief of Defence Staff')).toContain('united-kingdom');
  });
});

describe('learned person → actor links', () => {
  test('from the seeds: Radakin (UK), Colby, Witkoff and Leavitt (US)', () => {
    const actorOf = (name: string) => seeds.findPerson(name)?.actorId;
    expect(actorOf('Radakin')).toBe('united-kingdom');
    expect(actorOf('Colby')).toBe('united-states');
    expect(actorOf('Witkoff')).toBe('united-states');
    expect(actorOf('Leavitt')).toBe('united-states');
  });

  test('from text nobody wrote the rules for: title before, appositive, reversed; traps left alone', () => {
    const k = Knowledge.build(loadFolder(FIXTURES).documents);
    expect(k.findPerson('Solberg')?.actorId).toBe('norway');
    expect(k.findPerson('Jonas Falk')?.actorId).toBe('sweden');
    expect(k.findPerson('Mette Lund')?.actorId).toBe('denmark');
    // "Ambassador to Norway": the posting is not the employer; the US is.
    expect(k.findPerson('Mark Ellis')?.actorId).toBe('united-states');
    // A former prime minister does not speak for the country.
    expect(k.findPerson('Karl Nyberg')?.actorId).toBeUndefined();
    // A person known only as a person (no actor) is still a person.
    expect(k.findPerson('Anna Berg')?.actorId).toBeUndefined();
  });

  test('learned people count as their actor’s mentions', () => {
    const k = Knowledge.build([
      docFromText('a.txt', 'Headline\n\nRussian Foreign Minister Sergey Lavrov spoke.\nLater Lavrov warned the west.'),
    ]);
    expect(actorKeysIn(k, 'Later Lavrov warned the west.')).toContain('russia');
  });
});

describe('unknown actors', () => {
  test('resolve to nothing, with close suggestions', () => {
    expect(seeds.resolve('Narnia')).toBeUndefined();
    expect(seeds.suggest('Rusia')).toContain('Russia');
    expect(seeds.suggest('Starmr')).toContain('Keir Starmer');
  });
});

describe('a surname that is an everyday word ("Brown", "Bush")', () => {
  const k = Knowledge.build([
    docFromText(
      'a.txt',
      'Headline\n\nChancellor Gordon Brown said the economy was strong. Kate Bush said she would tour.\nPresident George Bush met him. Brown later said more.\n',
    ),
  ]);

  test('names the person when asked by it alone; several share it: the bot asks which', () => {
    const brown = k.resolve('Brown');
    expect(brown?.type === 'person' && brown.person.name).toBe('Gordon Brown');
    expect(k.resolve('Mr Brown')?.type).toBe('person');
    expect(k.resolve('Bush')).toBeUndefined();
    expect(
      k
        .sharedBy('Bush')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['George Bush', 'Kate Bush']);
  });

  test('is still not a name in running text: "brown bread" names nobody', () => {
    expect(actorKeysIn(k, 'They ate brown bread with a bush of herbs.')).toEqual([]);
  });
});

test('the team’s actors file adds actors and people', () => {
  const k = Knowledge.build([docFromText('a.txt', 'Headline\n\nThe Quad said it would meet. Jane Roe spoke.')], {
    actors: [{ name: 'The Quad', kind: 'group', aliases: ['Quad'], people: ['Jane Roe'] }],
  });
  const r = k.resolve('Quad');
  expect(r?.type).toBe('actor');
  expect(actorKeysIn(k, 'Jane Roe spoke.')).toContain('the-quad');
});
