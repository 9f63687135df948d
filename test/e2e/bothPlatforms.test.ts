import { APP_ID, FakeDiscord } from '../fakes/fakeDiscord';
import { FakeSlack, slackSignature, slashCommandBody } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

test('Slack and Discord run in one process over the same corpus', async () => {
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  await Promise.all([slack.start(), discord.start()]);
  const port = await freePort();
  const bot = new BotProcess({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 's',
    SLACK_PORT: String(port),
    SLACK_HOST: '127.0.0.1',
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: 'fake',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    CORPUS_DIR: SEEDS,
    DATA_DIR: tempDir(),
  });
  try {
    await bot.waitForLog(/Slack: listening/);
    await bot.waitForLog(/Discord: logged in/);
    const body = slashCommandBody('/quotes', 'Trump', slack.responseUrl('both-1'));
    const ts = Math.floor(Date.now() / 1000);
    await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature('s', ts, body),
      },
      body,
    });
    const interaction = discord.interact(2, {
      id: '900',
      name: 'quotes',
      type: 1,
      options: [{ name: 'speaker', type: 3, value: 'Trump' }],
    });
    const s = await waitFor('slack answer', () => slack.responses.find((r) => r.path === 'both-1'));
    // Sent at the same moment as the Slack command, it may be acknowledged first and answered by an edit.
    const d = await waitFor('discord answer', () => discord.answerTo(interaction));
    expect(JSON.stringify(s.body.blocks)).toContain('always be with the British');
    expect(JSON.stringify(d.body)).toContain('always be with the British');
  } finally {
    await bot.stop();
    await Promise.all([slack.stop(), discord.stop()]);
  }
});
