import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

describe('configuration for state, replicas, operations and many workspaces', () => {
  test('DATABASE_URL must be a PostgreSQL URL; without it the state is SQLite in DATA_DIR', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/briefing' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/briefing',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/briefing' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/briefing' })).toThrow(/DATABASE_URL must be a postgres/);
  });

  test('leases, logs, the operations port and the feeds folder', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/bot-data' });
    expect(c).toMatchObject({
      leaseMs: 120_000,
      logFormat: 'text',
      ops: undefined,
      feedsDir: join('/tmp/bot-data', 'feeds'),
    });
    expect(loadConfig({ STATE_LEASE_SECONDS: '0' }).leaseMs).toBe(2000);
    expect(loadConfig({ STATE_LEASE_SECONDS: '99999' }).leaseMs).toBe(3_600_000);
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(loadConfig({ OPS_PORT: '9100', OPS_HOST: '127.0.0.1' }).ops).toEqual({ port: 9100, host: '127.0.0.1' });
    expect(() => loadConfig({ OPS_PORT: '70000' })).toThrow(/OPS_PORT must be a port/);
    expect(loadConfig({ FEEDS_DIR: '/shared/feeds' }).feedsDir).toBe(resolve('/shared/feeds'));
  });

  test('Slack in many workspaces: client id, secret, state secret and signing secret together, over HTTP', () => {
    const oauth = {
      SLACK_CLIENT_ID: 'id',
      SLACK_CLIENT_SECRET: 'secret',
      SLACK_STATE_SECRET: 'state',
      SLACK_SIGNING_SECRET: 's',
    };
    expect(loadConfig(oauth).slack).toMatchObject({
      botToken: undefined,
      oauth: { clientId: 'id', clientSecret: 'secret', stateSecret: 'state' },
    });
    expect(() => loadConfig({ ...oauth, SLACK_STATE_SECRET: '' })).toThrow(/SLACK_STATE_SECRET is not/);
    expect(() => loadConfig({ SLACK_CLIENT_ID: 'id' })).toThrow(
      /SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_SIGNING_SECRET is not/,
    );
    expect(() => loadConfig({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/needs Slack over HTTP/);
    // One workspace stays as it was.
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toMatchObject({
      botToken: 'xoxb-1',
      oauth: undefined,
    });
  });

  test('Discord shards: auto or a count, and the ids this process runs, below the count', () => {
    const d = { DISCORD_TOKEN: 't' };
    expect(loadConfig(d).discord!.shards).toBeUndefined();
    expect(loadConfig({ ...d, DISCORD_SHARDS: 'auto' }).discord!.shards).toEqual({ count: 'auto', ids: undefined });
    expect(loadConfig({ ...d, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3, 2,2' }).discord!.shards).toEqual({
      count: 4,
      ids: [2, 3],
    });
    expect(() => loadConfig({ ...d, DISCORD_SHARDS: '0' })).toThrow(/DISCORD_SHARDS must be auto or a number/);
    expect(() => loadConfig({ ...d, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '2' })).toThrow(/not all below/);
    expect(() => loadConfig({ ...d, DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0' })).toThrow(/needs a fixed/);
    expect(() => loadConfig({ ...d, DISCORD_SHARD_IDS: '0' })).toThrow(/needs DISCORD_SHARDS/);
  });
});
