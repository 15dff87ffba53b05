/**
 * A small ARI simulator for tests: a Fastify server on 127.0.0.1 speaking the REST shapes of
 * Asterisk 22 for the operations the server uses (endpoint state, module reload, info), with
 * HTTP Basic auth checked like Asterisk does.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AriEndpoint } from './client.js';

export interface AriSimulator {
  /** Base URL (without `/ari`), as ASTERISK_ARI_URL. */
  url: string;
  user: string;
  password: string;
  /** Set (or with `null`, remove) what Asterisk reports for PJSIP/{resource}. */
  setEndpoint(resource: string, state: AriEndpoint['state'] | null, channelIds?: string[]): void;
  /** Module names reloaded, in order. */
  reloads: string[];
  /** Delay every answer by this many milliseconds (to test timeouts). */
  delayMs: number;
  /** When true every request gets a 500 (Asterisk failing). */
  failing: boolean;
  /** When true every connection is dropped without an answer (Asterisk down mid-request). */
  dropping: boolean;
  /** Called (and awaited) on each module reload before answering. */
  onReload?: (name: string) => void | Promise<void>;
  close(): Promise<void>;
}

const MODULES = new Set(['res_pjsip.so', 'res_pjsip_outbound_registration.so', 'res_pjsip_endpoint_identifier_ip.so', 'app_queue.so']);

export async function startAriSimulator(opts: { user?: string; password?: string } = {}): Promise<AriSimulator> {
  const user = opts.user ?? 'switchboard';
  const password = opts.password ?? 'ari-simulator-secret';
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const endpoints = new Map<string, AriEndpoint>();
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const sim: AriSimulator = {
    url: '',
    user,
    password,
    reloads: [],
    delayMs: 0,
    failing: false,
    dropping: false,
    setEndpoint(resource, state, channelIds = []) {
      if (state === null) endpoints.delete(resource);
      else endpoints.set(resource, { technology: 'PJSIP', resource, state, channel_ids: channelIds });
    },
    close: () => app.close(),
  };

  app.addHook('onRequest', async (req, reply) => {
    if (sim.dropping) {
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (sim.delayMs) await new Promise((r) => setTimeout(r, sim.delayMs));
    if (req.headers.authorization !== expected) return reply.status(401).send({ message: 'Authentication required' });
    if (sim.failing) return reply.status(500).send({ message: 'Internal Server Error' });
  });

  app.get('/ari/asterisk/info', async () => ({
    build: { os: 'Linux', kernel: '6.1.0', options: '', machine: 'x86_64', date: '2026-11-01 00:00:00 UTC', user: 'root' },
    system: { version: '22.11.0', entity_id: '02:fc:00:00:00:01' },
    config: { name: 'switchboard-sim', default_language: 'en', setid: { user: 'asterisk', group: 'asterisk' } },
    status: { startup_time: '2026-11-22T02:00:00.000+0000', last_reload_time: '2026-11-22T02:00:00.000+0000' },
  }));

  app.get<{ Params: { tech: string; resource: string } }>('/ari/endpoints/:tech/:resource', async (req, reply) => {
    const { tech, resource } = req.params;
    const ep = tech.toUpperCase() === 'PJSIP' ? endpoints.get(resource) : undefined;
    if (!ep) return reply.status(404).send({ message: 'Endpoint not found' });
    return ep;
  });

  app.put<{ Params: { name: string } }>('/ari/asterisk/modules/:name', async (req, reply) => {
    if (!MODULES.has(req.params.name)) return reply.status(404).send({ message: 'Module not found in running modules' });
    sim.reloads.push(req.params.name);
    await sim.onReload?.(req.params.name);
    return reply.status(204).send();
  });

  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  sim.url = address;
  return sim;
}
