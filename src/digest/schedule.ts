import cron from 'node-cron';

/** A channel's schedule: a cron expression in an IANA time zone, with a human label. */
export interface ScheduleSpec {
  cron: string;
  zone: string;
  label: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "daily", "weekdays", "weekends", "mon,wed,fri", "mon-fri" → a cron day-of-week field. */
export function parseDays(days: string): Parsed<{ field: string; label: string }> {
  const d = days.trim().toLowerCase();
  if (!d || d === 'daily' || d === 'everyday' || d === 'every-day')
    return { ok: true, value: { field: '*', label: 'every day' } };
  if (d === 'weekdays' || d === 'workdays') return { ok: true, value: { field: '1-5', label: 'on weekdays' } };
  if (d === 'weekends' || d === 'weekend') return { ok: true, value: { field: '0,6', label: 'at weekends' } };
  const nums: number[] = [];
  for (const part of d.split(',')) {
    const range = part.split('-').map((p) => DAY_NAMES.indexOf(p.trim().slice(0, 3)));
    if (range.some((n) => n < 0) || range.length > 2)
      return { ok: false, error: `“${days}” is not a list of days: use daily, weekdays, weekends or e.g. mon,wed,fri` };
    if (range.length === 2)
      for (let n = range[0]!; ; n = (n + 1) % 7) {
        nums.push(n);
        if (n === range[1]) break;
      }
    else nums.push(range[0]!);
  }
  const uniq = [...new Set(nums)].sort((a, b) => a - b);
  return { ok: true, value: { field: uniq.join(','), label: `on ${uniq.map((n) => DAY_NAMES[n]).join(', ')}` } };
}

export function validateCron(expr: string): string | undefined {
  const v = cron.validateDetailed(expr);
  return v.valid ? undefined : v.errors.map((e) => e.message).join('; ') || 'not a cron expression';
}

/**
 * Builds a schedule from what a person typed: `[HH:MM] [time zone] [days]`, in any order. What
 * is missing comes from the defaults (DIGEST_SCHEDULE, DIGEST_TIMEZONE). Invalid parts are named.
 */
export function parseSubscribe(words: string[], defaults: { cron: string; zone: string }): Parsed<ScheduleSpec> {
  let time: { h: number; m: number } | undefined;
  let zone: string | undefined;
  let days: { field: string; label: string } | undefined;
  for (const w of words.filter(Boolean)) {
    const t = /^(\d{1,2})(?::|h|\.)?(\d{2})?$/.exec(w);
    if (t && (w.includes(':') || w.length >= 3 || Number(t[1]) <= 24)) {
      const h = Number(t[1]);
      const m = Number(t[2] ?? '0');
      if (h > 23 || m > 59) return { ok: false, error: `“${w}” is not a time of day: use HH:MM, 24-hour (e.g. 08:00)` };
      time = { h, m };
      continue;
    }
    if (/^[A-Za-z_]+\/[A-Za-z_\-/]+$|^(UTC|GMT|Z)$/i.test(w)) {
      const z = /^(utc|gmt|z)$/i.test(w) ? 'UTC' : w;
      if (!isValidZone(z))
        return {
          ok: false,
          error: `“${w}” is not a time zone: use an IANA name such as Europe/London or America/New_York`,
        };
      zone = z;
      continue;
    }
    const d = parseDays(w);
    if (!d.ok)
      return {
        ok: false,
        error: `I did not understand “${w}”. Usage: /digest subscribe [HH:MM] [time zone] [daily|weekdays|mon,wed,fri]`,
      };
    days = d.value;
  }
  const z = zone ?? defaults.zone;
  if (!isValidZone(z)) return { ok: false, error: `DIGEST_TIMEZONE “${z}” is not a time zone` };
  let expr: string;
  let label: string;
  if (time || days) {
    const { h, m } = time ?? defaultTime(defaults.cron);
    expr = `${m} ${h} * * ${days?.field ?? '*'}`;
    label = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')} ${days?.label ?? 'every day'} (${z})`;
  } else {
    expr = defaults.cron;
    label = `${describeCron(expr)} (${z})`;
  }
  const err = validateCron(expr);
  if (err) return { ok: false, error: `The schedule “${expr}” is invalid: ${err}` };
  return { ok: true, value: { cron: expr, zone: z, label } };
}

function defaultTime(expr: string): { h: number; m: number } {
  const f = expr.trim().split(/\s+/);
  const [m, h] = f.length === 6 ? [f[1], f[2]] : [f[0], f[1]];
  const hh = Number(h);
  const mm = Number(m);
  return { h: Number.isInteger(hh) ? hh : 8, m: Number.isInteger(mm) ? mm : 0 };
}

export function describeCron(expr: string): string {
  const f = expr.trim().split(/\s+/);
  if (f.length === 5 && /^\d+$/.test(f[0]!) && /^\d+$/.test(f[1]!) && f[2] === '*' && f[3] === '*') {
    const days = f[4] === '*' ? 'every day' : f[4] === '1-5' ? 'on weekdays' : `on days ${f[4]}`;
    return `${f[1]!.padStart(2, '0')}:${f[0]!.padStart(2, '0')} ${days}`;
  }
  return `cron “${expr}”`;
}

/** Upcoming run times, in absolute time. */
export function nextRuns(spec: ScheduleSpec, count = 1): Date[] {
  const task = cron.createTask(spec.cron, () => undefined, { timezone: spec.zone });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

/**
 * The most recent due time at or before `now` and after `after`, or undefined. Used at start to
 * catch up a run missed while the bot was down — once, however many were missed.
 */
export function lastDue(
  spec: ScheduleSpec,
  now: Date,
  after: Date,
  maxLookbackMs = 8 * 24 * 3600 * 1000,
): Date | undefined {
  const task = cron.createTask(spec.cron, () => undefined, { timezone: spec.zone });
  try {
    const seconds = spec.cron.trim().split(/\s+/).length === 6;
    const step = seconds ? 1000 : 60_000;
    const floor = Math.max(
      after.getTime() + 1,
      now.getTime() - (seconds ? Math.min(maxLookbackMs, 3600_000) : maxLookbackMs),
    );
    for (let t = Math.floor(now.getTime() / step) * step; t >= floor; t -= step) {
      const d = new Date(t);
      if (task.match(d)) return d;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}

/** The date of an instant in a zone, for the briefing's title: "Monday 23 November 2026". */
export function localDate(d: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(d)
    .replace(',', '');
}

export function localTime(d: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}
