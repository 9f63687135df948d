import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, SEEDS, tempDir } from '../helpers';
import { runEntry } from './run';

const ask = (...args: string[]) => runEntry('src/adapters/terminal/ask.js', args);

describe('npm run ask (the JSON contract the evaluator reads)', () => {
  test('/position UK --json prints one object with cited lines that exist in the files', () => {
    const r = ask('/position UK', '--json', '--limit', '5');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ command: 'position', query: 'UK', actor: { name: 'United Kingdom' } });
    expect(out.actor.aliases).toEqual(expect.arrayContaining(['Britain', 'London']));
    expect(out.results).toHaveLength(5);
    expect(out.total).toBeGreaterThan(5);
    for (const res of out.results) {
      expect(res).toEqual(
        expect.objectContaining({
          doc: expect.any(String),
          line: expect.any(Number),
          text: expect.any(String),
          score: expect.any(Number),
        }),
      );
      const fileLine = readFileSync(join(SEEDS, res.doc), 'utf8').split('\n')[res.line - 1];
      expect(fileLine).toContain(res.text);
    }
  });

  test('/quotes carries quote and speaker', () => {
    const out = JSON.parse(ask('/quotes Trump', '--json').stdout);
    expect(out.results.length).toBeGreaterThanOrEqual(3);
    for (const res of out.results) expect(res).toMatchObject({ speaker: 'Donald Trump', quote: expect.any(String) });
  });

  test('an unknown actor: no results, null actor, a message', () => {
    const out = JSON.parse(ask('/position Narnia', '--json').stdout);
    expect(out).toMatchObject({ actor: null, results: [], total: 0, message: expect.stringMatching(/Narnia/) });
  });

  test('--corpus reads another folder and warns once per broken file on stderr', () => {
    const r = ask('/position Norway', '--json', '--corpus', FIXTURES);
    expect(JSON.parse(r.stdout).results[0].text).toMatch(/Norway|Oslo|Solberg/);
    expect(r.stderr).toMatch(/skipped archive\.txt: binary/);
    expect(r.stderr).toMatch(/skipped latin1\.txt: not valid UTF-8/);
  });

  test('the plain form is formatted for a person', () => {
    const r = ask('/search Witkof');
    expect(r.stdout).toMatch(/Search: Witkof/);
    expect(r.stdout).toMatch(/000_7be51bb2aaf4d83e\.txt:\d+/);
  });
});

test('npm start with no tokens answers each line piped into the terminal chat', () => {
  const r = runEntry('src/main.js', [], {
    env: { DATA_DIR: tempDir() },
    input: '/position UK\n/quotes Starmer\n/nonsense\n/search\n/help\n',
  });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Position: United Kingdom/);
  expect(r.stdout).toMatch(/Keir Starmer: “peace that is tough and fair/);
  expect(r.stdout).toMatch(/Unknown command “\/nonsense”/);
  expect(r.stdout).toMatch(/Usage: \/search <words>/);
  expect(r.stdout).toMatch(/\/digest \[preview/);
});
