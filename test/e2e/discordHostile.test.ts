import { cpSync } from 'node:fs';
import { commands } from '../../commands';
import { APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID } from '../fakes/fakeDiscord';
import { waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { hostileCorpus } from '../hostile/corpus';
import { discordProblems } from '../hostile/invariants';
import { BotProcess, runEntryAsync } from './run';

/** Malformed and forged interactions against the real bot process, on a hostile corpus. */
describe('Discord under malformed interactions and a hostile corpus', () => {
  const discord = new FakeDiscord();
  let bot: BotProcess;
  const data = tempDir();
  const corpus = hostileCorpus();
  cpSync(SEEDS, corpus, { recursive: true });
  const env = () => ({
    DISCORD_TOKEN: 'fake-token',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    CORPUS_DIR: corpus,
    DATA_DIR: data,
    ANSWER_LIMIT: '50',
  });

  beforeAll(async () => {
    await discord.start();
    bot = new BotProcess(env());
    await bot.waitForLog(/Discord: logged in as briefing/);
  });

  afterAll(async () => {
    await bot.stop();
    await discord.stop();
  });

  const command = (name: string, options: Array<Record<string, unknown>>) =>
    discord.interact(2, { id: '900', name, type: 1, options });
  const callback = (id: string) => waitFor(`callback for ${id}`, () => discord.callbacks(id)[0]);
  const data0 = (cb: { body: unknown }) =>
    (
      cb.body as {
        data: {
          content?: string;
          embeds?: Array<{ title?: string; description?: string; footer?: { text: string } }>;
          choices?: unknown[];
        };
      }
    ).data;

  test('an autocomplete with no focused option still gets an answer (no choices)', async () => {
    const { id } = discord.interact(4, {
      id: '900',
      name: 'position',
      type: 1,
      options: [{ name: 'actor', type: 3, value: 'Br' }],
    });
    const cb = await callback(id);
    expect((cb.body as { type: number }).type).toBe(8);
    expect(data0(cb).choices).toEqual([]);
  });

  test('options of the wrong type, unknown options and unknown commands are answered, not crashed on', async () => {
    const wrongType = await callback(
      command('position', [
        { name: 'actor', type: 4, value: 5 },
        { name: 'evil', type: 3, value: '<@1>' },
      ]).id,
    );
    expect(JSON.stringify(data0(wrongType))).toMatch(/5/);
    const unknown = await callback(command('nope', []).id);
    expect(JSON.stringify(data0(unknown))).toMatch(/Unknown command/);
    expect(bot.exited).toBeNull();
  });

  test('an unregistered /digest subcommand is refused and posts nothing to the channel', async () => {
    const before = discord.calls.filter((c) => c.path === `/api/v10/channels/${CHANNEL_ID}/messages`).length;
    const cb = await callback(
      discord.interact(2, { id: '903', name: 'digest', type: 1, options: [{ name: 'flood', type: 1, options: [] }] })
        .id,
    );
    expect(JSON.stringify(data0(cb))).toMatch(/Unknown \/digest option/);
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.calls.filter((c) => c.path === `/api/v10/channels/${CHANNEL_ID}/messages`).length).toBe(before);
  });

  test('masked links, mentions and markdown from documents, dates and file names arrive escaped, within limits', async () => {
    for (const q of ['official plan', 'harmless', 'envoys capital', 'warn notices', 'clause7 statement']) {
      const cb = await callback(command('search', [{ name: 'query', type: 3, value: q }]).id);
      expect(data0(cb).embeds!.length).toBeGreaterThan(0);
      expect(discordProblems(data0(cb) as never)).toEqual([]);
    }
    const plan = await callback(command('search', [{ name: 'query', type: 3, value: 'official plan' }]).id);
    expect(JSON.stringify(data0(plan))).toContain('\\\\[');
    const sources = await callback(command('sources', []).id);
    expect(discordProblems(data0(sources) as never)).toEqual([]);
  });

  test('when Discord refuses the embeds, the user gets a short plain answer instead of "Sorry"', async () => {
    discord.refuseEmbeds = true;
    try {
      const { id } = command('position', [{ name: 'actor', type: 3, value: 'UK' }]);
      await waitFor('fallback', () =>
        discord.calls.find(
          (c) => c.path.includes(`/interactions/${id}/`) && JSON.stringify(c.body).includes('shortened'),
        ),
      );
      const last = discord.calls
        .filter((c) => c.path.includes(`/interactions/${id}/`) || c.path.includes('/messages/@original'))
        .pop()!;
      expect(JSON.stringify(last.body)).toMatch(/Position: United Kingdom/);
      expect(JSON.stringify(last.body)).not.toMatch(/Sorry/);
    } finally {
      discord.refuseEmbeds = false;
    }
  });

  test('the share button still works after a restart', async () => {
    const first = await callback(command('quotes', [{ name: 'speaker', type: 3, value: 'Starmer' }]).id);
    const customId = JSON.stringify((first.body as { data: { components: unknown } }).data.components).match(
      /share:[0-9a-f-]+/,
    )![0];
    await bot.stop();
    bot = new BotProcess(env());
    await bot.waitForLog(/Discord: logged in as briefing/);
    const cb = await callback(discord.interact(3, { custom_id: customId, component_type: 2 }).id);
    expect(JSON.stringify(data0(cb))).toContain('Shared by ana');
  });
});

test('deploy: /digest needs Manage Server and a server; a command set in both scopes is reported, and --clear-other clears it', async () => {
  const discord = new FakeDiscord();
  await discord.start();
  const env = {
    DISCORD_TOKEN: 't',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_URL: discord.apiUrl,
  };
  try {
    const guild = await runEntryAsync('src/adapters/discord/deploy.js', [], { env });
    expect(guild.status).toBe(0);
    const sent = discord.registered.get(`/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)!;
    const digest = sent.find((c) => c.name === 'digest')!;
    expect(digest.default_member_permissions).toBe('32');
    for (const name of ['feeds', 'add'])
      expect(sent.find((c) => c.name === name)!.default_member_permissions).toBe('32');
    expect(digest.contexts).toEqual([0]);
    expect(sent.find((c) => c.name === 'search')!.default_member_permissions ?? null).toBeNull();
    const global = await runEntryAsync('src/adapters/discord/deploy.js', ['--global'], { env });
    expect(global.stdout).toMatch(/also registered in server .* show twice .*--clear-other/);
    const cleared = await runEntryAsync('src/adapters/discord/deploy.js', ['--global', '--clear-other'], { env });
    expect(cleared.stdout).toMatch(new RegExp(`Cleared the ${commands.length} commands registered in server`));
    expect(discord.registered.get(`/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)).toEqual([]);
    expect(discord.registered.get(`/api/v10/applications/${APP_ID}/commands`)!.length).toBe(commands.length);
  } finally {
    await discord.stop();
  }
});
