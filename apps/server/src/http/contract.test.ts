import { describe, expect, it } from 'vitest';
import { type ApiResponse, client, describeEachDb, startApp } from '../test/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An RFC 9457 problem document with our stable fields. */
function expectProblem(r: ApiResponse, status: number, code?: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status });
  expect(typeof r.body.type).toBe('string');
  expect(r.body.type.length).toBeGreaterThan(0);
  expect(typeof r.body.title).toBe('string');
  expect(typeof r.body.code).toBe('string');
  expect(r.body.request_id).toBe(r.headers['x-request-id']);
  if (code) expect(r.body.code).toBe(code);
}

describeEachDb('HTTP contract', (ctx) => {
  describe('problem details (RFC 9457)', () => {
    it('answers an unknown route with a 404 problem', async () => {
      const { api, tokens } = ctx();
      expectProblem(await api('GET', '/api/v1/no-such-thing'), 404, 'not_found');
      expectProblem(await api('DELETE', '/api/v1/no-such-thing/123', { token: tokens.tenant_admin }), 404, 'not_found');
      expectProblem(await api('GET', '/definitely/not/here'), 404, 'not_found');
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const r = await ctx().api('POST', '/api/v1/auth/login', { body: '{"email": "a@b.c", "password": ', headers: { 'content-type': 'application/json' } });
      expectProblem(r, 400);
      expect(r.body.code).toMatch(/bad_request|validation_failed/);
    });

    it('answers a validation failure with field errors, and missing credentials with a 401 problem', async () => {
      const { api, tokens } = ctx();
      const bad = await api('POST', '/api/v1/contacts', { token: tokens.tenant_admin, body: { first_name: '' } });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('first_name');
      expectProblem(await api('GET', '/api/v1/contacts'), 401, 'unauthorized');
      expectProblem(await api('GET', '/api/v1/contacts', { token: 'not-a-jwt' }), 401, 'unauthorized');
      expectProblem(await api('GET', '/api/v1/tenants', { token: tokens.agent }), 403, 'forbidden');
    });
  });

  describe('request ids', () => {
    it('echoes a given x-request-id and generates a UUID when none (or a bad one) is given', async () => {
      const { api } = ctx();
      const given = await api('GET', '/healthz', { headers: { 'x-request-id': 'req-abc.123:xyz' } });
      expect(given.headers['x-request-id']).toBe('req-abc.123:xyz');
      const problem = await api('GET', '/api/v1/nope', { headers: { 'x-request-id': 'trace-42' } });
      expect(problem.headers['x-request-id']).toBe('trace-42');
      expect(problem.body.request_id).toBe('trace-42');

      const a = await api('GET', '/healthz');
      const b = await api('GET', '/healthz');
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
      // Header injection or absurd lengths are not echoed.
      for (const bad of ['has spaces in it', 'x'.repeat(101), '<script>']) {
        expect((await api('GET', '/healthz', { headers: { 'x-request-id': bad } })).headers['x-request-id']).toMatch(UUID);
      }
    });
  });

  describe('internal errors', () => {
    it('never shows internals in a 500', async () => {
      const secret = 'SELECT password_hash FROM users -- at /srv/switchboard/internal.ts:42';
      const started = await startApp(ctx().config, {
        beforeReady: (app, deps) => {
          app.get('/api/v1/test/throws', { config: { access: 'public' } }, async () => {
            throw new Error(secret);
          });
          app.get('/api/v1/test/throws-status', { config: { access: 'public' } }, async () => {
            throw Object.assign(new Error(secret), { statusCode: 502 });
          });
          app.get('/api/v1/test/bad-sql', { config: { access: 'public' } }, async () => {
            await deps.db
              .selectFrom('no_such_table_secret' as never)
              .selectAll()
              .execute();
            return {};
          });
          app.get('/api/v1/test/throws-string', { config: { access: 'public' } }, async () => {
            throw secret;
          });
        },
      });
      try {
        const api = client(started.app);
        for (const url of ['/api/v1/test/throws', '/api/v1/test/throws-status', '/api/v1/test/bad-sql', '/api/v1/test/throws-string']) {
          const r = await api('GET', url, { headers: { 'x-request-id': 'boom-1' } });
          expectProblem(r, 500, 'internal_error');
          expect(r.body.request_id).toBe('boom-1');
          for (const leak of ['SELECT', 'password_hash', '/srv/', 'internal.ts', 'no_such_table', 'secret', 'stack', 'Error:'])
            expect(r.text, `${url} leaks ${leak}`).not.toContain(leak);
        }
      } finally {
        await started.close();
      }
    });

    it('a response that does not match its schema is a 500 without internals', async () => {
      const { z } = await import('zod');
      const started = await startApp(ctx().config, {
        beforeReady: (app) => {
          app.get(
            '/api/v1/test/bad-shape',
            { config: { access: 'public' }, schema: { response: { 200: z.object({ data: z.object({ n: z.number() }) }) } } },
            async () => ({ data: { n: 'password_hash' } }) as never,
          );
        },
      });
      try {
        const r = await client(started.app)('GET', '/api/v1/test/bad-shape');
        expectProblem(r, 500, 'internal_error');
        expect(r.text).not.toContain('password_hash');
      } finally {
        await started.close();
      }
    });

    it('refuses to start when an API route declares no access', async () => {
      const start = startApp(ctx().config, {
        beforeReady: (app) => {
          app.get('/api/v1/test/naked', async () => ({ ok: true }));
        },
      });
      await expect(start).rejects.toThrow(/GET \/api\/v1\/test\/naked declares no access \(config\.access\)/);
    });

    it('refuses a route without access inside a module prefix too', async () => {
      const start = startApp(ctx().config, {
        beforeReady: async (app) => {
          await app.register(
            async (api) => {
              api.post('/widgets', async () => ({ ok: true }));
            },
            { prefix: '/api/v1' },
          );
        },
      });
      await expect(start).rejects.toThrow(/POST \/api\/v1\/widgets declares no access/);
    });
  });

  describe('health, readiness and metrics', () => {
    it('GET /healthz and /readyz answer 200', async () => {
      const { api } = ctx();
      const h = await api('GET', '/healthz');
      expect(h.status).toBe(200);
      expect(h.body).toEqual({ status: 'ok' });
      const r = await api('GET', '/readyz');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'ready' });
    });

    it('GET /readyz answers 503 when the database is gone (and /healthz stays 200)', async () => {
      const { app, deps } = await startApp(ctx().config);
      try {
        const api = client(app);
        expect((await api('GET', '/readyz')).status).toBe(200);
        await deps.dbh.close();
        const r = await api('GET', '/readyz');
        expect(r.status).toBe(503);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ status: 503, code: 'not_ready' });
        expect((await api('GET', '/healthz')).status).toBe(200);
      } finally {
        await app.close();
        await deps.mailer.stop();
      }
    });

    it('GET /metrics has request latency by route template, the pool and event-loop lag', async () => {
      const { api, tokens, dialect } = ctx();
      expect((await api('GET', '/api/v1/contacts', { token: tokens.viewer })).status).toBe(200);
      expect((await api('GET', '/api/v1/contacts/some-id-that-does-not-exist', { token: tokens.viewer })).status).toBe(404);
      expect((await api('GET', '/api/v1/no-route-here-xyz')).status).toBe(404);
      const m = await api('GET', '/metrics');
      expect(m.status).toBe(200);
      expect(m.headers['content-type']).toMatch(/^text\/plain/);
      expect(m.text).toMatch(/^http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/contacts"[^}]*\} \d+/m);
      expect(m.text).toMatch(/^http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/api\/v1\/contacts"[^}]*status="200"/m);
      // Templates, not raw URLs: ids never become label values.
      expect(m.text).toMatch(/route="\/api\/v1\/contacts\/:id"[^}]*status="404"/);
      expect(m.text).not.toContain('some-id-that-does-not-exist');
      expect(m.text).not.toContain('no-route-here-xyz');
      expect(m.text).toMatch(new RegExp(`^db_pool_connections\\{[^}]*dialect="${dialect}"[^}]*\\} \\d+`, 'm'));
      expect(m.text).toMatch(/^db_pool_connections\{[^}]*state="used"/m);
      expect(m.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    });
  });

  describe('API documentation', () => {
    it('GET /api/v1/openapi.json is OpenAPI 3.1 and documents every module', async () => {
      const r = await ctx().api('GET', '/api/v1/openapi.json');
      expect(r.status).toBe(200);
      expect(r.body.openapi).toMatch(/^3\.1\./);
      expect(r.body.info.title).toBeTruthy();
      const paths = Object.keys(r.body.paths);
      for (const prefix of ['/api/v1/auth/', '/api/v1/tenants', '/api/v1/users', '/api/v1/contacts', '/api/v1/tags', '/api/v1/audit'])
        expect(
          paths.some((p) => p.startsWith(prefix)),
          prefix,
        ).toBe(true);
      expect(paths).toContain('/api/v1/auth/login');
      expect(paths).toContain('/api/v1/contacts/{id}');
      expect(r.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('GET /docs serves Swagger UI', async () => {
      const { api } = ctx();
      let r = await api('GET', '/docs');
      for (let hops = 0; r.status >= 300 && r.status < 400 && hops < 5; hops++) {
        const location = String(r.headers.location);
        r = await api('GET', new URL(location, 'http://localhost/docs/').pathname);
      }
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.text).toMatch(/swagger-ui/i);
      const init = await api('GET', '/docs/static/swagger-initializer.js');
      expect(init.status).toBe(200);
    });
  });

  describe('lists', () => {
    it('every paginated list has meta.page/page_size/total and refuses page_size > 100', async () => {
      const { api, tokens } = ctx();
      const doc = (await api('GET', '/api/v1/openapi.json')).body;
      let lists = 0;
      for (const [path, ops] of Object.entries<Record<string, { parameters?: { in: string; name: string }[]; 'x-scope'?: string }>>(doc.paths)) {
        const op = ops.get;
        if (!op || path.includes('{')) continue;
        if (!op.parameters?.some((p) => p.in === 'query' && p.name === 'page_size')) continue;
        lists++;
        const token = op['x-scope'] === 'platform' ? tokens.superadmin : tokens.tenant_admin;
        const ok = await api('GET', `${path}?page=1&page_size=100`, { token });
        expect(ok.status, `${path}: ${ok.text}`).toBe(200);
        expect(Array.isArray(ok.body.data)).toBe(true);
        expect(ok.body.meta).toMatchObject({ page: 1, page_size: 100 });
        expect(ok.body.meta.total).toBeGreaterThanOrEqual(ok.body.data.length);
        const dflt = await api('GET', path, { token });
        expect(dflt.body.meta).toMatchObject({ page: 1, page_size: 25 });
        const tooBig = await api('GET', `${path}?page_size=101`, { token });
        expectProblem(tooBig, 400, 'validation_failed');
        expect(tooBig.body.errors.map((e: { field: string }) => e.field)).toContain('page_size');
        expectProblem(await api('GET', `${path}?page=0`, { token }), 400, 'validation_failed');
      }
      expect(lists).toBeGreaterThanOrEqual(5);
    });

    it('pages through a list with page and page_size', async () => {
      const { api, tokens } = ctx();
      const all = await api('GET', '/api/v1/users?page_size=100', { token: tokens.tenant_admin });
      expect(all.body.meta.total).toBeGreaterThanOrEqual(4);
      const p2 = await api('GET', '/api/v1/users?page=2&page_size=1', { token: tokens.tenant_admin });
      expect(p2.body.meta).toEqual({ page: 2, page_size: 1, total: all.body.meta.total });
      expect(p2.body.data).toEqual([all.body.data[1]]);
    });
  });
});
