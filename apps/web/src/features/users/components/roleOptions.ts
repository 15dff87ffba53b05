import { TENANT_ROLES, USER_STATUSES } from '@switchboard/shared';
import { humanize } from '../../../lib/format';

export const ROLE_OPTIONS = TENANT_ROLES.map((r) => ({ value: r, label: humanize(r) }));
export const STATUS_OPTIONS = USER_STATUSES.map((s) => ({ value: s, label: humanize(s) }));
export const ROLE_COLORS: Record<string, string> = { tenant_admin: 'grape', supervisor: 'blue', agent: 'teal', viewer: 'gray' };
