import { discordBotEnv, FakeDiscord } from '../fakes/fakeDiscord';
import { waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

jest.setTimeout(60000);

/** Two servers that Discord puts on different shards of two: (guild_id >> 22) % 2 is 0 and 1. */
const GUILD_ON_0 = String(1000n << 22n);
const GUILD_ON_1 = String(1001n << 22n);
const CHANNEL_ON_1 = '777777777777777777';

/**
 * The real bot sharded against the local fake Discord gateway: each shard identifies itself, and a
 * command, an autocomplete and a briefing work the same from a server on either shard; replicas can
 * split the shards between them.
 */
describe('Discord sharding', () => {
  test('DISCORD_SHARDS=2 in one process: both shards connect; commands, autocomplete and /digest work on each', async () => {
    const discord = new FakeDiscord();
    await discord.start();
    const bot = new BotProcess(discordBotEnv(discord, { CORPUS_DIR: SEEDS, DATA_DIR: tempDir(), DISCORD_SHARDS: '2' }));
    try {
      await bot.waitForLog(/Discord: logged in as briefing.* \(shards 0, 1 of 2\)/);
      expect(discord.shards().sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      for (const guild of [GUILD_ON_0, GUILD_ON_1]) {
        const { id } = discord.interact(
          2,
          { id: '900', name: 'position', type: 1, options: [{ name: 'actor', type: 3, value: 'UK' }] },
          guild,
        );
        const cb = await waitFor(`answer from ${guild}`, () => discord.callbacks(id)[0]);
        expect(JSON.stringify(cb.body)).toContain('Position: United Kingdom');
        const auto = discord.interact(
          4,
          { id: '900', name: 'position', type: 1, options: [{ name: 'actor', type: 3, value: 'Brit', focused: true }] },
          guild,
        );
        const choices = await waitFor(`autocomplete from ${guild}`, () => discord.callbacks(auto.id)[0]);
        expect(JSON.stringify(choices.body)).toContain('United Kingdom');
      }
      // A briefing for a channel of the server on shard 1, posted through REST as from any shard.
      const now = discord.interact(
        2,
        { id: '901', name: 'digest', type: 1, options: [{ name: 'now', type: 1, options: [] }] },
        GUILD_ON_1,
        CHANNEL_ON_1,
      );
      await waitFor('the /digest now answer', () => discord.answerTo(now));
      await waitFor('the briefing', () =>
        discord.calls.find((c) => c.method === 'POST' && c.path === `/api/v10/channels/${CHANNEL_ON_1}/messages`),
      );
    } finally {
      await bot.stop();
      await discord.stop();
    }
  });

  test('replicas split the shards: DISCORD_SHARD_IDS=0 and =1 of 2, each answers its own servers', async () => {
    const discord = new FakeDiscord();
    await discord.start();
    const env = (ids: string) =>
      discordBotEnv(discord, { CORPUS_DIR: SEEDS, DATA_DIR: tempDir(), DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: ids });
    const a = new BotProcess(env('0'));
    const b = new BotProcess(env('1'));
    try {
      await a.waitForLog(/\(shards 0 of 2\)/);
      await b.waitForLog(/\(shards 1 of 2\)/);
      for (const guild of [GUILD_ON_0, GUILD_ON_1]) {
        const { id } = discord.interact(
          2,
          { id: '900', name: 'search', type: 1, options: [{ name: 'query', type: 3, value: 'troops' }] },
          guild,
        );
        await waitFor(`answer from ${guild}`, () => discord.callbacks(id)[0]);
        expect(discord.callbacks(id)).toHaveLength(1);
      }
    } finally {
      await a.stop();
      await b.stop();
      await discord.stop();
    }
  });
});
