import { DigestStore, SCHEMA_VERSION } from '../../src/digest/store';
import { tempDir } from '../helpers';

const docs = (...names: string[]) => names.map((n) => ({ hash: `h-${n}`, file: `${n}.txt` }));
const sub = {
  platform: 'slack' as const,
  channelId: 'C1',
  channelName: 'news',
  cron: '0 8 * * *',
  zone: 'UTC',
  label: '08:00',
};

test('migrates a new database and keeps subscriptions across reopen', () => {
  const dir = tempDir();
  const a = new DigestStore(dir);
  a.upsertSubscription(sub);
  a.close();
  const b = new DigestStore(dir);
  expect(b.subscriptions()).toEqual([expect.objectContaining({ channelId: 'C1', status: 'active', label: '08:00' })]);
  expect(b.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  b.close();
});

test('a slot is claimed once; each document is carried once per channel', () => {
  const s = new DigestStore(tempDir());
  s.upsertSubscription(sub);
  const first = s.claim('slack', 'C1', 'slot-1', docs('a', 'b'))!;
  expect(first.docs.map((d) => d.file)).toEqual(['a.txt', 'b.txt']);
  expect(s.claim('slack', 'C1', 'slot-1', docs('a', 'b'))).toBeUndefined();
  s.markPosted(first.digestId);
  expect(s.claim('slack', 'C1', 'slot-2', docs('a', 'b'))!.docs).toEqual([]);
  expect(s.claim('slack', 'C1', 'slot-3', docs('a', 'b', 'c'))!.docs.map((d) => d.file)).toEqual(['c.txt']);
  // Another channel has its own history.
  expect(s.claim('slack', 'C2', 'slot-1', docs('a'))!.docs).toHaveLength(1);
  s.close();
});

test('a failed post gives its documents back to the next digest', () => {
  const s = new DigestStore(tempDir());
  const c = s.claim('discord', 'D1', 'slot-1', docs('a'))!;
  s.markFailed(c.digestId, 'HTTP 500');
  expect(s.claim('discord', 'D1', 'slot-2', docs('a'))!.docs.map((d) => d.file)).toEqual(['a.txt']);
  s.close();
});

test('two processes sharing the folder: only one claims the slot', () => {
  const dir = tempDir();
  const p1 = new DigestStore(dir);
  const p2 = new DigestStore(dir);
  const results = [p1.claim('slack', 'C1', 'slot-x', docs('a')), p2.claim('slack', 'C1', 'slot-x', docs('a'))];
  expect(results.filter(Boolean)).toHaveLength(1);
  p1.close();
  p2.close();
});

test('a claim left by a dead process is closed, and its documents are not posted again', () => {
  const dir = tempDir();
  const dead = new DigestStore(dir);
  dead.claim('slack', 'C1', 'slot-1', docs('a'));
  dead.db.prepare(`UPDATE digests SET owner = '999999999-dead'`).run();
  dead.close();
  const next = new DigestStore(dir);
  expect(next.closeStaleClaims()).toBe(1);
  expect(next.lastDigest('slack', 'C1')!.state).toBe('interrupted');
  expect(next.claim('slack', 'C1', 'slot-2', docs('a'))!.docs).toEqual([]);
  next.close();
});

test('a channel the bot cannot post to is marked failing with the reason', () => {
  const s = new DigestStore(tempDir());
  s.upsertSubscription(sub);
  s.markFailing('slack', 'C1', 'Slack: channel_not_found');
  expect(s.subscription('slack', 'C1')).toMatchObject({ status: 'failing', lastError: 'Slack: channel_not_found' });
  // Subscribing again reactivates it.
  s.upsertSubscription(sub);
  expect(s.subscription('slack', 'C1')!.status).toBe('active');
  s.close();
});
