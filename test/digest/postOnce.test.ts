import { digestAnswer } from '../../src/answers/digest';
import type { Answer } from '../../src/answers/model';
import { startDiscord } from '../../src/adapters/discord/app';
import { discordPoster } from '../../src/adapters/discord/poster';
import { startSlack } from '../../src/adapters/slack/app';
import { slackPoster } from '../../src/adapters/slack/poster';
import { loadConfig } from '../../src/config';
import { BotRuntime } from '../../src/runtime';
import { FakeDiscord } from '../fakes/fakeDiscord';
import { FakeSlack } from '../fakes/fakeSlack';
import { freePort } from '../fakes/ports';
import { corpusFrom, tempDir } from '../helpers';

/** A corpus of n small articles, each with its own date. */
function manyDocs(n: number) {
  const texts: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    texts[`a${String(i).padStart(4, '0')}.md`] =
      `---\ntitle: Article ${i}\ndate: 2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z\n---\n\nNorway will send medics number ${i} to the border region within weeks, Oslo said on Monday in a statement.\n`;
  return corpusFrom(texts);
}

/** A real briefing, long enough to be posted in several messages on either platform. */
function longBriefing(n = 40): Answer {
  const b = manyDocs(n);
  return digestAnswer(b, b.documents, { title: 'Briefing — test', maxDocuments: 50 });
}

const bot = () =>
  new BotRuntime(loadConfig({}, { DATA_DIR: tempDir() }), corpusFrom({ 'a.md': 'Oslo said so.\n' }), () => undefined);

describe('a briefing taken over from a stopped replica is not posted twice', () => {
  test('Slack: the parts already in the channel (found by their metadata) are skipped; the rest go in the same thread', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const fe = await startSlack(
      bot(),
      { botToken: 'xoxb-test', signingSecret: 's', port: await freePort(), host: '127.0.0.1', apiUrl: slack.apiUrl },
      () => undefined,
    );
    try {
      const poster = slackPoster(fe);
      const answer = longBriefing(50);
      // The stopped replica got one part out before it died.
      const partial = { post: fe.post, recent: fe.recent } as typeof fe;
      let sent = 0;
      await expect(
        slackPoster({
          ...partial,
          post: async (...a: Parameters<typeof fe.post>) => {
            if (sent++ === 1) throw new Error('killed');
            return fe.post(...a);
          },
        }).post('C1', answer, { key: 'digest-7' }),
      ).rejects.toThrow();
      const before = slack.posts().length;
      expect(before).toBe(1);
      await poster.post('C1', answer, { key: 'digest-7', resume: true });
      const posts = slack.posts();
      const parts = posts.map((p) => (p.body.metadata as { event_payload: { part: number } }).event_payload.part);
      expect(new Set(parts).size).toBe(parts.length);
      expect(parts.length).toBeGreaterThan(2);
      expect([...parts].sort((a, b) => a - b)).toEqual(parts.map((_, i) => i));
      // Every part after the first is in the first one's thread.
      for (const p of posts.slice(1)) expect(p.body.thread_ts).toBe(posts[0]!.ts);
      // Taken over again after it was all posted: nothing more.
      await poster.post('C1', answer, { key: 'digest-7', resume: true });
      expect(slack.posts()).toHaveLength(posts.length);
      // Another briefing's key is another briefing.
      await poster.post('C1', answer, { key: 'digest-8', resume: true });
      expect(slack.posts()).toHaveLength(posts.length * 2);
    } finally {
      await fe.stop();
      await slack.stop();
    }
  });

  test('Slack without the history scopes: everything is posted (a missed check, never a missed briefing)', async () => {
    const slack = new FakeSlack();
    await slack.start();
    slack.historyError = 'missing_scope';
    const fe = await startSlack(
      bot(),
      { botToken: 'xoxb-test', signingSecret: 's', port: await freePort(), host: '127.0.0.1', apiUrl: slack.apiUrl },
      () => undefined,
    );
    try {
      await slackPoster(fe).post(
        'C1',
        { ...longBriefing(), sections: longBriefing().sections.slice(0, 2) },
        {
          key: 'digest-9',
          resume: true,
        },
      );
      expect(slack.posts()).toHaveLength(1);
    } finally {
      await fe.stop();
      await slack.stop();
    }
  });

  test('Discord: each part carries a nonce Discord enforces, so posting it again creates nothing', async () => {
    const discord = new FakeDiscord();
    await discord.start();
    const fe = await startDiscord(
      bot(),
      { token: 'fake-token', applicationId: '1', apiUrl: discord.apiUrl },
      () => undefined,
    );
    try {
      const poster = discordPoster(fe);
      await poster.post('123', longBriefing(), { key: 'digest-7' });
      const created = () =>
        discord.calls.filter((c) => c.method === 'POST' && /\/channels\/123\/messages$/.test(c.path));
      const first = created().length;
      expect(first).toBeGreaterThan(1);
      expect(created().map((c) => (c.body as { nonce: string }).nonce)).toEqual(
        Array.from({ length: first }, (_, i) => `digest-7:${i}`),
      );
      await poster.post('123', longBriefing(), { key: 'digest-7', resume: true });
      expect(created()).toHaveLength(first);
      expect(discord.calls.filter((c) => c.path.endsWith(':nonce-seen'))).toHaveLength(first);
    } finally {
      await fe.stop();
      await discord.stop();
    }
  });
});
