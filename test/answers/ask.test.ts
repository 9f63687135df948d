import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askAnswer, readQuestion } from '../../src/answers/ask';
import { compareAnswer } from '../../src/answers/compare';
import { allLines } from '../../src/answers/model';
import { stancesAnswer } from '../../src/answers/stances';
import { indexFolder } from '../loadFolderIndex';

const seeds = indexFolder(join(__dirname, '..', '..', 'seeds')).corpus;

describe('/ask reads natural questions (eval/questions.json)', () => {
  const gold = JSON.parse(readFileSync(join(__dirname, '..', '..', 'eval', 'questions.json'), 'utf8')) as {
    cases: Array<{ q: string; command: string; actors: string[]; topic?: string; only?: string }>;
  };
  test('at least 30 questions, 90% or more read as labelled', () => {
    expect(gold.cases.length).toBeGreaterThanOrEqual(30);
    const wrong = gold.cases.filter((c) => {
      const r = readQuestion(seeds.knowledge, c.q);
      return !(
        r.command === c.command &&
        JSON.stringify(r.actors) === JSON.stringify(c.actors) &&
        (r.topic ?? '').toLowerCase() === (c.topic ?? '').toLowerCase() &&
        (r.only ?? null) === (c.only ?? null)
      );
    });
    expect(wrong.length / gold.cases.length).toBeLessThanOrEqual(0.1);
  });
  test('the answer says how the question was read and quotes lines as /position does', () => {
    const a = askAnswer(seeds, 'What does Britain say about sending troops?', 5);
    expect(a.readAs).toBe('/position UK sending troops');
    expect(a.summary).toMatch(/^Read as: \/position UK sending troops/);
    expect(allLines(a).length).toBeGreaterThan(0);
  });
  test('a question it cannot map gets the commands to try, never an invented answer', () => {
    const a = askAnswer(seeds, 'zzqx wobble?', 5);
    expect(a.status).not.toBe('ok');
    expect(a.suggestions?.some((s) => s.startsWith('/position'))).toBe(true);
    expect(askAnswer(seeds, '   ', 5).status).toBe('usage');
    expect(askAnswer(seeds, 'x'.repeat(5000), 5).status).toBe('error');
  });
});

describe('/compare', () => {
  test('each actor with its strongest lines and their stances, and where they differ or agree', () => {
    const a = compareAnswer(seeds, ['UK', 'US'], 'troops', 6);
    expect(a.status).toBe('ok');
    expect(a.sections.map((s) => s.heading)).toEqual(['United Kingdom', 'United States']);
    for (const l of allLines(a)) expect(['supports', 'opposes', 'conditional', 'undecided']).toContain(l.stance);
    expect(a.summary).toMatch(/^They (agree|differ)/);
  });
  test('one actor, six actors and unknown actors get a clear answer', () => {
    expect(compareAnswer(seeds, ['UK'], undefined, 6).status).toBe('usage');
    expect(compareAnswer(seeds, ['UK', 'US', 'France', 'Germany', 'Russia', 'Ukraine'], undefined, 6).status).toBe(
      'usage',
    );
    expect(compareAnswer(seeds, ['Qwertyland', 'Zxcvland'], undefined, 6).status).toBe('empty');
  });
});

describe('/stances', () => {
  test('an actors × issues matrix, each cell traceable to its quoted line', () => {
    const a = stancesAnswer(seeds, undefined);
    expect(a.status).toBe('ok');
    const m = a.matrix!;
    expect(m.issues.length).toBeGreaterThan(1);
    expect(m.rows.length).toBeGreaterThan(1);
    for (const row of m.rows)
      for (const c of row.cells)
        if (c.stance) {
          const doc = seeds.document(c.doc!)!;
          expect(doc.sentences.some((s) => s.line === c.line && s.text === c.text)).toBe(true);
        }
  });
  test('named issues are used as given; "who opposes" keeps only those who oppose', () => {
    const a = stancesAnswer(seeds, 'troops, air support');
    expect(a.matrix!.issues).toEqual(['troops', 'air support']);
    const only = stancesAnswer(seeds, 'troops', 'opposes');
    for (const item of only.sections[0]!.items ?? []) expect(item.detail).toMatch(/opposes/);
  });
});
