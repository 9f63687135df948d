import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The environment of a fresh user: no platform tokens, whatever the developer's shell has. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(SLACK|DISCORD|DIGEST|CORPUS_DIR|DATA_DIR|ACTORS_FILE|INDEX_)/.test(k)) delete env[k];
  // State goes to a fresh folder unless a test shares one on purpose.
  return { DATA_DIR: mkdtempSync(join(tmpdir(), 'briefing-data-')), ...env, ...extra };
}

/** Runs a compiled entry point through the same launcher `npm start` uses. */
export function runEntry(
  entry: string,
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'launch.js'), entry, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cleanEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60000,
  });
}

/** Like runEntry, without blocking the test process (whose fake servers must keep answering). */
export function runEntryAsync(
  entry: string,
  args: string[],
  opts: { env?: Record<string, string> } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = startEntry(entry, args, opts.env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += String(d)));
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.stdin!.end();
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

export function startEntry(entry: string, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [join(ROOT, 'scripts', 'launch.js'), entry, ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a simulated crash kills the launcher and the bot it supervises together.
    detached: true,
  });
}

/** The real bot process (`npm start`'s entry), with its output collected for assertions. */
export class BotProcess {
  out = '';
  err = '';
  exited: number | null = null;
  readonly child: ReturnType<typeof startEntry>;

  constructor(env: Record<string, string>) {
    this.child = startEntry('src/main.js', [], env);
    this.child.stdout!.on('data', (d) => (this.out += String(d)));
    this.child.stderr!.on('data', (d) => (this.err += String(d)));
    this.child.on('exit', (code) => (this.exited = code ?? -1));
  }

  async waitForLog(re: RegExp, timeoutMs = 20000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!re.test(this.err + this.out)) {
      if (this.exited !== null) throw new Error(`bot exited (${this.exited}) before ${re}:\n${this.err}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}:\n${this.err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Stops it as an operator would (SIGTERM), or kills it (SIGKILL) to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    if (signal === 'SIGKILL') process.kill(-this.child.pid!, signal);
    else this.child.kill(signal);
    await done;
  }
}
