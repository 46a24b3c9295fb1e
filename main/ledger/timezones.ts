// Local calendar arithmetic in an IANA time zone (DST-aware) without a date library: UTC offsets via
// Intl, local-day and local-month boundaries as UTC instants, and the offset segments of a time range
// so hourly UTC rollups can be re-bucketed into local days.
import { AppError } from '../core/errors';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AppError('invalid_input', `Unknown time zone "${tz.slice(0, 60)}"`);
    }
    formatters.set(tz, f);
  }
  return f;
}

export function assertTimeZone(tz: string): string {
  formatter(tz);
  return tz;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(tz: string, t: number): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const part = (name: string): number => {
    const v = out[name];
    if (v === undefined) throw new Error(`Intl gave no ${name} for ${tz}`);
    return v;
  };
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour') % 24,
    minute: part('minute'),
    second: part('second'),
  };
}

/** Local time minus UTC at instant t, in minutes (e.g. -240 for New York in summer). */
export function offsetMinutes(tz: string, t: number): number {
  const p = localParts(tz, t);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function localDayKey(tz: string, t: number): string {
  const p = localParts(tz, t);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Day number (days since 1970-01-01 in the local calendar) of instant t. */
const localDayNumber = (tz: string, t: number): number => Math.floor((t + offsetMinutes(tz, t) * 60_000) / DAY_MS);

/**
 * The UTC instant at which local calendar day (y, m, d) begins. Where midnight does not exist (a DST gap
 * at 00:00), the day begins at the first instant that is on that date.
 */
export function startOfLocalDate(tz: string, year: number, month: number, day: number): number {
  const naive = Date.UTC(year, month - 1, day);
  const target = Math.floor(naive / DAY_MS);
  let t = naive - offsetMinutes(tz, naive) * 60_000;
  t = naive - offsetMinutes(tz, t) * 60_000;
  if (localDayNumber(tz, t) === target && localDayNumber(tz, t - 1_000) < target) return t;
  // Local midnight falls in a DST gap: binary-search the first second on the target date. UTC offsets lie
  // within -12h..+14h, so the answer is between naive - 15h and naive + 13h.
  let lo = naive - 15 * HOUR_MS; // before the target day
  let hi = naive + 13 * HOUR_MS; // on or after it
  while (hi - lo > 1_000) {
    const mid = lo + Math.floor((hi - lo) / 2_000) * 1_000;
    if (localDayNumber(tz, mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface LocalPeriod {
  key: string;
  start: number;
  end: number;
}

export function localDayPeriod(tz: string, t: number): LocalPeriod {
  const p = localParts(tz, t);
  const start = startOfLocalDate(tz, p.year, p.month, p.day);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  const end = startOfLocalDate(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return { key: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, start, end };
}

export function localMonthPeriod(tz: string, t: number): LocalPeriod {
  const p = localParts(tz, t);
  const start = startOfLocalDate(tz, p.year, p.month, 1);
  const next = new Date(Date.UTC(p.year, p.month, 1));
  const end = startOfLocalDate(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, 1);
  return { key: `${pad(p.year, 4)}-${pad(p.month)}`, start, end };
}

export interface OffsetSegment {
  /** First UTC hour (floor(ms / 3.6e6)) of the segment, inclusive. */
  fromHour: number;
  /** Last UTC hour, exclusive. */
  toHour: number;
  offsetMinutes: number;
}

/**
 * Splits the UTC hours [fromHour, toHour) into runs with a constant UTC offset in `tz`. Each hour takes the
 * offset at its start: DST switches happen on hour boundaries (in UTC) everywhere except a few
 * half-hour zones, where an hour straddling a switch counts on the side where it starts.
 */
/** Offsets by zone and UTC hour: a 5-year range probes ~1,800 hours, the same ones on every request. */
const offsetCache = new Map<string, number>();
const MAX_CACHED_OFFSETS = 100_000;

function cachedOffsetAtHour(tz: string, hour: number): number {
  const key = `${tz}\u0000${hour}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size >= MAX_CACHED_OFFSETS) offsetCache.clear();
    offset = offsetMinutes(tz, hour * HOUR_MS);
    offsetCache.set(key, offset);
  }
  return offset;
}

export function offsetSegments(tz: string, fromHour: number, toHour: number): OffsetSegment[] {
  const out: OffsetSegment[] = [];
  if (toHour <= fromHour) return out;
  const offsetAtHour = (h: number) => cachedOffsetAtHour(tz, h);
  let segStart = fromHour;
  let segOffset = offsetAtHour(fromHour);
  // Offsets change at most a few times a year: probe at each UTC midnight (the same hours whatever the range,
  // so they are cached), then binary-search the switching hour.
  for (let probe = fromHour; probe < toHour; ) {
    const next = Math.min((Math.floor(probe / 24) + 1) * 24, toHour);
    const nextOffset = next < toHour ? offsetAtHour(next) : segOffset;
    if (nextOffset === segOffset) {
      probe = next;
      continue;
    }
    let lo = probe; // offset(lo) === segOffset
    let hi = next; // offset(hi) !== segOffset
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (offsetAtHour(mid) === segOffset) lo = mid;
      else hi = mid;
    }
    out.push({ fromHour: segStart, toHour: hi, offsetMinutes: segOffset });
    segStart = hi;
    segOffset = offsetAtHour(hi);
    probe = hi;
  }
  out.push({ fromHour: segStart, toHour, offsetMinutes: segOffset });
  return out;
}

/** 'YYYY-MM-DD' of a local day number (days since 1970-01-01 in local time). */
export const dayKeyOfNumber = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
