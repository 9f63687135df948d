import { deserialize, serialize } from 'node:v8';
import { Knowledge, levenshtein } from '../../src/actors/knowledge';
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

describe('did-you-mean', () => {
  /** Edit distance, the textbook way: the oracle. */
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  /** What suggest() must return, from every alias compared in full. */
  const expected = (k: Knowledge, query: string, max = 5): string[] => {
    const q = query.trim().toLowerCase();
    const limit = Math.max(1, Math.floor(q.length / 3));
    const list: Array<[string, string]> = [];
    for (const a of k.actors.values())
      for (const al of [a.name, ...a.aliases]) list.push([al.toLowerCase(), a.short ?? a.name]);
    for (const p of k.people.values()) for (const al of p.aliases) list.push([al.toLowerCase(), p.name]);
    const scored: Array<[number, string]> = [];
    for (const [p, label] of list) {
      const affix = p.startsWith(q) || q.startsWith(p);
      const d = affix ? Math.min(1, Math.abs(p.length - q.length)) : distance(q, p);
      if (d <= limit) scored.push([d, label]);
    }
    scored.sort((a, b) => a[0] - b[0]);
    return [...new Set(scored.map((s) => s[1]))].slice(0, max);
  };

  test('the letter-count filter changes nothing: same suggestions as comparing every name in full', () => {
    const queries = [
      'Rusia',
      'Starmr',
      'Witkof',
      'Zelensky',
      'Macronn',
      'Nato',
      'Brusels',
      'Leavit',
      'Narnia',
      'é-x',
      'Q',
    ];
    // And one-letter typos of every actor's name, at a position that moves with the name.
    for (const a of seeds.actors.values()) {
      const n = a.name;
      const i = n.length % 5;
      queries.push(n.slice(0, i) + n.slice(i + 1), n.slice(0, i) + 'x' + n.slice(i + 1));
    }
    for (const q of queries) expect(seeds.suggest(q)).toEqual(expected(seeds, q));
  });

  test('levenshtein with a bound: the distance when within it, more than the bound when not', () => {
    const words = ['kitten', 'sitting', 'saturday', 'sunday', 'starmer', 'stammer', 'a', '', 'zelenskyy', 'zelensky'];
    for (const a of words)
      for (const b of words) {
        const d = distance(a, b);
        for (const max of [0, 1, 2, 3]) expect(Math.min(levenshtein(a, b, max), max + 1)).toBe(Math.min(d, max + 1));
      }
  });
});

describe('knowledge restored from saved lessons (a start from a snapshot)', () => {
  const docs = loadFolder(SEEDS).documents;
  const built = Knowledge.build(docs);
  const lessons = new Map(docs.map((d) => [d.file, built.lessonsOf(d.file)!]));

  test('knows and reads exactly what knowledge learned from the documents knows', () => {
    const restored = Knowledge.fromLessons(lessons);
    for (const name of ['UK', 'Starmer', 'Keir Starmer', 'Trump', 'Zelensky', 'Kremlin', 'Nobody Atall'])
      expect(restored.resolve(name)).toEqual(built.resolve(name));
    for (const d of docs)
      for (const s of d.sentences)
        expect(restored.analyse(s.text).mentions.map((m) => restored.keysOf(m))).toEqual(
          built.analyse(s.text).mentions.map((m) => built.keysOf(m)),
        );
  });

  // Two documents that teach organisations (seeds teach none) and a person who speaks for one.
  const teaching = [
    docFromText(
      'orgs-a.txt',
      'Title\n\nOn Monday the Green Party said it would oppose the plan. Ministers met the Green Party on Tuesday. The Liberal Democrats said they would abstain, and a Liberal Democrats spokesman called it a mistake.',
    ),
    docFromText(
      'orgs-b.txt',
      'Title\n\nA spokesman for the Green Party said the vote was close. Later the Green Party said it was a good day. The Liberal Democrats warned of delays. Lib Dem leader Ed Davey said nothing.',
    ),
  ];

  test.each([
    ['the seeds', docs],
    ['the seeds and documents teaching organisations', [...docs, ...teaching]],
  ])('from what was learned (as a snapshot keeps it), without learning again: %s', (_name, corpus) => {
    const learnedFrom = Knowledge.build(corpus);
    const saved = new Map(corpus.map((d) => [d.file, learnedFrom.lessonsOf(d.file)!]));
    const learned = learnedFrom.exportLearned()!;
    // Through the snapshot's encoding: nothing may depend on sharing objects with the knowledge it came from.
    const restored = Knowledge.fromLearned(saved, deserialize(serialize(learned)) as typeof learned);
    const relearned = Knowledge.fromLessons(saved);
    for (const k of [restored, relearned]) {
      expect([...k.people.entries()]).toEqual([...learnedFrom.people.entries()]);
      expect([...k.actors.entries()]).toEqual([...learnedFrom.actors.entries()]);
    }
    expect([...learnedFrom.people.values()].some((p) => p.origin === 'learned')).toBe(true);
    const names = ['UK', 'Starmer', 'Keir Starmer', 'Trump', 'Miliband', 'Green Party', 'Lib Dems', 'Nobody Atall'];
    for (const name of names) {
      expect(restored.resolve(name)).toEqual(learnedFrom.resolve(name));
      expect(restored.sharedBy(name)).toEqual(learnedFrom.sharedBy(name));
      expect(restored.suggest(name)).toEqual(learnedFrom.suggest(name));
    }
    for (const d of corpus)
      for (const s of d.sentences)
        expect(restored.analyse(s.text).mentions.map((m) => [m.phrase, restored.keysOf(m)])).toEqual(
          learnedFrom.analyse(s.text).mentions.map((m) => [m.phrase, learnedFrom.keysOf(m)]),
        );
    // Learning goes on from there as from knowledge that learned itself.
    const more = loadFolder(FIXTURES).documents.slice(0, 3);
    for (const k of [restored, relearned]) for (const d of more) k.setLessons(d.file, k.learnFrom(d));
    expect(restored.relearn()).toEqual(relearned.relearn());
    expect([...restored.people.entries()]).toEqual([...relearned.people.entries()]);
    expect([...restored.actors.entries()]).toEqual([...relearned.actors.entries()]);
  });

  test('nothing to export while lessons wait to be learned', () => {
    const k = Knowledge.fromLessons(lessons);
    k.setLessons('new.txt', { links: [], names: ['Zed Fakename'] });
    expect(k.exportLearned()).toBeUndefined();
    k.relearn();
    expect(k.exportLearned()?.people.some((p) => p.name === 'Zed Fakename')).toBe(true);
  });

  test('a corpus that taught nothing still reads the countries and organisations it knows', () => {
    const restored = Knowledge.fromLessons(new Map([['a.txt', { links: [], names: [] }]]));
    expect(restored.analyse('Britain said on Monday that NATO would meet.').mentions.length).toBeGreaterThanOrEqual(2);
  });
});
