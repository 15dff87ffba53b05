import { describe, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { seedDemoWidget } from './demo-page.js';

describeEachDb('chat demo page', (ctx) => {
  describe('GET /chat-demo', () => {
    it('is 404 until a widget exists; the first start seeds one that the page embeds and that answers its public config', async () => {
      const c = ctx();
      expect((await c.api('GET', '/chat-demo')).status).toBe(404);
      await seedDemoWidget(c.deps.db);
      await seedDemoWidget(c.deps.db); // idempotent: a second start adds nothing
      const widgets = await c.api('GET', '/api/v1/chat/widgets', { token: c.tokens.tenant_admin });
      expect(widgets.body.data).toHaveLength(1);
      const key = widgets.body.data[0].key as string;
      const page = await c.api('GET', '/chat-demo');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain(`<script src="/widget.js" data-widget="${key}" async></script>`);
      expect((await c.api('GET', `/api/v1/chat/public/widgets/${key}`)).status).toBe(200);
    });

    it('embeds a widget given by key, and ignores a key that is not one', async () => {
      const c = ctx();
      const page = await c.api('GET', '/chat-demo?key=abc_DEF-123');
      expect(page.text).toContain('data-widget="abc_DEF-123"');
      const hostile = await c.api('GET', `/chat-demo?key=${encodeURIComponent('"><script>alert(1)</script>')}`);
      expect(hostile.text).not.toContain('<script>alert(1)');
    });
  });
});
