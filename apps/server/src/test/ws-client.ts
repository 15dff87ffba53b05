import WebSocket from 'ws';

/** A message the server sent, parsed. */
export type WsMessage = { op: string; [k: string]: unknown };

/** A WebSocket test client that queues what arrives and lets a test wait for a matching message. */
export interface TestSocket {
  ws: WebSocket;
  /** Every message received so far, in order. */
  received: WsMessage[];
  send(m: unknown): void;
  /** The next not-yet-taken message matching `pred` (waits up to `ms`). */
  next(pred?: (m: WsMessage) => boolean, ms?: number): Promise<WsMessage>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** Open a socket to `url` (ws://…) and wait until it is open (`opts.headers`: e.g. Origin, X-Forwarded-For). */
export async function openSocket(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, opts);
  const received: WsMessage[] = [];
  let taken = 0;
  const waiters: (() => void)[] = [];
  ws.on('message', (raw) => {
    received.push(JSON.parse(String(raw)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const consumed = new Set<number>();
  return {
    ws,
    received,
    closed,
    send: (m) => ws.send(JSON.stringify(m)),
    close: () => ws.close(),
    async next(pred = () => true, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        for (let i = taken; i < received.length; i++) {
          if (!consumed.has(i) && pred(received[i])) {
            consumed.add(i);
            while (consumed.has(taken)) taken++;
            return received[i];
          }
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(received.slice(taken))}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
  };
}
