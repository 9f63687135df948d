import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLine, isHeadingLike } from '../../src/corpus/lineKinds';
import { loadFolder, MAX_DOCUMENT_BYTES } from '../../src/corpus/loadCorpus';
import { FIXTURES, SEEDS, tempDir } from '../helpers';

describe('loadFolder on the fixture corpus', () => {
  const { documents, warnings } = loadFolder(FIXTURES);

  test('reads .md and .txt, skips broken files with one clear warning each', () => {
    expect(documents.map((d) => d.file).sort()).toEqual(['alpine-talks.md', 'harbour-report.txt']);
    const reasons = Object.fromEntries(warnings.map((w) => [w.file, w.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['archive.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['notes.csv']).toBeUndefined();
  });

  test('front matter gives title, date and source; line numbers still count the front matter', () => {
    const d = documents.find((x) => x.file === 'alpine-talks.md')!;
    expect(d).toMatchObject({ title: 'Alpine talks end without a deal', date: '2026-03-02', source: 'Fixture Wire' });
    const s = d.sentences.find((x) => x.text.startsWith('Norwegian Prime Minister'))!;
    const fileLines = readFileSync(join(FIXTURES, 'alpine-talks.md'), 'utf8').split('\n');
    expect(fileLines[s.line - 1]).toContain('Norwegian Prime Minister Ingrid Solberg');
    expect(readFileSync(join(FIXTURES, 'alpine-talks.md'), 'utf8').slice(s.start, s.end)).toBe(s.text);
  });

  test('headings become the section of the sentences under them; bullets keep their text', () => {
    const d = documents.find((x) => x.file === 'alpine-talks.md')!;
    const bullet = d.sentences.find((x) => x.text.startsWith('Norway: Oslo'))!;
    expect(bullet.kind).toBe('bullet');
    expect(bullet.section).toBe('Reactions');
  });

  test('page furniture is recognised and never a body sentence', () => {
    const all = documents.flatMap((d) => d.sentences);
    const furniture = all.filter((s) => s.kind === 'furniture').map((s) => s.text);
    expect(furniture).toEqual(
      expect.arrayContaining(['Share your thoughts in the comments below.', 'Leave a Reply', '0 Comments']),
    );
  });

  test('without front matter the first headline-like line is the title', () => {
    const d = documents.find((x) => x.file === 'harbour-report.txt')!;
    expect(d.title).toBe('Harbour strike spreads to northern ports');
    expect(d.sentences[0]!.kind).toBe('title');
  });
});

describe('the seed documents', () => {
  const { documents, warnings } = loadFolder(SEEDS);
  test('all five load, with headings and furniture recognised', () => {
    expect(warnings).toEqual([]);
    expect(documents).toHaveLength(5);
    const all = documents.flatMap((d) => d.sentences);
    expect(all.find((s) => s.text === 'Clashing Views on NATO Membership')?.kind).toBe('heading');
    expect(all.find((s) => s.text === 'Post a Comment')?.kind).toBe('furniture');
    expect(all.find((s) => s.text.startsWith('Trump has already told Zelensky'))?.section).toBe(
      'Clashing Views on NATO Membership',
    );
    expect(all.find((s) => s.text.startsWith('For more updates on military technology'))?.kind).toBe('furniture');
  });
});

describe('line kinds', () => {
  test.each([
    ['Expert views', 'heading'],
    ['What Comes Next?', 'heading'],
    ['Shifting Boundaries: NATO’s Evolving Red Lines', 'heading'],
    ['- Limiting attacks on civilians.', 'bullet'],
    ['Leave a Reply', 'furniture'],
    ['The coming days could be decisive.', 'body'],
  ])('%s is %s', (line, kind) => {
    expect(classifyLine(line)).toBe(kind);
  });
  test('a long question is a sentence, not a heading', () => {
    expect(
      isHeadingLike('Should the alliance take more decisive action, or is a cautious approach the best path forward?'),
    ).toBe(false);
  });
});

test('a file over the size limit is skipped, the rest still loads', () => {
  const dir = tempDir({
    'big.txt': Buffer.alloc(MAX_DOCUMENT_BYTES + 10, 'a'),
    'ok.txt': 'Headline\n\nBritain will help.',
  });
  const { documents, warnings } = loadFolder(dir);
  expect(documents.map((d) => d.file)).toEqual(['ok.txt']);
  expect(warnings[0]).toMatchObject({ file: 'big.txt', reason: expect.stringMatching(/too large/) });
});

test('a missing folder is a warning, not a crash', () => {
  expect(loadFolder('/nonexistent/folder').warnings[0]!.reason).toMatch(/not found/);
});
