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

describe('/position with a topic after a surname several people share', () => {
  test('"Bush election" asks which Bush, not about an actor called "Bush election"', async () => {
    const corpus = corpusFrom({
      'a.txt':
        'President George Bush said the election was won. Kate Bush said she would tour.\nBush said more about the election.',
    });
    const ctx = { corpus, limit: 5, services: {}, commands };
    const a = await dispatch('/position Bush election', ctx);
    expect(a.message).toMatch(/“Bush” could be “George Bush” or “Kate Bush”/);
    const b = await dispatch('/position George Bush election', ctx);
    expect(b.status).toBe('ok');
    expect(b.title).toBe('Position: George Bush on “election”');
  });
});
