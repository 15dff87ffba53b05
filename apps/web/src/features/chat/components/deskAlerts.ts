/**
 * Desk alerts: a short sound and a desktop notification (Notification API) when a chat arrives for
 * the agent (assigned, offered, transferred to them), and a notification for a visitor message
 * while the console tab is in the background.
 */

let audio: AudioContext | null = null;

/** A short two-tone chime made with Web Audio (no sound file to ship). Silently nothing where audio is blocked. */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume();
    const t = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + i * 0.12);
      osc.stop(t + i * 0.12 + 0.2);
    }
  } catch {
    // No audio in this browser (or blocked until the user interacts): the visual alert remains.
  }
}

export const notificationsSupported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Asks for the desktop notification permission once (browsers allow it only from a user action). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Shows a desktop notification when allowed; a click focuses the console and runs `onClick`. */
export function desktopNotify(title: string, body: string, tag: string, onClick?: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker (Android Chrome): skip.
  }
}
