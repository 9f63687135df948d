import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AliasIndex } from '../../src/actors/aliasIndex';
import { loadActorsFile } from '../../src/actors/gazetteer';
import { positionAnswer } from '../../src/answers/position';
import { LiveIndex } from '../../src/liveIndex';
import { SEEDS, tempDir } from '../helpers';

describe('the actors file is validated before it is used', () => {
  test.each([
    ['people: [null]', '{"actors":[{"name":"Quad","people":[null]}]}', /actors\[0\]\.people\[0\]: expected a name/],
    ['a numeric name', '{"actors":[{"name":5}]}', /actors\[0\]\.name: .*expected string, received number/i],
    ['aliases: [5]', '{"actors":[{"name":"Quad","aliases":[5]}]}', /actors\[0\]\.aliases\[0\]: .*expected string/i],
    ['people: {}', '{"actors":[{"name":"Quad","people":{}}]}', /actors\[0\]\.people: .*expected array/i],
    ['actors: [null]', '{"actors":[null]}', /actors\[0\]: .*expected object/i],
    ['an empty name', '{"actors":[{"name":"  "}]}', /actors\[0\]\.name/],
    ['an unknown kind', '{"actors":[{"name":"Quad","kind":"planet"}]}', /actors\[0\]\.kind/],
    ['no actors list', '{"people":[]}', /actors: .*expected array/i],
    ['not JSON', '{"actors": [', /not valid JSON/],
  ])('%s is refused, naming the file and the field', (_name, text, reason) => {
    const path = join(tempDir({ 'actors.json': text }), 'actors.json');
    const r = loadActorsFile(path);
    expect(r.file).toBeUndefined();
    expect(r.error).toContain(path);
    expect(r.error).toMatch(reason);
  });

  test('a valid file, with notes of its own, loads', () => {
    const path = join(
      tempDir({
        'actors.json':
          '{"about":"notes","actors":[{"name":"The Quad","kind":"group","aliases":["Quad"],"people":["Jane Roe",{"name":"A B","aliases":["AB"]}]}]}',
      }),
      'actors.json',
    );
    expect(loadActorsFile(path).file!.actors[0]!.name).toBe('The Quad');
  });
});

test('an actors file broken while the bot runs: one warning naming it and the field, the previous actors kept', async () => {
  const corpus = tempDir();
  cpSync(SEEDS, corpus, { recursive: true });
  writeFileSync(join(corpus, 'quad.txt'), 'Quad news\n\nThe Quad will meet in May, its members said.\n');
  const dir = tempDir({ 'actors.json': '{"actors":[{"name":"The Quad","aliases":["Quad"]}]}' });
  const actorsFile = join(dir, 'actors.json');
  const logs: string[] = [];
  const live = new LiveIndex({ corpusDir: corpus, dataDir: tempDir(), actorsFile, log: (m) => logs.push(m) }).open();
  expect(positionAnswer(live.corpus, 'Quad', undefined, 5).status).toBe('ok');
  live.watch(50);
  try {
    await live.ready();
    writeFileSync(actorsFile, '{"actors":[{"name":"Quad","people":[null]}]}');
    const end = Date.now() + 5000;
    while (!logs.some((l) => l.includes('actors file ignored')) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(logs.filter((l) => l.includes('actors file ignored'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `previous actors are kept.*${actorsFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: actors\\[0\\]\\.people\\[0\\]`,
        ),
      ),
    ]);
    expect(positionAnswer(live.corpus, 'Quad', undefined, 5).status).toBe('ok');
  } finally {
    await live.stop();
  }
  // A restart over the broken file does not crash either: the built-in actors, and the same warning.
  const logs2: string[] = [];
  const again = new LiveIndex({ corpusDir: corpus, dataDir: tempDir(), actorsFile, log: (m) => logs2.push(m) }).open();
  expect(logs2.join('\n')).toMatch(/actors file ignored, using the built-in actors: .*people\[0\]/);
  expect(positionAnswer(again.corpus, 'UK', undefined, 5).status).toBe('ok');
});

test('the alias index keeps its rules when it sorts lazily: longest alias first, duplicates ignored', () => {
  const idx = new AliasIndex();
  idx.add('White', { actorId: 'colour' });
  idx.add('White House', { actorId: 'us' });
  idx.add('White House', { actorId: 'us' });
  for (let i = 0; i < 2000; i++) idx.add(`White Number${i}`, { actorId: `w${i}` });
  const found = idx.find('The White House said so, and White Number7 agreed; White alone.');
  expect(found.map((m) => [m.phrase, m.target.actorId])).toEqual([
    ['White House', 'us'],
    ['White Number7', 'w7'],
    ['White', 'colour'],
  ]);
});
