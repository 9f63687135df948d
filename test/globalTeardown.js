// Stops the PostgreSQL globalSetup started (closing its stdin ends it; it removes its data folder).
module.exports = async () => {
  const child = globalThis.__briefingPostgres;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.stdin.end();
  });
};
