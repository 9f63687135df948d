import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionAnswer } from '../../src/answers/position';
import { RankedMentions, topK } from '../../src/search/rankedMentions';
import { corpusFrom, docFromText, SEEDS } from '../helpers';

const fresh = (m: Map<number, number>, k: number) =>
  topK(k, (offer) => {
    for (const [id, score] of m) offer(id, score);
  });

describe('RankedMentions: each asked-about key’s best mentions, kept up to date', () => {
  test('after any mix of additions and removals the kept list is what ranking from scratch gives', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 40 }), score: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ remove: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }) }),
      fc.constant({ ask: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const model = new Map<number, number>();
        const kept = new RankedMentions(4, 10);
        for (const o of ops) {
          if ('add' in o) {
            if (model.has(o.add)) continue; // a sentence id is added once; re-reading removes it first
            model.set(o.add, o.score / 5);
            kept.added('k', o.add, o.score / 5);
          } else if ('remove' in o) {
            const ids = new Set(o.remove.filter((id) => model.has(id)));
            for (const id of ids) model.delete(id);
            kept.removed('k', ids);
          } else kept.get('k', () => model);
          expect(kept.get('k', () => model)).toEqual(fresh(model, 4));
        }
      }),
    );
  });

  test('a key never asked about costs nothing when documents change', () => {
    const kept = new RankedMentions(4, 10);
    kept.added('k', 1, 0.5);
    let ranked = 0;
    kept.get('k', () => {
      ranked++;
      return new Map([[1, 0.5]]);
    });
    expect(ranked).toBe(1);
  });

  test('the corpus keeps /position’s ranking through changes: the same lines as an index built afresh', () => {
    const texts = Object.fromEntries(
      readdirSync(SEEDS)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => [f, readFileSync(join(SEEDS, f), 'utf8')]),
    );
    const files = Object.keys(texts);
    const live = corpusFrom(Object.fromEntries(files.slice(0, 3).map((f) => [f, texts[f]!])));
    const lines = (b: typeof live) =>
      positionAnswer(b, 'UK', undefined, 20)
        .sections.flatMap((s) => s.lines ?? [])
        .map((l) => `${l.doc}:${l.line}`);
    lines(live); // asked once: the UK's ranking is kept from now on
    live.apply({ upsert: files.slice(3).map((f) => docFromText(f, texts[f]!)), remove: [files[0]!] });
    const afresh = corpusFrom(Object.fromEntries(files.slice(1).map((f) => [f, texts[f]!])));
    expect(lines(live)).toEqual(lines(afresh));
    expect(lines(live).length).toBeGreaterThan(5);

    // A change that does not touch the UK keeps its answer's parts; the answer still equals a fresh one.
    const elsewhere = 'Brazil said on Monday that coffee exports rose. Farmers in Minas Gerais welcomed the rain.';
    live.apply({ upsert: [docFromText('brazil.txt', elsewhere)], remove: [] });
    const afresh2 = corpusFrom({
      ...Object.fromEntries(files.slice(1).map((f) => [f, texts[f]!])),
      'brazil.txt': elsewhere,
    });
    const answer = (b: typeof live) => {
      const a = positionAnswer(b, 'UK', undefined, 20);
      return { lines: a.sections.flatMap((s) => s.lines ?? []).map((l) => l.text), total: a.total, actor: a.actor };
    };
    expect(answer(live)).toEqual(answer(afresh2));
  });
});
