/**
 * Access and refresh tokens, kept in localStorage so a reload keeps the session.
 * Other tabs see changes through the `storage` event (see `subscribeTokens`).
 */
const ACCESS_KEY = 'switchboard.access_token';
const REFRESH_KEY = 'switchboard.refresh_token';

export interface TokenPairLike {
  access_token: string;
  refresh_token: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function getAccessToken(): string | null {
  return read(ACCESS_KEY);
}

export function getRefreshToken(): string | null {
  return read(REFRESH_KEY);
}

export function hasSession(): boolean {
  return Boolean(getAccessToken() || getRefreshToken());
}

export function setTokens(pair: TokenPairLike): void {
  localStorage.setItem(ACCESS_KEY, pair.access_token);
  localStorage.setItem(REFRESH_KEY, pair.refresh_token);
  for (const l of listeners) l();
}

export function clearTokens(): void {
  localStorage.removeItem(ACCESS_KEY);
  localStorage.removeItem(REFRESH_KEY);
  for (const l of listeners) l();
}

/** Called when the tokens change, in this tab or another one. */
export function subscribeTokens(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === ACCESS_KEY || e.key === REFRESH_KEY || e.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
