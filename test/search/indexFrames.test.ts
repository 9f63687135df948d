import { indexFrames, stateFromFrames } from '../../src/search/indexFrames';
import { SentenceIndex } from '../../src/search/sentenceIndex';
import { drain } from '../../src/util/steps';
import { indexFolder } from '../loadFolderIndex';
import { SEEDS } from '../helpers';

const QUERIES = ['Witkof', 'boots on the ground', 'sanctions', 'Starmer said', 'peace deal Ukraine', 'zzzz'];

describe('the search index as snapshot frames', () => {
  const { corpus } = indexFolder(SEEDS);
  const state = corpus.index.toState();

  test.each([5, 200, 1_000_000])(
    'frames of at most %i postings load back into the same index, answering the same',
    (limit) => {
      const frames = indexFrames(state, limit);
      // Small limits cut the tree below its root; one large one keeps it whole.
      if (limit <= 200) expect(frames.length).toBeGreaterThan(10);
      else expect(frames.length).toBe(3);
      const steps: number[] = [];
      const generator = stateFromFrames(frames, (share) => steps.push(share));
      const { state: back } = drain(generator);
      expect(back).toEqual(state);
      expect(steps[steps.length - 1]).toBe(1);
      expect([...steps].sort((a, b) => a - b)).toEqual(steps);

      const loaded = new SentenceIndex();
      drain(loaded.loadSteps(frames));
      for (const q of QUERIES) expect(loaded.search(q)).toEqual(corpus.index.search(q));
      expect(loaded.matching('sanctions')).toEqual(corpus.index.matching('sanctions'));
    },
  );

  test('a search while the frames load throws SearchIndexLoading with the share done; then it answers', () => {
    const frames = indexFrames(state, 200);
    const loaded = new SentenceIndex();
    const steps = loaded.loadSteps(frames);
    steps.next();
    steps.next();
    expect(loaded.ready).toBe(false);
    expect(() => loaded.search('sanctions')).toThrow(/still loading \(\d+% done\)/);
    expect(() => loaded.containingAll('Starmer')).toThrow(/still loading/);
    drain(steps);
    expect(loaded.ready).toBe(true);
    expect(loaded.containingAll('Starmer')).toEqual(corpus.index.containingAll('Starmer'));
  });

  test('what changed since the frames were written is in before a search is allowed, however large', () => {
    const frames = indexFrames(state, 200);
    const gone = corpus.index.containingAll('Witkoff');
    expect(gone.length).toBeGreaterThan(0);
    const added = Array.from({ length: 2500 }, (_, i) => ({
      id: 100_000 + i,
      doc: 'new.txt',
      line: i + 1,
      start: 0,
      end: 10,
      text: `Oslo said fjordword number ${i} would be sent.`,
      kind: 'body' as const,
      paragraph: i,
    }));
    const loaded = new SentenceIndex();
    const steps = loaded.loadSteps(frames, { discard: gone, add: added });
    let stepsWhilePatching = 0;
    while (!steps.next().done) {
      expect(loaded.ready).toBe(false);
      stepsWhilePatching++;
    }
    expect(stepsWhilePatching).toBeGreaterThan(frames.length);
    expect(loaded.containingAll('Witkoff')).toEqual([]);
    expect(loaded.containingAll('fjordword')).toHaveLength(2500);
  });
});
