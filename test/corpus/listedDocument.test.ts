import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isListedDocument, listDocumentFiles } from '../../src/corpus/loadCorpus';
import { tempDir } from '../helpers';

/** Every path under a folder, symbolic links included and not followed. */
function everything(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    const rel = relative(root, p).split('\\').join('/');
    return e.isDirectory() ? [rel, ...everything(p, root)] : [rel];
  });
}

describe('isListedDocument: one file checked by the rules listDocumentFiles walks by', () => {
  test('says yes exactly for the files the folder listing finds', () => {
    const dir = tempDir({
      'a.txt': 'a',
      'b.md': 'b',
      'c.pdf': 'c',
      '.hidden.txt': 'h',
      'd.txt~': 'd',
      'e.txt.tmp': 'e',
    });
    mkdirSync(join(dir, 'x/y/z/w/v'), { recursive: true });
    for (const p of ['x/1.txt', 'x/y/2.txt', 'x/y/z/w/4.txt', 'x/y/z/w/v/5.txt', 'x/.git/6.txt']) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), 'text');
    }
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
    symlinkSync(join(dir, 'x'), join(dir, 'linked-folder'));
    const listed = listDocumentFiles(dir);
    expect(listed).toContain('x/y/z/w/4.txt');
    expect(listed).not.toContain('x/y/z/w/v/5.txt');
    const checked = everything(dir).filter((p) => isListedDocument(dir, p));
    expect(checked.sort()).toEqual(listed);
    // Names no listing could hold.
    for (const p of ['../a.txt', 'x/../a.txt', '', 'missing.txt', 'linked-folder/1.txt'])
      expect(isListedDocument(dir, p)).toBe(false);
  });
});
