import { describe, expect, it } from 'vitest';
import type { ScheduleCalendar } from '../telephony/schedules/calendar.js';
import { addBusinessMinutes, elapsedBusinessMinutes } from './sla-clock.js';

const nineToFive = [{ start: '09:00', end: '17:00' }];
/** Mon–Fri 09:00–17:00 in Berlin. */
const berlin: ScheduleCalendar = { timezone: 'Europe/Berlin', weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive } };
const allDay = [{ start: '00:00', end: '24:00' }];
const berlinAlways: ScheduleCalendar = {
  timezone: 'Europe/Berlin',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
};
const d = (iso: string) => new Date(iso);
const iso = (x: Date | null) => x?.toISOString();

describe('addBusinessMinutes', () => {
  it('is plain arithmetic when 24/7 (no schedule)', () => {
    expect(iso(addBusinessMinutes(d('2026-03-28T23:30:00.000Z'), 90, null))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('carries a target over the spring-forward weekend (Berlin, 29 March 2026)', () => {
    // Friday 16:00 CET (UTC+1): one hour that day, one on Monday from 09:00 CEST (UTC+2).
    expect(iso(addBusinessMinutes(d('2026-03-27T15:00:00.000Z'), 120, berlin))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('carries a target over the fall-back weekend (Berlin, 25 October 2026)', () => {
    // Friday 16:00 CEST (UTC+2): one hour, then Monday 09:00–10:00 CET (UTC+1).
    expect(iso(addBusinessMinutes(d('2026-10-23T14:00:00.000Z'), 120, berlin))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('skips holidays in the middle (a recurring one and a dated one) and the weekend', () => {
    const s: ScheduleCalendar = {
      ...berlin,
      holidays: [
        { date: '2020-12-24', name: 'Christmas Eve', recurring: true },
        { date: '2026-12-25', name: 'Christmas Day', recurring: false },
      ],
    };
    // Wed 23 Dec 16:00 CET: 60 min Wednesday, Thu/Fri holidays, weekend, Mon 28 Dec 09:00–11:00.
    expect(iso(addBusinessMinutes(d('2026-12-23T15:00:00.000Z'), 180, s))).toBe('2026-12-28T10:00:00.000Z');
    // Without the holidays the same target ends on Thursday.
    expect(iso(addBusinessMinutes(d('2026-12-23T15:00:00.000Z'), 180, berlin))).toBe('2026-12-24T10:00:00.000Z');
  });

  it('starting while closed waits for the next opening; a closure is skipped', () => {
    // Saturday 12:00 → Monday 09:00 CET + 30 min.
    expect(iso(addBusinessMinutes(d('2026-11-21T11:00:00.000Z'), 30, berlin))).toBe('2026-11-23T08:30:00.000Z');
    const closed: ScheduleCalendar = { ...berlin, closures: [{ starts_at: '2026-11-23T08:00:00.000Z', ends_at: '2026-11-23T12:00:00.000Z', reason: 'Move' }] };
    expect(iso(addBusinessMinutes(d('2026-11-21T11:00:00.000Z'), 30, closed))).toBe('2026-11-23T12:30:00.000Z');
  });

  it('counts DST days by real minutes on an always-open local calendar', () => {
    // Saturday 00:00 CET → 47 real hours to Monday 00:00 CEST (the day of 29 March has 23 hours).
    expect(iso(addBusinessMinutes(d('2026-03-27T23:00:00.000Z'), 47 * 60, berlinAlways))).toBe('2026-03-29T22:00:00.000Z');
    // Fall-back: 49 hours from Saturday 00:00 CEST to Monday 00:00 CET.
    expect(iso(addBusinessMinutes(d('2026-10-23T22:00:00.000Z'), 49 * 60, berlinAlways))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('is null for a schedule that never opens', () => {
    expect(addBusinessMinutes(d('2026-01-05T08:00:00.000Z'), 1, { timezone: 'Europe/Berlin', weekly: {} })).toBeNull();
  });

  it('agrees with elapsedBusinessMinutes', () => {
    for (const [start, m] of [
      ['2026-03-26T10:17:31.250Z', 777],
      ['2026-10-22T06:00:00.000Z', 1234],
      ['2026-12-31T16:59:00.000Z', 5],
    ] as const) {
      const due = addBusinessMinutes(d(start), m, berlin) as Date;
      expect(elapsedBusinessMinutes(d(start), due, berlin)).toBeCloseTo(m, 6);
    }
  });
});

describe('elapsedBusinessMinutes', () => {
  it('24/7 counts real minutes, minus pauses', () => {
    expect(elapsedBusinessMinutes(d('2026-03-28T12:00:00.000Z'), d('2026-03-29T12:00:00.000Z'), null)).toBe(1440);
    const pauses = [
      { start: d('2026-03-28T13:00:00.000Z'), end: d('2026-03-28T14:00:00.000Z') },
      { start: d('2026-03-28T13:30:00.000Z'), end: d('2026-03-28T15:00:00.000Z') }, // overlaps the first
      { start: d('2026-03-29T11:00:00.000Z'), end: null }, // still paused
    ];
    expect(elapsedBusinessMinutes(d('2026-03-28T12:00:00.000Z'), d('2026-03-29T12:00:00.000Z'), null, pauses)).toBe(1440 - 120 - 60);
  });

  it('counts only open hours across a weekend', () => {
    // Friday 15:00 CET → Monday 11:00 CET: 2 h Friday + 2 h Monday.
    expect(elapsedBusinessMinutes(d('2026-11-20T14:00:00.000Z'), d('2026-11-23T10:00:00.000Z'), berlin)).toBe(240);
    expect(elapsedBusinessMinutes(d('2026-11-23T10:00:00.000Z'), d('2026-11-20T14:00:00.000Z'), berlin)).toBe(0);
  });

  it('pauses stop the clock only where it was running', () => {
    const pauses = [
      // Friday 16:00–Monday 10:00 CET: covers 1 h Friday and 1 h Monday, the weekend costs nothing.
      { start: d('2026-11-20T15:00:00.000Z'), end: d('2026-11-23T09:00:00.000Z') },
    ];
    expect(elapsedBusinessMinutes(d('2026-11-20T14:00:00.000Z'), d('2026-11-23T10:00:00.000Z'), berlin, pauses)).toBe(120);
  });

  it('counts the whole days across DST changes in the zone', () => {
    expect(elapsedBusinessMinutes(d('2026-03-27T23:00:00.000Z'), d('2026-03-29T22:00:00.000Z'), berlinAlways)).toBe(47 * 60);
    expect(elapsedBusinessMinutes(d('2026-10-23T22:00:00.000Z'), d('2026-10-25T23:00:00.000Z'), berlinAlways)).toBe(49 * 60);
    // Business days straddling the change: Fri 09:00–17:00 CET + Mon 09:00–17:00 CEST.
    expect(elapsedBusinessMinutes(d('2026-03-27T00:00:00.000Z'), d('2026-03-31T00:00:00.000Z'), berlin)).toBe(960);
  });

  it('follows the calendar on the DST night: a missing local hour is never open, a repeated one is open twice', () => {
    const night: ScheduleCalendar = { timezone: 'Europe/Berlin', weekly: { sun: [{ start: '02:00', end: '03:00' }] } };
    expect(elapsedBusinessMinutes(d('2026-03-28T12:00:00.000Z'), d('2026-03-29T12:00:00.000Z'), night)).toBe(0);
    expect(elapsedBusinessMinutes(d('2026-10-24T12:00:00.000Z'), d('2026-10-25T12:00:00.000Z'), night)).toBe(120);
    // An ordinary Sunday: one hour.
    expect(elapsedBusinessMinutes(d('2026-11-21T12:00:00.000Z'), d('2026-11-22T12:00:00.000Z'), night)).toBe(60);
  });

  it('a holiday in the window counts nothing', () => {
    const s: ScheduleCalendar = { ...berlin, holidays: [{ date: '2026-11-24', name: 'Office day', recurring: false }] };
    // Monday 09:00 → Wednesday 10:00 CET: 8 h Monday, Tuesday off, 1 h Wednesday.
    expect(elapsedBusinessMinutes(d('2026-11-23T08:00:00.000Z'), d('2026-11-25T09:00:00.000Z'), s)).toBe(540);
  });
});
