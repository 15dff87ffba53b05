/**
 * In-app notices: every toast the console raises is also kept (in memory, newest first)
 * for the bell in the top bar.
 */
import { notifications } from '@mantine/notifications';
import { useSyncExternalStore } from 'react';
import { errorMessage, errorTitle } from './errors';

export type NoticeKind = 'success' | 'error' | 'info' | 'warning';

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  message?: string;
  at: Date;
  read: boolean;
}

const MAX = 50;
let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

const COLORS: Record<NoticeKind, string> = { success: 'teal', error: 'red', info: 'blue', warning: 'yellow' };

export function notify(kind: NoticeKind, title: string, message?: string): void {
  notices = [{ id: nextId++, kind, title, message, at: new Date(), read: false }, ...notices].slice(0, MAX);
  emit();
  notifications.show({ title, message: message ?? '', color: COLORS[kind], autoClose: kind === 'error' ? 8000 : 4000 });
}

export const notifySuccess = (title: string, message?: string) => notify('success', title, message);
export const notifyInfo = (title: string, message?: string) => notify('info', title, message);
export const notifyError = (err: unknown, title?: string) => notify('error', title ?? errorTitle(err), errorMessage(err));

export function markAllRead(): void {
  if (!notices.some((n) => !n.read)) return;
  notices = notices.map((n) => ({ ...n, read: true }));
  emit();
}

export function clearNotices(): void {
  notices = [];
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(subscribe, () => notices);
}
