import { escapeHtml } from '@switchboard/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.js';
import type { Database } from '../../db/index.js';
import { AppError } from '../../http/errors.js';
import { insertWidget } from './widgets.repo.js';

/** The demo tenant's website widget, created on the first start so chat works out of the box. */
export async function seedDemoWidget(db: Database): Promise<void> {
  const has = await db.selectFrom('chat_widgets').select('id').where('tenant_id', '=', 'demo').where('deleted_at', 'is', null).executeTakeFirst();
  if (!has) await insertWidget(db, 'demo', { name: 'Demo website', offline_message: 'We are offline right now. Leave a message and we will answer by email.' });
}

/**
 * `GET /chat-demo`: a plain page that embeds the widget the way a customer's website does, so
 * the chat can be tried on the embedded defaults. `?key=` picks a widget; without it, the demo
 * tenant's first widget.
 */
export const chatDemoPageRoutes =
  (deps: Pick<AppDeps, 'db'>): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: { key?: string } }>('/chat-demo', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const key =
        typeof req.query.key === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(req.query.key)
          ? req.query.key
          : (
              await deps.db
                .selectFrom('chat_widgets')
                .select('key')
                .where('tenant_id', '=', 'demo')
                .where('deleted_at', 'is', null)
                .where('enabled', '=', 1)
                .orderBy('created_at')
                .executeTakeFirst()
            )?.key;
      if (!key) throw new AppError(404, 'not_found', 'Not found', 'No chat widget to show: create one under Live chat → Chat widgets and open /chat-demo?key=WIDGET_KEY');
      return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard chat demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>A website with the Switchboard chat</h1>
<p>This page embeds the chat widget exactly like a customer's site would. Open the bubble in the corner to chat.</p>
<p>To answer, sign in to the console as an agent, open <em>Live chat → Chat desk</em> and set yourself <em>Online</em>.
With nobody online the widget shows the offline form, and the message becomes a helpdesk ticket.</p>
<script src="/widget.js" data-widget="${escapeHtml(key)}" async></script>
</body></html>`);
    });
  };
