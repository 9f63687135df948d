import { cpSync } from 'node:fs';
import { completions } from '../../src/answers/autocomplete';
import { CorpusIndex } from '../../src/corpusIndex';
import { loadFolder } from '../../src/corpus/loadCorpus';
import { SEEDS, tempDir } from '../helpers';

const dir = tempDir();
cpSync(SEEDS, dir, { recursive: true });
const b = new CorpusIndex(loadFolder(dir).documents);

test.each([
  ['Brit', 'United Kingdom', 'UK'],
  ['Americ', 'United States', 'US'],
  ['Kreml', 'Russia', 'Russia'],
  ['uni', 'United Kingdom', 'UK'],
])('typing %p offers %p (picked as %p): aliases count, not only names', (typed, label, value) => {
  const found = completions(b, 'actor', typed);
  expect(found.length).toBeGreaterThan(0);
  expect(found.length).toBeLessThanOrEqual(25);
  expect(found).toContainEqual({ label: expect.stringContaining(label), value });
});

test('names that start with what was typed come first; the label says which alias matched', () => {
  const found = completions(b, 'actor', 'Brit');
  expect(found.find((c) => c.value === 'UK')!.label).toMatch(/^United Kingdom \(Brit\w+\)$/);
  expect(completions(b, 'actor', 'Rus')[0]!.label).toBe('Russia');
});

test('speakers: the people quoted, most quoted first', () => {
  expect(completions(b, 'speaker', 'tru').map((c) => c.label)).toContain('Donald Trump');
  expect(completions(b, 'speaker', '').length).toBeGreaterThan(0);
});
