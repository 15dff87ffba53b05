/**
 * The widget's connection to Switchboard: REST calls (public config, session creation, files,
 * rating, offline form) and the visitor WebSocket, which authenticates with its first message,
 * resumes after the last message seq it saw, and reconnects with exponential backoff and jitter.
 */
import type * as C from './contract';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Api {
  token: string | null = null;
  constructor(
    readonly origin: string,
    readonly key: string,
  ) {}

  async req<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers['x-visitor-token'] = this.token;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.origin}/api/v1${path}`, { method, headers, body: payload, credentials: 'omit', mode: 'cors' });
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (!res.ok) throw new HttpError(res.status, json.code ?? `http_${res.status}`, json.detail ?? json.title ?? res.statusText);
    return json.data as T;
  }

  config(): Promise<C.PublicWidgetConfig> {
    return this.req('GET', `/chat/public/widgets/${encodeURIComponent(this.key)}`);
  }
  start(body: C.StartBody): Promise<{ token: string; session: C.VisitorSession }> {
    return this.req('POST', `/chat/public/widgets/${encodeURIComponent(this.key)}/sessions`, body);
  }
  offline(body: C.OfflineBody): Promise<{ reference: string }> {
    return this.req('POST', `/chat/public/widgets/${encodeURIComponent(this.key)}/offline`, body);
  }
  /** Sends a file as a message of the session (the server stores it and sends the message to both sides). */
  upload(file: File, clientId: string): Promise<unknown> {
    const fd = new FormData();
    fd.append('client_id', clientId);
    fd.append('file', file, file.name);
    return this.req('POST', '/chat/public/session/files', fd);
  }
  rate(rating: number, comment: string): Promise<unknown> {
    return this.req('POST', '/chat/public/session/rating', { rating, comment: comment || undefined });
  }
  /** A file of the session as a blob URL (an <img src> cannot send the token). */
  async blobUrl(att: C.Attachment): Promise<string> {
    const res = await fetch(`${this.origin}/api/v1/chat/public/session/files/${encodeURIComponent(att.id)}`, {
      headers: { 'x-visitor-token': this.token ?? '' },
      credentials: 'omit',
    });
    if (!res.ok) throw new HttpError(res.status, `http_${res.status}`, res.statusText);
    return URL.createObjectURL(await res.blob());
  }
}

export type SocketStatus = 'connecting' | 'live' | 'offline' | 'closed';

/** The visitor's socket. `after` is read at every (re)connect so a resume starts at the last seq. */
export class VisitorSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private ping: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly url: string,
    private readonly token: () => string | null,
    private readonly after: () => number,
    private readonly onMessage: (m: C.ServerMessage) => void,
    private readonly onStatus: (s: SocketStatus) => void,
  ) {}

  connect(): void {
    this.stopped = false;
    clearTimeout(this.timer);
    const token = this.token();
    if (!token) return;
    this.onStatus('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ op: 'auth', token, after: this.after() }));
    ws.onmessage = (ev) => {
      let m: C.ServerMessage;
      try {
        m = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (m.op === 'ready') {
        this.attempt = 0;
        this.onStatus('live');
        clearInterval(this.ping);
        // Keeps proxies from closing an idle socket.
        this.ping = setInterval(() => this.send({ op: 'ping' }), 25_000);
      }
      this.onMessage(m);
    };
    ws.onclose = (ev) => {
      clearInterval(this.ping);
      if (this.ws !== ws) return;
      this.ws = null;
      // 4001: the token no longer opens this session; 4003: this page or address may not chat; 4400: a bug. Retrying cannot help.
      if (this.stopped || ev.code === 4001 || ev.code === 4003 || ev.code === 4400) {
        this.onStatus('closed');
        if (!this.stopped) this.onMessage({ op: 'error', code: ev.code, message: ev.reason });
        return;
      }
      this.retry();
    };
  }

  private retry(): void {
    this.onStatus('offline');
    // 1 s, 2 s, 4 s … 30 s, with jitter so a restarted server is not hit by every visitor at once.
    const delay = Math.min(30_000, 1000 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  get live(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(m: C.ClientMessage): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(m));
    return true;
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ping);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }
}
