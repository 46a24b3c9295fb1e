import { describe, expect, it } from 'vitest';
import {
  localDayPeriod,
  localMonthPeriod,
  localParts,
  offsetMinutes,
  offsetSegments,
  startOfLocalDate,
} from '../../../main/ledger/timezones';

const H = 3_600_000;

describe('local calendar arithmetic', () => {
  it('finds UTC offsets on both sides of a DST switch', () => {
    expect(offsetMinutes('America/New_York', Date.UTC(2026, 2, 8, 6, 59))).toBe(-300);
    expect(offsetMinutes('America/New_York', Date.UTC(2026, 2, 8, 7, 0))).toBe(-240);
    expect(offsetMinutes('Asia/Kolkata', Date.UTC(2026, 0, 1))).toBe(330);
  });

  it('gives local days of 23 and 25 hours on switch days', () => {
    const spring = localDayPeriod('Europe/Berlin', Date.UTC(2026, 2, 29, 12));
    expect(spring.key).toBe('2026-03-29');
    expect((spring.end - spring.start) / H).toBe(23);
    const fall = localDayPeriod('Europe/Berlin', Date.UTC(2026, 9, 25, 12));
    expect((fall.end - fall.start) / H).toBe(25);
  });

  it('starts a day whose midnight does not exist at its first instant (Chile, DST at 24:00)', () => {
    // Santiago springs forward at 2026-09-06 00:00 local -> 01:00 (UTC-4 -> UTC-3).
    const start = startOfLocalDate('America/Santiago', 2026, 9, 6);
    expect(localParts('America/Santiago', start)).toMatchObject({ year: 2026, month: 9, day: 6, hour: 1, minute: 0 });
    expect(localParts('America/Santiago', start - 1_000)).toMatchObject({ day: 5 });
  });

  it('spans a local month in its zone', () => {
    const m = localMonthPeriod('America/Los_Angeles', Date.UTC(2026, 2, 1, 3)); // Feb 28 19:00 PST
    expect(m.key).toBe('2026-02');
    expect(new Date(m.start).toISOString()).toBe('2026-02-01T08:00:00.000Z');
    expect(new Date(m.end).toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('splits hour ranges at offset changes', () => {
    const from = Math.floor(Date.UTC(2026, 2, 7) / H);
    const segs = offsetSegments('America/New_York', from, from + 72);
    expect(segs.map((s) => s.offsetMinutes)).toEqual([-300, -240]);
    expect(segs[0]!.toHour * H).toBe(Date.UTC(2026, 2, 8, 7));
    expect(segs[1]!.toHour).toBe(from + 72);
  });
});
