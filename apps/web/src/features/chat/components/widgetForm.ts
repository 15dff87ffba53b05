import {
  DEFAULT_OFFER_TIMEOUT_SECONDS,
  DEFAULT_WIDGET_APPEARANCE,
  DEFAULT_WIDGET_BEHAVIOUR,
  type PrechatField,
  type Widget,
  type WidgetAppearance,
  type WidgetBehaviour,
} from '@switchboard/shared';

/** The editor's values: shaped like the create/update body so validation errors land on the fields. */
export interface WidgetFormValues {
  name: string;
  enabled: boolean;
  locale: string;
  appearance: Omit<WidgetAppearance, 'welcome_message' | 'avatar_url'> & { welcome_message: string; avatar_url: string };
  behaviour: Omit<WidgetBehaviour, 'prechat_fields'> & { prechat_fields: Array<PrechatField & { options: string[] }> };
  default_team_id: string | null;
  default_assignee_id: string | null;
  auto_assign: boolean;
  strategy: Widget['strategy'];
  required_skills: string[];
  offer_timeout_seconds: number | string;
  schedule_id: string | null;
  offline_message: string;
  allowed_domains: string[];
  ip_allowlist: string[];
}

export const LOCALE_OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
];

export const STRATEGY_OPTIONS = [
  { value: 'least_busy', label: 'Least busy agent' },
  { value: 'round_robin', label: 'Round robin' },
  { value: 'team', label: 'Default team only' },
  { value: 'skills', label: 'Agents with the required skills' },
];

export function toFormValues(w: Widget | null): WidgetFormValues {
  const a = w?.appearance ?? DEFAULT_WIDGET_APPEARANCE;
  const b = w?.behaviour ?? DEFAULT_WIDGET_BEHAVIOUR;
  return {
    name: w?.name ?? '',
    enabled: w?.enabled ?? true,
    locale: w?.locale ?? 'en',
    appearance: { ...a, welcome_message: a.welcome_message ?? '', avatar_url: a.avatar_url ?? '' },
    behaviour: { ...b, prechat_fields: b.prechat_fields.map((f) => ({ ...f, options: f.options ?? [] })) },
    default_team_id: w?.default_team_id ?? null,
    default_assignee_id: w?.default_assignee_id ?? null,
    auto_assign: w?.auto_assign ?? true,
    strategy: w?.strategy ?? 'least_busy',
    required_skills: w?.required_skills ?? [],
    offer_timeout_seconds: w?.offer_timeout_seconds ?? DEFAULT_OFFER_TIMEOUT_SECONDS,
    schedule_id: w?.schedule_id ?? null,
    offline_message: w?.offline_message ?? '',
    allowed_domains: w?.allowed_domains ?? [],
    ip_allowlist: w?.ip_allowlist ?? [],
  };
}

const blank = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body (create and update take the same fields). */
export function toBody(v: WidgetFormValues) {
  return {
    name: v.name,
    enabled: v.enabled,
    locale: v.locale,
    appearance: { ...v.appearance, welcome_message: blank(v.appearance.welcome_message), avatar_url: blank(v.appearance.avatar_url) },
    behaviour: {
      ...v.behaviour,
      prechat_fields: v.behaviour.prechat_fields.map(({ options, ...f }) => (f.type === 'select' ? { ...f, options } : f)),
    },
    default_team_id: v.default_team_id,
    default_assignee_id: v.default_assignee_id,
    auto_assign: v.auto_assign,
    strategy: v.strategy,
    required_skills: v.required_skills,
    offer_timeout_seconds: v.offer_timeout_seconds === '' ? DEFAULT_OFFER_TIMEOUT_SECONDS : Number(v.offer_timeout_seconds),
    schedule_id: v.schedule_id,
    offline_message: blank(v.offline_message),
    allowed_domains: v.allowed_domains,
    ip_allowlist: v.ip_allowlist,
  };
}
