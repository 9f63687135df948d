import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess, runEntry } from './run';

/** The real bot process over damaged or missing state: it keeps answering, says what is wrong, and loses nothing it can keep. */
describe('state faults', () => {
  test('a state database emptied to 0 bytes: the bot starts, says so loudly, and /digest explains why briefings are off', () => {
    const data = tempDir({ 'briefing.db': '' });
    const r = runEntry('src/main.js', [], {
      env: { CORPUS_DIR: SEEDS, DATA_DIR: data },
      input: '/digest subscribe 08:00\n/position UK\n',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: scheduled briefings are OFF: .*briefing\.db is empty \(0 bytes\)/);
    expect(r.stdout).toMatch(/Scheduled briefings are off: .*is empty \(0 bytes\)/);
    expect(r.stdout).toContain('Britain has no intention of placing its forces in direct combat with Russia.');
    // The emptied file is left for the operator to restore, not migrated over.
    expect(readdirSync(data)).toContain('briefing.db');
  });

  test('a DATA_DIR that cannot be used (a file stands at its path): answers go on, briefings are off and say why', () => {
    const parent = tempDir({ blocked: 'not a folder' });
    const r = runEntry('src/main.js', [], {
      env: { CORPUS_DIR: SEEDS, DATA_DIR: join(parent, 'blocked') },
      input: '/digest status\n/search Witkoff\n',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Scheduled briefings are off: .*(ENOTDIR|EEXIST|not a directory|cannot be opened)/i);
    expect(r.stdout).toContain('Witkoff');
  });

  test('kill -9 while saving: the next start removes what the dead save left and answers from a good index', async () => {
    const data = tempDir();
    // What a save killed mid-write leaves: a temporary file named after a process that no longer exists.
    writeFileSync(join(data, 'index-0123456789ab.snapshot.999999.tmp'), Buffer.alloc(64 * 1024));
    const first = new BotProcess({ CORPUS_DIR: SEEDS, DATA_DIR: data });
    await first.waitForLog(/removed 1 unfinished snapshot file\(s\) left by an interrupted save/);
    await first.waitForLog(/Indexed 5 documents/);
    await first.stop('SIGKILL');
    const r = runEntry('src/main.js', [], { env: { CORPUS_DIR: SEEDS, DATA_DIR: data }, input: '/search Witkoff\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Witkoff');
    expect(readdirSync(data).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(data, 'briefing.db'))).toBe(true);
  });

  test('npm run ask -- "/digest" --json --limit 2 keeps to the limit', () => {
    const r = runEntry('src/adapters/terminal/ask.js', ['/digest', '--json', '--limit', '2'], {
      env: { CORPUS_DIR: SEEDS },
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results.length).toBeLessThanOrEqual(2);
    expect(out.results.length).toBeGreaterThan(0);
  });
});
