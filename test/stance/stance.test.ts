import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stanceOf, type Stance } from '../../src/stance/stance';

describe('the stance of a line', () => {
  test('negation has a scope: the clause that names the topic decides', () => {
    const line = 'Norway won’t send sailors to the blockade, but it will train crews and pay for fuel.';
    expect(stanceOf(line, 'blockade')).toBe('opposes');
    expect(stanceOf(line, 'train crews')).toBe('supports');
  });
  test('commitments, refusals, conditions and hesitation', () => {
    expect(stanceOf('Portugal is ready to send engineers to the port.')).toBe('supports');
    expect(stanceOf('Portugal has ruled out sending engineers.')).toBe('opposes');
    expect(stanceOf('Portugal will send engineers only if a truce is signed.')).toBe('conditional');
    expect(stanceOf('Portugal has hesitated to send engineers.')).toBe('undecided');
    expect(stanceOf('The weather in Lisbon was mild.')).toBe('undecided');
  });
  test('"for as long as it takes" is a commitment, not a condition', () => {
    expect(stanceOf('Portugal will stand by the port workers for as long as it takes.')).toBe('supports');
  });
});

describe('stance on the labelled lines (eval/stances.json)', () => {
  const gold = JSON.parse(readFileSync(join(__dirname, '..', '..', 'eval', 'stances.json'), 'utf8')) as {
    cases: Array<{ text: string; topic?: string; stance: Stance }>;
  };
  test('at least 60 labelled lines, scored well above the majority-class baseline', () => {
    expect(gold.cases.length).toBeGreaterThanOrEqual(60);
    const counts = new Map<Stance, number>();
    let right = 0;
    for (const c of gold.cases) {
      counts.set(c.stance, (counts.get(c.stance) ?? 0) + 1);
      if (stanceOf(c.text, c.topic) === c.stance) right++;
    }
    const baseline = Math.max(...counts.values()) / gold.cases.length;
    expect(right / gold.cases.length).toBeGreaterThan(baseline + 0.3);
  });
});
