import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../commands';
import { APP_ID, discordBotEnv, FakeDiscord, GUILD_ID } from '../fakes/fakeDiscord';
import { waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess, runEntryAsync } from './run';

function corpus(): string {
  const dir = tempDir();
  cpSync(SEEDS, dir, { recursive: true });
  writeFileSync(
    join(dir, 'alarm.txt'),
    'Alarm over notices\n\nBritain will warn @everyone and @here and <@123456789012345678> today.\n',
  );
  const words = (i: number) => Array.from({ length: 12 }, (_, k) => `w${i}x${k}`).join(' ');
  const long = Array.from(
    { length: 80 },
    (_, i) =>
      `Britain will send envoy number ${i} to every capital in the region to argue ${words(i)} at length and in detail until it is heard by all.`,
  ).join('\n');
  writeFileSync(join(dir, 'long.txt'), `A very long article\n\n${long}\n`);
  return dir;
}

describe('Discord, end to end against a local fake Discord', () => {
  const discord = new FakeDiscord();
  let bot: BotProcess;

  beforeAll(async () => {
    await discord.start();
    bot = new BotProcess(discordBotEnv(discord, { CORPUS_DIR: corpus(), DATA_DIR: tempDir(), ANSWER_LIMIT: '50' }));
    await bot.waitForLog(/Discord: logged in as briefing/);
  });

  afterAll(async () => {
    await bot.stop();
    await discord.stop();
  });

  const command = (name: string, options: Array<Record<string, unknown>>) =>
    discord.interact(2, { id: '900', name, type: 1, options });
  const callback = (id: string) => waitFor(`callback for ${id}`, () => discord.callbacks(id)[0]);
  const embedsText = (body: unknown) => JSON.stringify((body as { data: { embeds: unknown[] } }).data.embeds);

  test('the gateway handshake: IDENTIFY with only the Guilds intent, heartbeats acknowledged', async () => {
    const identify = discord.gatewayFrames.find((f) => f.op === 2)!.d as { intents: number; token: string };
    expect(identify.intents).toBe(1);
    expect(identify.token).toBe('fake-token');
    expect(discord.calls.some((c) => c.path === '/api/v10/gateway/bot')).toBe(true);
  });

  test('/position actor:UK gets the right quoted lines in the callback, ephemeral, with a share button', async () => {
    const { id } = command('position', [{ name: 'actor', type: 3, value: 'UK' }]);
    const cb = await callback(id);
    const body = cb.body as {
      type: number;
      data: { flags: number; embeds: Array<{ title: string }>; components: unknown[]; allowed_mentions: unknown };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags & 64).toBe(64);
    expect(body.data.embeds[0]!.title).toMatch(/^Position: United Kingdom \(/);
    expect(embedsText(body)).toContain('Britain has no intention of placing its forces in direct combat with Russia.');
    expect(embedsText(body)).toContain('000_7be51bb2aaf4d83e.txt:4');
    expect(JSON.stringify(body.data.components)).toContain('share:');
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('a topic narrows: /position actor:US topic:troops', async () => {
    const { id } = command('position', [
      { name: 'actor', type: 3, value: 'US' },
      { name: 'topic', type: 3, value: 'troops' },
    ]);
    const text = embedsText((await callback(id)).body);
    expect(text).toContain('no American combat troops deployed inside Ukraine');
    expect(text).not.toContain('an option and a possibility');
  });

  test('autocomplete on actor and speaker returns at most 25 matching choices', async () => {
    const { id } = discord.interact(4, {
      id: '900',
      name: 'position',
      type: 1,
      options: [{ name: 'actor', type: 3, value: 'Br', focused: true }],
    });
    const body = (await callback(id)).body as {
      type: number;
      data: { choices: Array<{ name: string; value: string }> };
    };
    expect(body.type).toBe(8);
    expect(body.data.choices.length).toBeGreaterThan(0);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
    expect(body.data.choices.every((c) => /br/i.test(c.name))).toBe(true);
    const sp = discord.interact(4, {
      id: '901',
      name: 'quotes',
      type: 1,
      options: [{ name: 'speaker', type: 3, value: 'tru', focused: true }],
    });
    const sbody = (await callback(sp.id)).body as { data: { choices: Array<{ name: string }> } };
    expect(sbody.data.choices.map((c) => c.name)).toContain('Donald Trump');
  });

  test('allowed_mentions blocks every mention even when the document says @everyone', async () => {
    const { id } = command('search', [{ name: 'query', type: 3, value: 'warn everyone' }]);
    const body = (await callback(id)).body as { data: { allowed_mentions: unknown } };
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = embedsText(body);
    expect(text).toContain('Britain will');
    expect(text).not.toMatch(/(^|[^\u200b])@everyone|<@123456789012345678>/);
  });

  test('a very long answer respects 10 embeds, 4,096 a description, 6,000 a message, and says what was left out', async () => {
    const { id } = command('search', [{ name: 'query', type: 3, value: 'envoy capital region' }]);
    const body = (await callback(id)).body as {
      data: { embeds: Array<{ title?: string; description?: string; footer?: { text: string } }> };
    };
    const embeds = body.data.embeds;
    expect(embeds.length).toBeLessThanOrEqual(10);
    let total = 0;
    for (const e of embeds) {
      expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
      total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text.length ?? 0);
    }
    expect(total).toBeLessThanOrEqual(6000);
    expect(embeds[embeds.length - 1]!.footer!.text).toMatch(/\d+ more lines not shown/);
  });

  test('errors are private and short; the bot keeps answering', async () => {
    const unknown = await callback(command('position', [{ name: 'actor', type: 3, value: 'Narnia' }]).id);
    const ub = unknown.body as { data: { flags: number; components: unknown[] } };
    expect(ub.data.flags & 64).toBe(64);
    expect(embedsText(ub)).toMatch(/Narnia/);
    expect(ub.data.components).toEqual([]);
    const ok = await callback(command('quotes', [{ name: 'speaker', type: 3, value: 'Trump' }]).id);
    expect(embedsText(ok.body)).toContain('always be with the British');
  });

  test('the share button posts the answer to the channel', async () => {
    const first = await callback(command('quotes', [{ name: 'speaker', type: 3, value: 'Starmer' }]).id);
    const customId = JSON.stringify((first.body as { data: { components: unknown } }).data.components).match(
      /share:[0-9a-f-]+/,
    )![0];
    const { id } = discord.interact(3, { custom_id: customId, component_type: 2 });
    const body = (await callback(id)).body as { type: number; data: { flags?: number } };
    expect(body.type).toBe(4);
    expect((body.data.flags ?? 0) & 64).toBe(0);
    expect(embedsText(body)).toContain('peace that is tough and fair');
    expect(embedsText(body)).toContain('Shared by ana');
  });

  test('a lost gateway connection is resumed by the library and logged; answers continue', async () => {
    discord.dropGateway();
    await bot.waitForLog(/discord: shard 0 (disconnected|reconnecting|resumed)/);
    await waitFor('reconnect', () =>
      discord.gatewayFrames.some((f) => f.op === 6 || (f.op === 2 && discord.identified > 1)),
    );
    const { id } = command('sources', []);
    expect(embedsText((await callback(id)).body)).toMatch(/Sources: \d+ documents/);
  });
});

test('npm run discord:deploy registers every command to the server, with its options', async () => {
  const discord = new FakeDiscord();
  await discord.start();
  try {
    const r = await runEntryAsync('src/adapters/discord/deploy.js', [], {
      env: {
        DISCORD_TOKEN: 't',
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_GUILD_ID: GUILD_ID,
        DISCORD_API_URL: discord.apiUrl,
      },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Registered ${commands.length} commands to server`));
    const put = discord.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    const sent = put.body as Array<{
      name: string;
      options?: Array<{ name: string; autocomplete?: boolean; type: number }>;
    }>;
    expect(sent.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(sent.find((c) => c.name === 'position')!.options!.map((o) => [o.name, !!o.autocomplete])).toEqual([
      ['actor', true],
      ['topic', false],
    ]);
    expect(sent.find((c) => c.name === 'digest')!.options!.map((o) => o.name)).toEqual([
      'preview',
      'subscribe',
      'unsubscribe',
      'status',
      'now',
    ]);
    const global = await runEntryAsync('src/adapters/discord/deploy.js', [], {
      env: { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl },
    });
    expect(global.stdout).toMatch(new RegExp(`Registered ${commands.length} commands to all servers`));
    expect(discord.calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toContain(
      `/api/v10/applications/${APP_ID}/commands`,
    );
  } finally {
    await discord.stop();
  }
});
