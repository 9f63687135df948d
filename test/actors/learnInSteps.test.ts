import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionAnswer } from '../../src/answers/position';
import { quotesAnswer } from '../../src/answers/quotes';
import type { Knowledge } from '../../src/actors/knowledge';
import type { CorpusIndex } from '../../src/corpusIndex';
import { corpusFrom, docFromText, SEEDS } from '../helpers';

const texts = Object.fromEntries(
  readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f, readFileSync(join(SEEDS, f), 'utf8')]),
);
const files = Object.keys(texts);

/** Articles that teach who is who: a person linked to an actor, an organisation by its cues. */
const TEACHING: Record<string, string> = {
  'teach-1.txt':
    'Defence talks\n\nBritish Defence Secretary Jane Marlowe said on Monday that troops would stay. Marlowe added that the Quillon Alliance spokesman was wrong. A Quillon Alliance spokesman said the group would respond.',
  'teach-2.txt':
    'More talks\n\nMarlowe said Britain would not move. The Quillon Alliance said in a statement that it disagreed. French Foreign Minister Paul Ardent said France agreed with London.',
};

const change = () => ({
  upsert: Object.entries(TEACHING).map(([f, t]) => docFromText(f, t)),
  remove: [files[0]!],
});

/** What who-is-who holds: people and their actors, the actors, and the answers built on them. */
function picture(b: CorpusIndex) {
  const k: Knowledge = b.knowledge;
  return {
    people: [...k.people.values()].map((p) => `${p.id}→${p.actorId ?? ''}:${[...p.aliases].sort().join('|')}`).sort(),
    actors: [...k.actors.keys()].sort(),
    marlowe: positionAnswer(b, 'Marlowe', undefined, 10)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text),
    uk: positionAnswer(b, 'UK', undefined, 20)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text),
    quotes: quotesAnswer(b, 'Marlowe', 10)
      .sections.flatMap((s) => s.lines ?? [])
      .map((l) => l.text),
  };
}

/** A batch as the live index applies it in slices: documents, then learning in steps, then reading again. */
function inSteps(b: CorpusIndex, between?: (step: number) => void) {
  const batch = b.beginBatch();
  b.applyDocuments(batch, change());
  const steps = b.relearnSteps(batch);
  let n = 0;
  let r = steps.next();
  while (!r.done) {
    between?.(n++);
    r = steps.next();
  }
  for (const f of r.value) b.reanalyse(f);
  return { files: r.value.sort(), steps: n };
}

describe('learning who is who in steps, on a copy', () => {
  const start = () => corpusFrom(Object.fromEntries(files.map((f) => [f, texts[f]!])));

  test('ends where learning in place ends: the same people, actors, answers and documents to read again', () => {
    const inPlace = start();
    const batch = inPlace.beginBatch();
    inPlace.applyDocuments(batch, change());
    const reread = inPlace.relearn(batch).sort();
    for (const f of reread) inPlace.reanalyse(f);

    const stepped = start();
    const { files: steppedReread } = inSteps(stepped);
    expect(steppedReread).toEqual(reread);
    expect(picture(stepped)).toEqual(picture(inPlace));
    expect(picture(stepped).people.some((p) => p.startsWith('jane-marlowe→united-kingdom'))).toBe(true);
  });

  test('until the new knowledge is swapped in whole, the index answers with what it knew', () => {
    const b = start();
    const before = b.knowledge;
    const seen: Array<'old' | 'new'> = [];
    inSteps(b, () => {
      // At every step the knowledge answering is the old one, untouched, or the new one, complete.
      const old = b.knowledge === before;
      expect(b.knowledge.resolve('Jane Marlowe')?.type).toBe(old ? undefined : 'person');
      seen.push(old ? 'old' : 'new');
    });
    expect(seen.filter((x) => x === 'old').length).toBeGreaterThan(3);
    // Swapped once: never back to the old one.
    expect(seen.join(',')).toMatch(/^(old,)+(new,?)*$/);
    expect(b.knowledge).not.toBe(before);
    expect(b.knowledge.resolve('Jane Marlowe')?.type).toBe('person');
  });

  test('lessons recorded while the copy learns: learned again in place, nothing lost', () => {
    const expected = start();
    expected.apply(change());
    expected.apply({
      upsert: [docFromText('late.txt', 'Late\n\nBritish Minister Tom Hale said the talks went well.')],
      remove: [],
    });

    const b = start();
    inSteps(b, (step) => {
      if (step === 0)
        b.apply({
          upsert: [docFromText('late.txt', 'Late\n\nBritish Minister Tom Hale said the talks went well.')],
          remove: [],
        });
    });
    expect(picture(b)).toEqual(picture(expected));
    expect(b.knowledge.resolve('Tom Hale')?.type).toBe('person');
  });
});
