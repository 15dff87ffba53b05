import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/index.js';

/**
 * Prometheus metrics at GET /metrics: request latency by route, database pool, and Node's
 * defaults (event-loop lag, heap, GC). One registry per app instance.
 */
export function registerMetrics(app: FastifyInstance, dbh: Db): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state', 'dialect'],
    registers: [register],
    collect() {
      const s = dbh.poolStats();
      this.set({ state: 'used', dialect: dbh.dialect }, s.used);
      this.set({ state: 'idle', dialect: dbh.dialect }, s.idle);
      this.set({ state: 'waiting', dialect: dbh.dialect }, s.waiting);
    },
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    latency.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type(register.contentType).send(await register.metrics()),
  );
  return register;
}
