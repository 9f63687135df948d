#!/usr/bin/env node
// Runs a compiled entry point, compiling first when the TypeScript sources are newer than the build.
// It keeps `npm start`, `npm run ask` and the end-to-end tests on the code as it is now, at the cost
// of a few milliseconds of stat() calls when nothing changed.
'use strict';
const { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseEnv } = require('node:util');
const { spawn, spawnSync } = require('node:child_process');
const { constants, totalmem } = require('node:os');
const { getHeapStatistics } = require('node:v8');

const root = join(__dirname, '..');
const BUILT = 'BRIEFING_LAUNCHER_BUILT';
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

/**
 * The largest index snapshot in the bot's data folder, in bytes (0 when there is none). DATA_DIR is
 * read as src/config.ts reads it (the environment, else `.env` in the working folder, else `data`),
 * without validating it: a wrong value here only costs the restart below.
 */
function snapshotBytes(env = process.env) {
  let dir = env.DATA_DIR;
  if (!dir) {
    try {
      dir = parseEnv(readFileSync('.env', 'utf8')).DATA_DIR;
    } catch {
      dir = undefined;
    }
  }
  let max = 0;
  try {
    const folder = resolve(dir || 'data');
    for (const name of readdirSync(folder))
      if (/^index-[0-9a-f]+\.snapshot$/.test(name)) max = Math.max(max, statSync(join(folder, name)).size);
  } catch {
    return 0;
  }
  return max;
}

/**
 * The heap loaded from a snapshot takes about 3.6 times the snapshot's bytes (1.2 KB a sentence, 335
 * MB at 1M sentences): counted as 4, and with room to grow fourfold while running.
 */
const HEAP_PER_SNAPSHOT_BYTE = 4;
const GROWTH = 4;

/**
 * The heap the bot may need: V8's default limit (about 4 GB at most) is too small to load a
 * million-sentence corpus without collecting constantly, and asking users for NODE_OPTIONS is a
 * trap. So the long-running bot is started again, once, with --max-old-space-size at 60% of the
 * memory it may use (the container's limit when there is one), up to 16 GB. Returns undefined when
 * the limit is already set by hand, the default is as large, or the snapshot it will start from
 * fits the default with room to spare: a second Node start is a tenth of the first answer's budget
 * at 100k sentences. A corpus that grows past that is given the larger heap at its next start;
 * with no snapshot (a first build, its size unknown) the larger heap is the safe choice.
 */
function heapMegabytes(env = process.env) {
  const flags = [...process.execArgv, ...(env.NODE_OPTIONS || '').split(/\s+/)];
  if (flags.some((f) => f.startsWith('--max-old-space-size'))) return undefined;
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const total = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  const want = Math.min(16384, Math.floor((total / 2 ** 20) * 0.6));
  const limit = getHeapStatistics().heap_size_limit;
  if (want <= (limit / 2 ** 20) * 1.1) return undefined;
  const snapshot = snapshotBytes(env);
  return snapshot && snapshot * HEAP_PER_SNAPSHOT_BYTE * GROWTH <= limit ? undefined : want;
}

/** Runs this launcher again under the larger heap and stands in for it: signals in, exit code out. */
function superviseWithHeap(mb, args) {
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, __filename, ...args], {
    // The IPC channel is how the bot learns that this process died without passing a signal on.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // This process checked the build a moment ago: the child need not walk the sources again.
    env: { ...process.env, [BUILT]: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(signal ? 128 + (constants.signals[signal] || 0) : (code ?? 1)));
}

module.exports = { ensureBuilt, heapMegabytes };

if (require.main === module) {
  const [entry, ...rest] = process.argv.slice(2);
  if (process.env[BUILT] && process.channel) delete process.env[BUILT];
  else ensureBuilt();
  if (!entry) process.exit(0);
  const mb = entry === 'src/main.js' ? heapMegabytes() : undefined;
  if (mb) {
    superviseWithHeap(mb, [entry, ...rest]);
    return;
  }
  if (process.channel) {
    // Started by the supervisor above: stop with it, whatever killed it.
    process.channel.unref();
    process.on('disconnect', () => process.exit(1));
  }
  // runMain makes the entry `require.main`, exactly as if node had been started on it.
  process.argv = [process.argv[0], join(root, 'dist', entry), ...rest];
  require('node:module').runMain();
}
