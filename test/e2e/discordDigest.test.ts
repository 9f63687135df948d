import { APP_ID, CHANNEL_ID, FakeDiscord } from '../fakes/fakeDiscord';
import { waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

test('Discord: /digest subscribe, then /digest now defers, posts to the channel after a 429, and edits the reply', async () => {
  const discord = new FakeDiscord();
  await discord.start();
  const bot = new BotProcess({
    DISCORD_TOKEN: 'fake',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    CORPUS_DIR: SEEDS,
    DATA_DIR: tempDir(),
    DIGEST_SCHEDULE: '0 8 * * *',
  });
  try {
    await bot.waitForLog(/Discord: logged in/);
    const sub = discord.interact(2, {
      id: '903',
      name: 'digest',
      type: 1,
      options: [
        {
          name: 'subscribe',
          type: 1,
          options: [
            { name: 'time', type: 3, value: '07:15' },
            { name: 'zone', type: 3, value: 'Europe/Paris' },
          ],
        },
      ],
    });
    const subReply = await waitFor('subscribe reply', () => discord.callbacks(sub.id)[0]);
    expect(JSON.stringify(subReply.body)).toContain('07:15 every day (Europe/Paris)');

    discord.rateLimit[CHANNEL_ID] = { times: 1, retryAfter: 1 };
    const now = discord.interact(2, {
      id: '903',
      name: 'digest',
      type: 1,
      options: [{ name: 'now', type: 1, options: [] }],
    });
    const deferred = await waitFor('deferral', () => discord.callbacks(now.id)[0]);
    expect((deferred.body as { type: number }).type).toBe(5);
    const edit = await waitFor(
      'edited reply',
      () => discord.calls.find((c) => c.method === 'PATCH' && c.path.includes('/messages/@original')),
      20000,
    );
    expect(JSON.stringify(edit.body)).toContain('Posted a briefing of 5 documents here');
    const limited = discord.calls.find((c) => c.path.endsWith(':429'))!;
    const posts = discord.calls.filter(
      (c) => c.method === 'POST' && c.path === `/api/v10/channels/${CHANNEL_ID}/messages`,
    );
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts[0]!.at - limited.at).toBeGreaterThanOrEqual(900);
    expect(JSON.stringify(posts.map((p) => p.body))).toContain('Briefing — ');
    for (const p of posts) expect((p.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });

    // Nothing new: a second /digest now posts nothing and says so.
    const again = discord.interact(2, {
      id: '903',
      name: 'digest',
      type: 1,
      options: [{ name: 'now', type: 1, options: [] }],
    });
    await waitFor('second deferral', () => discord.callbacks(again.id)[0]);
    await waitFor('second edit', () => discord.calls.filter((c) => c.method === 'PATCH').length >= 2 || undefined);
    expect(JSON.stringify(discord.calls.filter((c) => c.method === 'PATCH')[1]!.body)).toContain(
      'Nothing new since the last briefing',
    );
    expect(
      discord.calls.filter((c) => c.method === 'POST' && c.path === `/api/v10/channels/${CHANNEL_ID}/messages`),
    ).toHaveLength(posts.length);
  } finally {
    await bot.stop();
    await discord.stop();
  }
});
