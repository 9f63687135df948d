#!/usr/bin/env node
// Runs a compiled entry point, compiling first when the TypeScript sources are newer than the build.
// It keeps `npm start`, `npm run ask` and the end-to-end tests on the code as it is now, at the cost
// of a few milliseconds of stat() calls when nothing changed.
'use strict';
const { readdirSync, statSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p));
    else if (/\.(ts|json)$/.test(e.name)) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureBuilt() {
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'commands')),
    newest(join(root, 'bench')),
    // The benchmark's load test runs the test suite's fake platforms, compiled with it.
    newest(join(root, 'test', 'fakes')),
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
  );
  if (mtime(stamp) >= sources) return;
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    console.error('The TypeScript build failed; fix the errors above (or run `npm run build`).');
    process.exit(r.status || 1);
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}

module.exports = { ensureBuilt };

if (require.main === module) {
  const [entry, ...rest] = process.argv.slice(2);
  ensureBuilt();
  if (!entry) process.exit(0);
  // runMain makes the entry `require.main`, exactly as if node had been started on it.
  process.argv = [process.argv[0], join(root, 'dist', entry), ...rest];
  require('node:module').runMain();
}
