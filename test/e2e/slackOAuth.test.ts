import Database from 'better-sqlite3';
import { join } from 'node:path';
import { eventBody, FakeSlack, signedHeaders, slashCommandBody } from '../fakes/fakeSlack';
import { freePort, waitFor } from '../fakes/ports';
import { SEEDS, tempDir } from '../helpers';
import { BotProcess } from './run';

const SECRET = 'signing-secret';
jest.setTimeout(60000);

/**
 * The real bot installed in two workspaces of the local fake Slack through Bolt's OAuth flow: each
 * workspace's commands are answered and its briefings posted with its own token; uninstalling the
 * app from one removes that workspace's tokens and subscriptions, and the other goes on.
 */
test('installed in two workspaces by OAuth: each answered with its own token; an uninstall removes one', async () => {
  const slack = new FakeSlack();
  await slack.start();
  slack.workspaces.set('code-T1', { team: 'T1', token: 'xoxb-team-one' });
  slack.workspaces.set('code-T2', { team: 'T2', token: 'xoxb-team-two' });
  const port = await freePort();
  const data = tempDir();
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;
  const bot = new BotProcess({
    CORPUS_DIR: SEEDS,
    DATA_DIR: data,
    SLACK_CLIENT_ID: slack.oauthClient.id,
    SLACK_CLIENT_SECRET: slack.oauthClient.secret,
    SLACK_STATE_SECRET: 'a-long-random-state-secret',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: String(port),
    SLACK_HOST: '127.0.0.1',
    SLACK_API_URL: slack.apiUrl,
    DIGEST_SLACK_CHANNEL: 'C-ENV',
  });
  const post = async (body: string) =>
    fetch(url('/slack/events'), { method: 'POST', headers: signedHeaders(SECRET, body), body });
  async function command(team: string, channel: string, name: string, text: string) {
    const id = `r-${Math.random().toString(36).slice(2)}`;
    const res = await post(
      slashCommandBody(`/${name}`, text, slack.responseUrl(id), {
        team_id: team,
        channel_id: channel,
        channel_name: channel,
      }),
    );
    return { status: res.status, reply: () => slack.responses.find((r) => r.path === id) };
  }
  /** The install flow as a browser goes through it: the install page sends it to Slack, Slack back with a code. */
  async function install(code: string) {
    const start = await fetch(url('/slack/install'), { redirect: 'manual' });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.pathname).toBe('/oauth/v2/authorize');
    expect(to.searchParams.get('client_id')).toBe(slack.oauthClient.id);
    expect(to.searchParams.get('scope')).toContain('chat:write');
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const back = await fetch(url(`/slack/oauth_redirect?code=${code}&state=${to.searchParams.get('state')}`), {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(back.status).toBeLessThan(400);
  }
  try {
    await bot.waitForLog(/Slack: listening/);
    await bot.waitForLog(/DIGEST_SLACK_CHANNEL is ignored with installs in many workspaces/);
    await install('code-T1');
    await install('code-T2');
    // A redirect with a forged state installs nothing.
    const forged = await fetch(url('/slack/oauth_redirect?code=code-T1&state=forged'), { redirect: 'manual' });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(slack.calls.filter((c) => c.path === 'oauth.v2.access')).toHaveLength(2);

    // Each workspace asks and is answered.
    for (const [team, channel] of [
      ['T1', 'C-ONE'],
      ['T2', 'C-TWO'],
    ] as const) {
      const search = await command(team, channel, 'search', 'troops');
      expect(search.status).toBe(200);
      expect(JSON.stringify((await waitFor(`answer in ${team}`, search.reply)).body)).toContain('troops');
      const sub = await command(team, channel, 'digest', 'subscribe');
      expect(JSON.stringify((await waitFor(`subscribed in ${team}`, sub.reply)).body)).toContain('Subscribed');
      const now = await command(team, channel, 'digest', 'now');
      await waitFor(`briefing in ${team}`, now.reply);
    }
    // Each workspace's briefing went out with its own token.
    const briefing = (channel: string) => slack.posts().find((p) => p.body.channel === channel)!;
    expect(briefing('C-ONE').token).toBe('xoxb-team-one');
    expect(briefing('C-TWO').token).toBe('xoxb-team-two');

    // The second workspace uninstalls the app.
    slack.revoked.add('xoxb-team-two');
    const gone = await post(eventBody({ type: 'app_uninstalled' }, undefined, 'T2'));
    expect(gone.status).toBe(200);
    await bot.waitForLog(/the app was uninstalled in workspace T2: its tokens and 1 subscription\(s\) removed/);
    const db = new Database(join(data, 'briefing.db'), { readonly: true });
    // (DIGEST_SLACK_CHANNEL named no workspace: it was not subscribed.)
    expect(db.prepare('SELECT workspace FROM subscriptions').all()).toEqual([{ workspace: 'T1' }]);
    expect(db.prepare('SELECT workspace FROM installations').all()).toEqual([{ workspace: 'T1' }]);
    db.close();
    // Its requests have no installation any more: not answered; the first workspace still is.
    const after = await command('T2', 'C-TWO', 'search', 'troops');
    await new Promise((r) => setTimeout(r, 500));
    expect(after.reply()).toBeUndefined();
    const still = await command('T1', 'C-ONE', 'search', 'troops');
    await waitFor('T1 still answered', still.reply);
  } finally {
    await bot.stop();
    await slack.stop();
  }
});
