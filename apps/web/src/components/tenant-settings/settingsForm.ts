/**
 * Tenant settings as form values (shaped like the API body so server field errors such as
 * `settings.timezone` land on the right input), used by both the own-tenant Settings page and the
 * superadmin tenant editor.
 */
import type { TenantSettings } from '@switchboard/shared';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export const DAY_LABELS: Record<Day, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface SettingsValues {
  timezone: string;
  locale: string;
  business_hours: Record<Day, { start: string; end: string }[]>;
  branding: { primary_color: string; logo_url: string };
  ticket_prefix: string;
  extension_digits: number | string;
}

export function settingsToValues(s: Partial<TenantSettings> | undefined): SettingsValues {
  const hours = (s?.business_hours ?? {}) as Partial<Record<Day, { start: string; end: string }[]>>;
  return {
    timezone: s?.timezone ?? 'UTC',
    locale: s?.locale ?? 'en-US',
    business_hours: Object.fromEntries(DAYS.map((d) => [d, (hours[d] ?? []).map((i) => ({ start: i.start, end: i.end }))])) as SettingsValues['business_hours'],
    branding: { primary_color: s?.branding?.primary_color ?? '', logo_url: s?.branding?.logo_url ?? '' },
    ticket_prefix: s?.ticket_prefix ?? '',
    extension_digits: s?.extension_digits ?? 3,
  };
}

const blank = (v: string) => (v.trim() === '' ? null : v.trim());

export function valuesToSettings(v: SettingsValues) {
  return {
    timezone: v.timezone,
    locale: v.locale.trim(),
    business_hours: v.business_hours,
    branding: { primary_color: blank(v.branding.primary_color), logo_url: blank(v.branding.logo_url) },
    ticket_prefix: blank(v.ticket_prefix),
    extension_digits: typeof v.extension_digits === 'number' ? v.extension_digits : Number(v.extension_digits),
  };
}

let zones: string[] | null = null;
export function timeZones(current?: string): string[] {
  if (!zones) {
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
    }
    if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  }
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

export const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'pt-PT', 'pl-PL', 'sv-SE', 'ja-JP', 'zh-CN'];
