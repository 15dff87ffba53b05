import { num } from '../db/index.js';

/** Offset of a 1-based page. */
export function offsetOf(q: { page: number; page_size: number }): number {
  return (q.page - 1) * q.page_size;
}

/** Builds the `meta` of a page list. */
export function pageMeta(q: { page: number; page_size: number }, total: unknown, nextCursor?: string | null) {
  return { page: q.page, page_size: q.page_size, total: num(total), ...(nextCursor !== undefined ? { next_cursor: nextCursor } : {}) };
}

/** `sort=-name` → ['name', 'desc']. */
export function parseSort<T extends string>(sort: string): [T, 'asc' | 'desc'] {
  return sort.startsWith('-') ? [sort.slice(1) as T, 'desc'] : [sort as T, 'asc'];
}

/** ISO-8601 UTC now, the one timestamp format we store. */
export function now(): string {
  return new Date().toISOString();
}
