import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SocketStatus, VisitorSocket } from './client';

/** A stand-in for the browser's WebSocket: records what the widget sends and lets the test play the server. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  // Server side:
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  serverSends(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: 'gone' });
  }
}

describe('visitor socket', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    // No jitter: the delays are exactly 1 s, 2 s, 4 s …
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('authenticates first, reconnects with exponential backoff and resumes after the last seq it has', () => {
    let lastSeq = 0;
    const statuses: SocketStatus[] = [];
    const got: unknown[] = [];
    const s = new VisitorSocket('ws://x/api/v1/chat/visitor/ws', () => 'token-1', () => lastSeq, (m) => got.push(m), (st) => statuses.push(st));
    s.connect();
    const first = FakeSocket.all[0];
    first.open();
    expect(first.sent).toEqual([{ op: 'auth', token: 'token-1', after: 0 }]);
    first.serverSends({ op: 'ready', session: { id: 's' } });
    first.serverSends({ op: 'message', message: { seq: 1 } });
    expect(statuses).toEqual(['connecting', 'live']);
    expect(got).toHaveLength(2);
    lastSeq = 7;

    // The connection drops: 1 s, then (failing again before ready) 2 s, then 4 s.
    first.drop();
    expect(statuses.at(-1)).toBe('offline');
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].drop();
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2].drop();
    vi.advanceTimersByTime(4000);
    const fourth = FakeSocket.all[3];
    fourth.open();
    // The resume starts after the last message the widget has.
    expect(fourth.sent).toEqual([{ op: 'auth', token: 'token-1', after: 7 }]);
    fourth.serverSends({ op: 'ready', session: { id: 's' } });
    expect(statuses.at(-1)).toBe('live');

    // A successful `ready` resets the backoff.
    fourth.drop();
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(5);
    s.close();
  });

  it('never waits longer than 30 s between attempts', () => {
    const s = new VisitorSocket('ws://x', () => 't', () => 0, () => {}, () => {});
    s.connect();
    for (let i = 0; i < 8; i++) {
      FakeSocket.all.at(-1)?.drop();
      vi.advanceTimersByTime(30_000);
    }
    expect(FakeSocket.all).toHaveLength(9);
    s.close();
  });

  it('gives up on a refused token or page instead of retrying, and reports it', () => {
    const got: Array<{ op: string; code?: unknown }> = [];
    const statuses: SocketStatus[] = [];
    const s = new VisitorSocket('ws://x', () => 't', () => 0, (m) => got.push(m as { op: string }), (st) => statuses.push(st));
    s.connect();
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop(4001);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(statuses.at(-1)).toBe('closed');
    expect(got).toEqual([{ op: 'error', code: 4001, message: 'gone' }]);
  });

  it('sends nothing while disconnected (the widget keeps the message and resends it after ready)', () => {
    const s = new VisitorSocket('ws://x', () => 't', () => 0, () => {}, () => {});
    s.connect();
    expect(s.send({ op: 'typing', typing: true })).toBe(false);
    FakeSocket.all[0].open();
    expect(s.send({ op: 'typing', typing: true })).toBe(true);
    s.close();
  });
});
