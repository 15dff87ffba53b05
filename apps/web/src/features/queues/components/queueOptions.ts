import { ANNOUNCE_POSITIONS, QUEUE_EMPTY_RULES, QUEUE_STRATEGIES, type QueueStrategy } from '@switchboard/shared';

export const STRATEGY_LABELS: Record<QueueStrategy, string> = {
  ringall: 'Ring all',
  leastrecent: 'Least recently called',
  fewestcalls: 'Fewest calls',
  random: 'Random',
  rrmemory: 'Round robin (remembers)',
  rrordered: 'Round robin (in order)',
  linear: 'Linear (always in order)',
  wrandom: 'Weighted random (penalty)',
};
export const STRATEGY_OPTIONS = QUEUE_STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABELS[s] }));

const JOIN_LABELS: Record<(typeof QUEUE_EMPTY_RULES)[number], string> = {
  yes: 'Always join',
  no: 'Not when nobody can answer',
  strict: 'Strict (paused/unavailable count as absent)',
  loose: 'Loose (only invalid members count as absent)',
};
const LEAVE_LABELS: Record<(typeof QUEUE_EMPTY_RULES)[number], string> = {
  no: 'Never leave',
  yes: 'Leave when nobody can answer',
  strict: 'Strict (paused/unavailable count as absent)',
  loose: 'Loose (only invalid members count as absent)',
};
export const JOIN_OPTIONS = QUEUE_EMPTY_RULES.map((r) => ({ value: r, label: JOIN_LABELS[r] }));
export const LEAVE_OPTIONS = QUEUE_EMPTY_RULES.map((r) => ({ value: r, label: LEAVE_LABELS[r] }));

const POSITION_LABELS: Record<(typeof ANNOUNCE_POSITIONS)[number], string> = {
  no: 'No',
  yes: 'Yes',
  more: 'Only "more than N"',
  limit: 'Only up to N',
};
export const POSITION_OPTIONS = ANNOUNCE_POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p] }));
