import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server test/globalSetup.js started once for the run: its URL reaches the test workers in this variable. */
export const SERVER_URL_VARIABLE = 'BRIEFING_TEST_POSTGRES_URL';

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
