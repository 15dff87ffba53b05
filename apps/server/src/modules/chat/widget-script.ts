import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../http/errors.js';

/** Where `npm run build` (apps/widget) writes the one widget script. */
export const WIDGET_SCRIPT = resolve(import.meta.dirname, '../../../../widget/dist/widget.js');

interface Loaded {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * `GET /widget.js`: the embeddable chat widget (apps/widget), public, for script tags on any site.
 * The URL in customers' snippets never changes, so caches keep it for a short time and then
 * revalidate by ETag (304); a new build is picked up without a restart (the file's mtime is checked).
 * Compressed once per build when the client accepts gzip.
 */
export const widgetScriptRoutes =
  (file = WIDGET_SCRIPT): FastifyPluginAsync =>
  async (app) => {
    let cached: Loaded | null = null;

    const load = async (): Promise<Loaded | null> => {
      let st: Awaited<ReturnType<typeof stat>>;
      try {
        st = await stat(file);
      } catch {
        return null;
      }
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
      const body = await readFile(file);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      cached = { mtimeMs: st.mtimeMs, size: st.size, body, gzip: gzipSync(body, { level: 9 }), etag };
      return cached;
    };

    app.get('/widget.js', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const script = await load();
      if (!script) throw new AppError(404, 'not_found', 'Not found', 'The chat widget is not built: run `npm run build`');
      reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300, stale-while-revalidate=86400')
        .header('etag', script.etag)
        .header('vary', 'Accept-Encoding')
        // Embedded by other sites: allowed cross-origin even where a CORP policy would block it.
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*')
        .header('x-content-type-options', 'nosniff');
      const match = req.headers['if-none-match'];
      if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === script.etag)) return reply.status(304).send();
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(script.gzip);
      return reply.send(script.body);
    });
  };
