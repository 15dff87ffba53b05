/** How a schedule reads in one line, for lists and pickers (schedules and numbers pages). */
import { WEEKDAYS, type WeeklyHours, type Weekday } from '@switchboard/shared';

export const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const SHORT: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** `Mon–Fri 09:00–17:00 · Sat 10:00–14:00`, or `Closed every day`. */
export function weeklySummary(weekly: Partial<WeeklyHours>): string {
  const text = (d: Weekday) => (weekly[d] ?? []).map((i) => `${i.start}–${i.end}`).join(', ');
  const runs: { from: Weekday; to: Weekday; hours: string }[] = [];
  for (const d of WEEKDAYS) {
    const hours = text(d);
    const last = runs.at(-1);
    if (last && last.hours === hours && WEEKDAYS.indexOf(last.to) === WEEKDAYS.indexOf(d) - 1) last.to = d;
    else runs.push({ from: d, to: d, hours });
  }
  const open = runs.filter((r) => r.hours);
  if (open.length === 0) return 'Closed every day';
  return open.map((r) => `${r.from === r.to ? SHORT[r.from] : `${SHORT[r.from]}–${SHORT[r.to]}`} ${r.hours}`).join(' · ');
}
