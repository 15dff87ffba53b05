import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../http/errors.js';
import { widgetScriptRoutes } from './widget-script.js';

describe('GET /widget.js', () => {
  let dir: string;
  let file: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-widget-route-'));
    file = join(dir, 'widget.js');
    app = Fastify();
    registerErrorHandler(app);
    await app.register(widgetScriptRoutes(file));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 404 with a hint while the widget is not built', async () => {
    const res = await app.inject({ url: '/widget.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toContain('npm run build');
  });

  it('serves the script cross-origin with caching headers, gzip, and 304 on a matching ETag', async () => {
    writeFileSync(file, `(()=>{console.log(${JSON.stringify('x'.repeat(2000))})})();`);
    const plain = await app.inject({ url: '/widget.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(plain.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body).toContain('console.log');
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^".+"$/);

    const gz = await app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);

    const again = await app.inject({ url: '/widget.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // A new build is served without a restart, under a new ETag.
    writeFileSync(file, '(()=>{console.log("v2")})();');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const next = await app.inject({ url: '/widget.js', headers: { 'if-none-match': etag } });
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('v2');
    expect(next.headers.etag).not.toBe(etag);
  });
});
