/**
 * resolveRoute without a database: the expected instants below are worked out from each zone's
 * published rules (offsets and DST change instants), not from the code under test.
 */
import type { Destination, Holiday, OpenInterval, Weekday } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { type ScheduleCalendar, localTimeAt, scheduleStateAt } from '../schedules/calendar.js';
import { type RoutableNumber, resolveRoute } from './resolve.js';

const OPEN: Destination = { type: 'queue', target_id: 'queue-sales' };
const CLOSED: Destination = { type: 'voicemail', target_id: 'vm-after-hours' };
const HANGUP: Destination = { type: 'hangup' };

const workweek = (start: string, end: string): Partial<Record<Weekday, OpenInterval[]>> =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ start, end }]]));
const allWeek = (start: string, end: string): Partial<Record<Weekday, OpenInterval[]>> =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, [{ start, end }]]));

function numberWith(schedule: ScheduleCalendar | null, closed: Destination | null = CLOSED): RoutableNumber {
  return { routing: { schedule_id: schedule ? 'sched-1' : null, open: OPEN, closed }, schedule };
}

/** The state and destination at each instant, as `[iso, state]` pairs, for compact tables. */
function statesAt(n: RoutableNumber, instants: string[]) {
  return instants.map((iso) => {
    const r = resolveRoute(n, new Date(iso));
    return [iso, r.state, r.destination.type];
  });
}

/** Minutes of `[fromIso, toIso)` during which the number routes to its open destination. */
function openMinutes(n: RoutableNumber, fromIso: string, toIso: string): number {
  let count = 0;
  for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += 60_000) if (resolveRoute(n, new Date(t)).state === 'open') count++;
  return count;
}

describe('resolveRoute: no schedule', () => {
  it('always routes to the open destination, whatever the instant, and says why', () => {
    const n = numberWith(null);
    for (const iso of ['2026-01-01T00:00:00Z', '2026-03-29T01:30:00Z', '2026-12-25T12:00:00Z']) {
      expect(resolveRoute(n, new Date(iso))).toEqual({ destination: OPEN, state: 'always_open', reason: 'No schedule: the open destination always applies' });
    }
  });

  it('refuses an invalid instant, and a schedule id whose schedule was not passed', () => {
    expect(() => resolveRoute(numberWith(null), new Date('nope'))).toThrow(RangeError);
    const missing: RoutableNumber = { routing: { schedule_id: 's1', open: OPEN, closed: null }, schedule: null };
    expect(() => resolveRoute(missing, new Date())).toThrow(/not loaded/);
  });
});

describe('resolveRoute: Europe/Berlin (CET +01:00, CEST +02:00)', () => {
  const berlin = numberWith({ timezone: 'Europe/Berlin', weekly: workweek('09:00', '17:00') });

  it('opens at 09:00 and closes at 17:00 local, in winter and in summer', () => {
    expect(
      statesAt(berlin, [
        // Monday 12 January 2026, CET.
        '2026-01-12T07:59:59Z',
        '2026-01-12T08:00:00Z',
        '2026-01-12T15:59:59Z',
        '2026-01-12T16:00:00Z',
        // Monday 13 July 2026, CEST.
        '2026-07-13T06:59:59Z',
        '2026-07-13T07:00:00Z',
        '2026-07-13T14:59:59Z',
        '2026-07-13T15:00:00Z',
        // Saturday.
        '2026-01-17T10:00:00Z',
      ]),
    ).toEqual([
      ['2026-01-12T07:59:59Z', 'closed', 'voicemail'],
      ['2026-01-12T08:00:00Z', 'open', 'queue'],
      ['2026-01-12T15:59:59Z', 'open', 'queue'],
      ['2026-01-12T16:00:00Z', 'closed', 'voicemail'],
      ['2026-07-13T06:59:59Z', 'closed', 'voicemail'],
      ['2026-07-13T07:00:00Z', 'open', 'queue'],
      ['2026-07-13T14:59:59Z', 'open', 'queue'],
      ['2026-07-13T15:00:00Z', 'closed', 'voicemail'],
      ['2026-01-17T10:00:00Z', 'closed', 'voicemail'],
    ]);
    expect(resolveRoute(berlin, new Date('2026-01-12T08:00:00Z')).reason).toBe('Open: 09:00–17:00 (Monday 2026-01-12 09:00 in Europe/Berlin)');
    expect(resolveRoute(berlin, new Date('2026-01-17T10:00:00Z')).reason).toBe('Closed: outside opening hours (Saturday 2026-01-17 11:00 in Europe/Berlin)');
  });

  it('spring forward (29 March 2026, 02:00 CET → 03:00 CEST): an interval 02:00–03:00 never opens, 01:00–04:00 opens two real hours', () => {
    const gap = numberWith({ timezone: 'Europe/Berlin', weekly: { sun: [{ start: '02:00', end: '03:00' }] } });
    expect(statesAt(gap, ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z'])).toEqual([
      ['2026-03-29T00:59:59Z', 'closed', 'voicemail'], // 01:59:59 CET
      ['2026-03-29T01:00:00Z', 'closed', 'voicemail'], // 03:00:00 CEST
      ['2026-03-29T01:30:00Z', 'closed', 'voicemail'], // 03:30 CEST
    ]);
    // The local Sunday runs 2026-03-28T23:00Z (00:00 CET) to 2026-03-29T22:00Z (24:00 CEST): 23 hours.
    expect(openMinutes(gap, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toBe(0);
    const around = numberWith({ timezone: 'Europe/Berlin', weekly: { sun: [{ start: '01:00', end: '04:00' }] } });
    expect(openMinutes(around, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toBe(120);
    expect(statesAt(around, ['2026-03-28T23:59:59Z', '2026-03-29T00:00:00Z', '2026-03-29T01:59:59Z', '2026-03-29T02:00:00Z'])).toEqual([
      ['2026-03-28T23:59:59Z', 'closed', 'voicemail'], // 00:59:59 CET
      ['2026-03-29T00:00:00Z', 'open', 'queue'], // 01:00 CET
      ['2026-03-29T01:59:59Z', 'open', 'queue'], // 03:59:59 CEST
      ['2026-03-29T02:00:00Z', 'closed', 'voicemail'], // 04:00 CEST
    ]);
  });

  it('fall back (25 October 2026, 03:00 CEST → 02:00 CET): the repeated hour 02:00–03:00 is open both times', () => {
    const repeated = numberWith({ timezone: 'Europe/Berlin', weekly: { sun: [{ start: '02:00', end: '03:00' }] } });
    expect(
      statesAt(repeated, [
        '2026-10-24T23:59:59Z',
        '2026-10-25T00:00:00Z',
        '2026-10-25T00:59:59Z',
        '2026-10-25T01:00:00Z',
        '2026-10-25T01:59:59Z',
        '2026-10-25T02:00:00Z',
      ]),
    ).toEqual([
      ['2026-10-24T23:59:59Z', 'closed', 'voicemail'], // 01:59:59 CEST
      ['2026-10-25T00:00:00Z', 'open', 'queue'], // 02:00 CEST (first time)
      ['2026-10-25T00:59:59Z', 'open', 'queue'], // 02:59:59 CEST
      ['2026-10-25T01:00:00Z', 'open', 'queue'], // 02:00 CET (second time)
      ['2026-10-25T01:59:59Z', 'open', 'queue'], // 02:59:59 CET
      ['2026-10-25T02:00:00Z', 'closed', 'voicemail'], // 03:00 CET
    ]);
    // The local Sunday lasts 25 hours: 2026-10-24T22:00Z to 2026-10-25T23:00Z.
    expect(openMinutes(repeated, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toBe(120);
  });

  it('a closure spanning local midnight closes exactly its instants, across the date change', () => {
    const n = numberWith({
      timezone: 'Europe/Berlin',
      weekly: allWeek('00:00', '24:00'),
      closures: [{ starts_at: '2026-02-10T21:00:00.000Z', ends_at: '2026-02-11T05:00:00.000Z', reason: 'Network maintenance' }],
    });
    expect(statesAt(n, ['2026-02-10T20:59:59Z', '2026-02-10T21:00:00Z', '2026-02-10T23:00:00Z', '2026-02-11T04:59:59Z', '2026-02-11T05:00:00Z'])).toEqual([
      ['2026-02-10T20:59:59Z', 'open', 'queue'], // Tue 21:59:59 CET
      ['2026-02-10T21:00:00Z', 'closure', 'voicemail'], // Tue 22:00
      ['2026-02-10T23:00:00Z', 'closure', 'voicemail'], // Wed 00:00
      ['2026-02-11T04:59:59Z', 'closure', 'voicemail'], // Wed 05:59:59
      ['2026-02-11T05:00:00Z', 'open', 'queue'], // Wed 06:00
    ]);
    expect(resolveRoute(n, new Date('2026-02-10T23:00:00Z')).reason).toBe('Closure: Network maintenance (until 2026-02-11T05:00:00.000Z)');
  });
});

describe('resolveRoute: America/New_York (EST −05:00, EDT −04:00)', () => {
  it('opens and closes on local time in winter and summer, and takes the weekday from the local date', () => {
    const ny = numberWith({ timezone: 'America/New_York', weekly: { ...workweek('09:00', '17:00'), sun: [{ start: '20:00', end: '24:00' }] } });
    expect(
      statesAt(ny, [
        '2026-01-12T13:59:59Z',
        '2026-01-12T14:00:00Z',
        '2026-01-12T21:59:59Z',
        '2026-01-12T22:00:00Z',
        '2026-07-13T12:59:59Z',
        '2026-07-13T13:00:00Z',
        '2026-07-13T20:59:59Z',
        '2026-07-13T21:00:00Z',
        // Monday 03:00 UTC is Sunday 22:00 in New York: Sunday's evening interval applies.
        '2026-01-12T03:00:00Z',
        '2026-01-12T04:59:59Z',
        '2026-01-12T05:00:00Z',
      ]),
    ).toEqual([
      ['2026-01-12T13:59:59Z', 'closed', 'voicemail'],
      ['2026-01-12T14:00:00Z', 'open', 'queue'],
      ['2026-01-12T21:59:59Z', 'open', 'queue'],
      ['2026-01-12T22:00:00Z', 'closed', 'voicemail'],
      ['2026-07-13T12:59:59Z', 'closed', 'voicemail'],
      ['2026-07-13T13:00:00Z', 'open', 'queue'],
      ['2026-07-13T20:59:59Z', 'open', 'queue'],
      ['2026-07-13T21:00:00Z', 'closed', 'voicemail'],
      ['2026-01-12T03:00:00Z', 'open', 'queue'],
      ['2026-01-12T04:59:59Z', 'open', 'queue'], // Sunday 23:59:59
      ['2026-01-12T05:00:00Z', 'closed', 'voicemail'], // Monday 00:00: 24:00 is exclusive
    ]);
  });

  it('spring forward (8 March 2026, 02:00 EST → 03:00 EDT) skips 02:00–03:00; fall back (1 November 2026) repeats 01:00–02:00', () => {
    const skipped = numberWith({ timezone: 'America/New_York', weekly: { sun: [{ start: '02:00', end: '03:00' }] } });
    // Local Sunday 8 March: 05:00Z to 2026-03-09T04:00Z (23 hours).
    expect(openMinutes(skipped, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(0);
    const repeated = numberWith({ timezone: 'America/New_York', weekly: { sun: [{ start: '01:00', end: '02:00' }] } });
    expect(statesAt(repeated, ['2026-11-01T04:59:59Z', '2026-11-01T05:00:00Z', '2026-11-01T06:30:00Z', '2026-11-01T07:00:00Z'])).toEqual([
      ['2026-11-01T04:59:59Z', 'closed', 'voicemail'], // 00:59:59 EDT
      ['2026-11-01T05:00:00Z', 'open', 'queue'], // 01:00 EDT
      ['2026-11-01T06:30:00Z', 'open', 'queue'], // 01:30 EST (second time)
      ['2026-11-01T07:00:00Z', 'closed', 'voicemail'], // 02:00 EST
    ]);
    // Local Sunday 1 November: 04:00Z to 2026-11-02T05:00Z (25 hours).
    expect(openMinutes(repeated, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(120);
  });
});

describe('resolveRoute: Asia/Kolkata (+05:30, no DST)', () => {
  const holidays: Holiday[] = [
    { date: '2026-01-26', name: 'Republic Day', recurring: true },
    { date: '2026-08-15', name: 'Independence Day (2026 only)', recurring: false },
  ];
  const kolkata = numberWith({ timezone: 'Asia/Kolkata', weekly: workweek('09:30', '18:00'), holidays });

  it('opens at 09:30 and closes at 18:00 on the half-hour offset', () => {
    expect(statesAt(kolkata, ['2026-01-12T03:59:59Z', '2026-01-12T04:00:00Z', '2026-01-12T12:29:59Z', '2026-01-12T12:30:00Z'])).toEqual([
      ['2026-01-12T03:59:59Z', 'closed', 'voicemail'],
      ['2026-01-12T04:00:00Z', 'open', 'queue'],
      ['2026-01-12T12:29:59Z', 'open', 'queue'],
      ['2026-01-12T12:30:00Z', 'closed', 'voicemail'],
    ]);
  });

  it('a recurring holiday closes the whole local day every year; a one-year holiday only its year', () => {
    expect(
      statesAt(kolkata, [
        '2026-01-25T18:29:59Z', // Sunday 25 January 23:59:59 local
        '2026-01-25T18:30:00Z', // Monday 26 January 00:00 local
        '2026-01-26T06:00:00Z', // Monday 11:30 local, inside weekly hours
        '2026-01-26T18:29:59Z', // 23:59:59 local
        '2026-01-26T18:30:00Z', // Tuesday 27 January 00:00
        '2026-01-27T06:00:00Z',
        '2027-01-26T06:00:00Z', // a Tuesday, next year
        '2028-01-26T06:00:00Z', // a Wednesday
      ]),
    ).toEqual([
      ['2026-01-25T18:29:59Z', 'closed', 'voicemail'],
      ['2026-01-25T18:30:00Z', 'holiday', 'voicemail'],
      ['2026-01-26T06:00:00Z', 'holiday', 'voicemail'],
      ['2026-01-26T18:29:59Z', 'holiday', 'voicemail'],
      ['2026-01-26T18:30:00Z', 'closed', 'voicemail'],
      ['2026-01-27T06:00:00Z', 'open', 'queue'],
      ['2027-01-26T06:00:00Z', 'holiday', 'voicemail'],
      ['2028-01-26T06:00:00Z', 'holiday', 'voicemail'],
    ]);
    expect(resolveRoute(kolkata, new Date('2026-01-26T06:00:00Z')).reason).toBe('Holiday: Republic Day (Monday 2026-01-26 11:30 in Asia/Kolkata)');
    // 15 August 2026 is a Saturday; 2029-08-15 is a Wednesday and not a holiday then.
    expect(resolveRoute(kolkata, new Date('2026-08-15T06:00:00Z')).state).toBe('holiday');
    expect(resolveRoute(kolkata, new Date('2029-08-15T06:00:00Z')).state).toBe('open');
  });
});

describe('resolveRoute: Australia/Lord_Howe (+10:30, +11:00 in DST: a 30-minute change)', () => {
  it('opens at 09:00 local on both offsets', () => {
    const n = numberWith({ timezone: 'Australia/Lord_Howe', weekly: workweek('09:00', '17:00') });
    expect(
      statesAt(n, [
        '2026-07-05T22:29:59Z',
        '2026-07-05T22:30:00Z',
        '2026-10-04T21:59:59Z',
        '2026-10-04T22:00:00Z',
        '2026-10-05T05:59:59Z',
        '2026-10-05T06:00:00Z',
      ]),
    ).toEqual([
      ['2026-07-05T22:29:59Z', 'closed', 'voicemail'], // Monday 6 July 08:59:59 (+10:30)
      ['2026-07-05T22:30:00Z', 'open', 'queue'], // 09:00
      ['2026-10-04T21:59:59Z', 'closed', 'voicemail'], // Monday 5 October 08:59:59 (+11)
      ['2026-10-04T22:00:00Z', 'open', 'queue'],
      ['2026-10-05T05:59:59Z', 'open', 'queue'], // 16:59:59
      ['2026-10-05T06:00:00Z', 'closed', 'voicemail'],
    ]);
  });

  it('spring forward (4 October 2026, 02:00 → 02:30) skips half an hour; fall back (5 April 2026, 02:00 → 01:30) repeats one', () => {
    const skipped = numberWith({ timezone: 'Australia/Lord_Howe', weekly: { sun: [{ start: '02:00', end: '02:30' }] } });
    expect(statesAt(skipped, ['2026-10-03T15:29:59Z', '2026-10-03T15:30:00Z'])).toEqual([
      ['2026-10-03T15:29:59Z', 'closed', 'voicemail'], // 01:59:59 +10:30
      ['2026-10-03T15:30:00Z', 'closed', 'voicemail'], // 02:30 +11
    ]);
    expect(localTimeAt('Australia/Lord_Howe', new Date('2026-10-03T15:30:00Z')).time).toBe('02:30:00');
    // Local Sunday 4 October: 2026-10-03T13:30Z to 2026-10-04T13:00Z (23.5 hours).
    expect(openMinutes(skipped, '2026-10-03T13:30:00Z', '2026-10-04T13:00:00Z')).toBe(0);

    const repeated = numberWith({ timezone: 'Australia/Lord_Howe', weekly: { sun: [{ start: '01:30', end: '02:00' }] } });
    expect(
      statesAt(repeated, ['2026-04-04T14:29:59Z', '2026-04-04T14:30:00Z', '2026-04-04T15:00:00Z', '2026-04-04T15:29:59Z', '2026-04-04T15:30:00Z']),
    ).toEqual([
      ['2026-04-04T14:29:59Z', 'closed', 'voicemail'], // 01:29:59 +11
      ['2026-04-04T14:30:00Z', 'open', 'queue'], // 01:30 +11
      ['2026-04-04T15:00:00Z', 'open', 'queue'], // 01:30 +10:30, again
      ['2026-04-04T15:29:59Z', 'open', 'queue'],
      ['2026-04-04T15:30:00Z', 'closed', 'voicemail'], // 02:00 +10:30
    ]);
    // Local Sunday 5 April: 2026-04-04T13:00Z to 2026-04-05T13:30Z (24.5 hours).
    expect(openMinutes(repeated, '2026-04-04T13:00:00Z', '2026-04-05T13:30:00Z')).toBe(60);
  });
});

describe('resolveRoute: UTC', () => {
  it('an interval ending at 24:00 stays open to midnight and hands over to the next day', () => {
    const n = numberWith({ timezone: 'UTC', weekly: { fri: [{ start: '18:00', end: '24:00' }], sat: [{ start: '00:00', end: '02:00' }] } });
    expect(
      statesAt(n, [
        '2026-01-16T17:59:59Z',
        '2026-01-16T18:00:00Z',
        '2026-01-16T23:59:59Z',
        '2026-01-17T00:00:00Z',
        '2026-01-17T01:59:59Z',
        '2026-01-17T02:00:00Z',
      ]),
    ).toEqual([
      ['2026-01-16T17:59:59Z', 'closed', 'voicemail'],
      ['2026-01-16T18:00:00Z', 'open', 'queue'],
      ['2026-01-16T23:59:59Z', 'open', 'queue'],
      ['2026-01-17T00:00:00Z', 'open', 'queue'],
      ['2026-01-17T01:59:59Z', 'open', 'queue'],
      ['2026-01-17T02:00:00Z', 'closed', 'voicemail'],
    ]);
    expect(localTimeAt('UTC', new Date('2026-01-17T00:00:00Z'))).toEqual({ date: '2026-01-17', weekday: 'sat', time: '00:00:00', seconds: 0 });
  });

  it('several intervals a day (a lunch break); a closure beats a holiday, a holiday beats open hours', () => {
    const n = numberWith({
      timezone: 'UTC',
      weekly: {
        mon: [
          { start: '13:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
      holidays: [{ date: '2026-01-19', name: 'Founders day', recurring: false }],
      closures: [{ starts_at: '2026-01-19T10:00:00.000Z', ends_at: '2026-01-19T11:00:00.000Z', reason: null }],
    });
    expect(
      statesAt(n, [
        '2026-01-12T08:59:59Z',
        '2026-01-12T09:00:00Z',
        '2026-01-12T12:00:00Z',
        '2026-01-12T13:00:00Z',
        '2026-01-19T09:30:00Z',
        '2026-01-19T10:30:00Z',
      ]),
    ).toEqual([
      ['2026-01-12T08:59:59Z', 'closed', 'voicemail'],
      ['2026-01-12T09:00:00Z', 'open', 'queue'],
      ['2026-01-12T12:00:00Z', 'closed', 'voicemail'],
      ['2026-01-12T13:00:00Z', 'open', 'queue'],
      ['2026-01-19T09:30:00Z', 'holiday', 'voicemail'],
      ['2026-01-19T10:30:00Z', 'closure', 'voicemail'],
    ]);
    expect(resolveRoute(n, new Date('2026-01-19T10:30:00Z')).reason).toBe('Closure (until 2026-01-19T11:00:00.000Z)');
  });

  it('29 February as a recurring holiday falls only in leap years', () => {
    const n = numberWith({ timezone: 'UTC', weekly: allWeek('00:00', '24:00'), holidays: [{ date: '2028-02-29', name: 'Leap day', recurring: true }] });
    expect(statesAt(n, ['2032-02-29T12:00:00Z', '2027-02-28T12:00:00Z', '2027-03-01T12:00:00Z'])).toEqual([
      ['2032-02-29T12:00:00Z', 'holiday', 'voicemail'],
      ['2027-02-28T12:00:00Z', 'open', 'queue'],
      ['2027-03-01T12:00:00Z', 'open', 'queue'],
    ]);
  });

  it('without a closed destination, closed times, holidays and closures hang up (the state still says which)', () => {
    const n = numberWith(
      {
        timezone: 'UTC',
        weekly: workweek('09:00', '17:00'),
        holidays: [{ date: '2026-12-25', name: 'Christmas Day', recurring: true }],
        closures: [{ starts_at: '2026-01-13T10:00:00.000Z', ends_at: '2026-01-13T12:00:00.000Z', reason: 'Fire drill' }],
      },
      null,
    );
    expect(resolveRoute(n, new Date('2026-01-12T10:00:00Z'))).toMatchObject({ destination: OPEN, state: 'open' });
    expect(resolveRoute(n, new Date('2026-01-12T18:00:00Z'))).toEqual({
      destination: HANGUP,
      state: 'closed',
      reason: 'Closed: outside opening hours (Monday 2026-01-12 18:00 in UTC); no closed destination: hang up',
    });
    expect(resolveRoute(n, new Date('2026-12-25T10:00:00Z'))).toMatchObject({ destination: HANGUP, state: 'holiday' });
    expect(resolveRoute(n, new Date('2026-01-13T11:00:00Z'))).toMatchObject({ destination: HANGUP, state: 'closure' });
  });
});

describe("resolveRoute: the schedule's time zone decides, not the tenant's", () => {
  it('the same hours in two zones answer differently at the same instant', () => {
    // Think of a tenant set to Europe/Berlin whose US line follows a New York schedule.
    const hours = workweek('09:00', '17:00');
    const berlinLine = numberWith({ timezone: 'Europe/Berlin', weekly: hours });
    const usLine = numberWith({ timezone: 'America/New_York', weekly: hours });
    // Monday 12 January 2026 15:00Z: 16:00 in Berlin (open), 10:00 in New York (open);
    // 17:00Z: 18:00 in Berlin (closed), 12:00 in New York (open); 08:30Z: 09:30 Berlin, 03:30 New York.
    expect([15, 17].map((h) => resolveRoute(berlinLine, new Date(`2026-01-12T${h}:00:00Z`)).state)).toEqual(['open', 'closed']);
    expect([15, 17].map((h) => resolveRoute(usLine, new Date(`2026-01-12T${h}:00:00Z`)).state)).toEqual(['open', 'open']);
    expect(resolveRoute(berlinLine, new Date('2026-01-12T08:30:00Z')).state).toBe('open');
    expect(resolveRoute(usLine, new Date('2026-01-12T08:30:00Z')).state).toBe('closed');
  });
});

describe('scheduleStateAt (the calendar the helpdesk is to share)', () => {
  it("evaluates a tenant's business_hours shape (days left out are closed, no holidays or closures)", () => {
    const businessHours = { timezone: 'Europe/Berlin', weekly: { mon: [{ start: '09:00', end: '17:00' }] } };
    expect(scheduleStateAt(businessHours, new Date('2026-01-12T08:00:00Z')).state).toBe('open');
    expect(scheduleStateAt(businessHours, new Date('2026-01-13T08:00:00Z')).state).toBe('closed');
  });

  it('rejects an unknown zone instead of falling back to UTC', () => {
    expect(() => scheduleStateAt({ timezone: 'Mars/Olympus_Mons', weekly: {} }, new Date())).toThrow(RangeError);
  });

  it('reads midnight as 00, never 24', () => {
    expect(localTimeAt('Asia/Kolkata', new Date('2026-01-11T18:30:00Z'))).toEqual({ date: '2026-01-12', weekday: 'mon', time: '00:00:00', seconds: 0 });
  });
});
