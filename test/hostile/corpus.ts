import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers';

export const HOSTILE = join(__dirname, '..', 'fixtures', 'hostile');

/** File names git holds badly or a platform would read as markup; made at run time. */
export const ODD_NAMES = [
  '<!channel>.txt',
  'line\nbreak.txt',
  'back`tick [x](evil.example) ||s||.md',
  '@everyone <@U1>.txt',
  '\u001b[31mred.txt',
];

/**
 * The hostile corpus (see test/fixtures/README-hostile.md): the fixture files, plus odd file names,
 * symlinks out of the folder (one to "/"), and a syndicated story in many copies with long names.
 */
export function hostileCorpus(opts: { symlinks?: boolean; copies?: number } = {}): string {
  const dir = tempDir();
  cpSync(HOSTILE, dir, { recursive: true });
  for (const name of ODD_NAMES)
    writeFileSync(
      join(dir, name),
      `Odd name\n\nBritain said the file named ${JSON.stringify(name)} is harmless, London said.\n`,
    );
  const story =
    'Syndicated story\n\nBritain said it will send envoys to <!channel> and @everyone in every capital, London said.\n';
  mkdirSync(join(dir, 'wire'));
  for (let i = 0; i < (opts.copies ?? 40); i++)
    writeFileSync(
      join(
        dir,
        'wire',
        `syndicated-copy-from-a-partner-newsroom-with-a-long-file-name-${String(i).padStart(3, '0')}.txt`,
      ),
      story,
    );
  if (opts.symlinks !== false) {
    symlinkSync('/', join(dir, 'root-link'));
    const outside = tempDir({
      'secret.txt': 'Secret\n\nBritain said this file outside the corpus must never be read.\n',
    });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'outside.txt'));
    symlinkSync(outside, join(dir, 'outside-folder'));
  }
  return dir;
}
