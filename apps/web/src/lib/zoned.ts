/**
 * Wall-clock times in an IANA time zone (a schedule's), for `<input type="datetime-local">` values
 * that mean "this time there" rather than "this time in the browser".
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Offset of `tz` from UTC at the instant `ms`, in milliseconds (e.g. +3 600 000 for Berlin in winter). */
function offsetAt(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** ISO instant → `YYYY-MM-DDTHH:MM` as the clock in `tz` shows it. */
export function isoToZonedInput(iso: string | null | undefined, tz: string): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + offsetAt(ms, tz));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * `YYYY-MM-DDTHH:MM` read on the clock of `tz` → ISO instant (null when empty or invalid). A time
 * skipped by a DST change resolves to the instant after the gap.
 */
export function zonedInputToIso(value: string | null | undefined, tz: string): string | null {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall)) return null;
  let guess = wall - offsetAt(wall, tz);
  // A second pass settles instants near a DST change, where the offset differs on either side.
  guess = wall - offsetAt(guess, tz);
  return new Date(guess).toISOString();
}

/** The browser's own time zone. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
