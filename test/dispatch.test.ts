import { commands } from '../commands';
import { dispatch } from '../src/dispatch';
import { corpusFrom, docFromText } from './helpers';

describe('answers are cached until the corpus changes', () => {
  test('the same question gets the same (frozen) answer; a change gives a fresh one', async () => {
    const live = corpusFrom({ 'a.txt': 'Britain said it would send troops.' });
    const ctx = { corpus: live, limit: 5, services: {}, commands };
    const first = await dispatch('/position UK', ctx);
    expect(await dispatch('/position   UK', ctx)).toBe(first);
    expect(Object.isFrozen(first.sections[0]!.lines![0])).toBe(true);
    live.apply({ upsert: [docFromText('b.txt', 'Britain will not send troops to the region.')], remove: [] });
    const after = await dispatch('/position UK', ctx);
    expect(after).not.toBe(first);
    expect(after.total).toBe(2);
  });
});
