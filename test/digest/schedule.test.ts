import { describeCron, lastDue, localDate, nextRuns, parseDays, parseSubscribe } from '../../src/digest/schedule';

const defaults = { cron: '0 8 * * *', zone: 'UTC' };

describe('parseSubscribe', () => {
  test('time, zone and days in any order', () => {
    const r = parseSubscribe(['weekdays', '07:30', 'Europe/London'], defaults);
    expect(r).toEqual({
      ok: true,
      value: { cron: '30 7 * * 1-5', zone: 'Europe/London', label: '07:30 on weekdays (Europe/London)' },
    });
  });
  test('nothing given: the defaults', () => {
    expect(parseSubscribe([], { cron: '0 9 * * 1', zone: 'Asia/Tokyo' })).toMatchObject({
      ok: true,
      value: { cron: '0 9 * * 1', zone: 'Asia/Tokyo' },
    });
  });
  test.each([
    [['25:00'], /not a time of day/],
    [['Mars/Olympus'], /not a time zone/],
    [['fortnightly'], /did not understand “fortnightly”/],
  ])('%p is refused, naming what is wrong', (words, re) => {
    const r = parseSubscribe(words, defaults);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(re);
  });
  test('an invalid default cron expression is named', () => {
    const r = parseSubscribe([], { cron: '61 8 * * *', zone: 'UTC' });
    expect(r.ok).toBe(false);
  });
  test('days: lists and ranges', () => {
    expect(parseDays('mon,wed,fri')).toEqual({ ok: true, value: { field: '1,3,5', label: 'on mon, wed, fri' } });
    expect(parseDays('fri-mon')).toMatchObject({ ok: true, value: { field: '0,1,5,6' } });
    expect(describeCron('0 8 * * 1-5')).toBe('08:00 on weekdays');
  });
});

describe('when briefings run (clock injected)', () => {
  const london = { cron: '0 8 * * *', zone: 'Europe/London', label: '' };
  const runsOn = (day: string) => {
    // Every minute of a local day, in absolute time: how many match 08:00?
    let n = 0;
    const start = Date.parse(`${day}T00:00:00Z`) - 2 * 3600_000;
    for (let t = start; t < start + 28 * 3600_000; t += 60_000) if (lastDue(london, new Date(t), new Date(t - 1))) n++;
    return n;
  };

  test('08:00 in London runs once on the days the clocks change', () => {
    expect(runsOn('2026-03-29')).toBe(1);
    expect(runsOn('2026-10-25')).toBe(1);
  });

  test('in the zone: 08:00 London is 07:00 UTC in summer and 08:00 UTC in winter', () => {
    expect(lastDue(london, new Date('2026-07-01T12:00:00Z'), new Date('2026-07-01T00:00:00Z'))!.toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(lastDue(london, new Date('2026-12-01T12:00:00Z'), new Date('2026-12-01T00:00:00Z'))!.toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });

  test('weekdays skip the weekend', () => {
    const spec = { cron: '0 8 * * 1-5', zone: 'UTC', label: '' };
    // Monday 2026-11-23 at noon: the last due run was this morning; on Sunday it was Friday.
    expect(lastDue(spec, new Date('2026-11-23T12:00:00Z'), new Date(0))!.toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    expect(lastDue(spec, new Date('2026-11-22T12:00:00Z'), new Date(0))!.toISOString()).toBe(
      '2026-11-20T08:00:00.000Z',
    );
  });

  test('catch-up: after three missed days only the most recent run is due, once', () => {
    const spec = { cron: '0 8 * * *', zone: 'UTC', label: '' };
    const lastRun = new Date('2026-11-19T08:00:00Z');
    const due = lastDue(spec, new Date('2026-11-23T09:30:00Z'), lastRun);
    expect(due!.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // Nothing is due when the last run was the most recent slot.
    expect(lastDue(spec, new Date('2026-11-23T09:30:00Z'), due!)).toBeUndefined();
  });

  test('next runs are in the future, in order', () => {
    const runs = nextRuns({ cron: '30 7 * * *', zone: 'America/New_York', label: '' }, 2);
    expect(runs[0]!.getTime()).toBeGreaterThan(Date.now());
    expect(runs[1]!.getTime() - runs[0]!.getTime()).toBeGreaterThanOrEqual(23 * 3600_000);
  });

  test('the briefing title uses the date in the channel’s zone', () => {
    const d = new Date('2026-11-23T23:30:00Z');
    expect(localDate(d, 'UTC')).toBe('Monday 23 November 2026');
    expect(localDate(d, 'Asia/Tokyo')).toBe('Tuesday 24 November 2026');
  });
});
