import { NUMBER_STATUSES } from '@switchboard/shared';
import { humanize } from '../../../lib/format';

export const STATUS_OPTIONS = NUMBER_STATUSES.map((s) => ({ value: s, label: humanize(s) }));
export const STATUS_COLORS: Record<string, string> = { active: 'teal', inactive: 'gray', pending: 'yellow' };
