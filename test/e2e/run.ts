import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The environment of a fresh user: no platform tokens, whatever the developer's shell has. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(SLACK|DISCORD|DIGEST|CORPUS_DIR|DATA_DIR|ACTORS_FILE)/.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** Runs a compiled entry point through the same launcher `npm start` uses. */
export function runEntry(entry: string, args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'launch.js'), entry, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cleanEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60000,
  });
}

export function startEntry(entry: string, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [join(ROOT, 'scripts', 'launch.js'), entry, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
}
