/**
 * Browser end-to-end for live chat: the real widget (apps/widget/dist/widget.js, served by the
 * server as /widget.js) embedded in a page of ANOTHER origin (a tiny HTTP server on another host
 * name and port), and the real console (apps/web/dist) in two more browser contexts: an agent who
 * gets the chat, replies and transfers it, and a second agent who accepts the transfer, sees the
 * whole history and ends the chat, which the visitor then rates. Checked in the API at the end.
 * Also: the host page's CSS cannot hide or restyle the widget (Shadow DOM), visitor HTML is shown
 * as text on both sides, a reload keeps the conversation, and a page on a domain the widget does
 * not allow gets no widget.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '../apps/server/src/test/harness.js';
import { WEB_DIST, WIDGET, browserReady, launchChromium, signIn } from './support.js';

const ready = browserReady([{ path: WIDGET, what: 'a built widget' }]);

/** The customer's website and a site the widget does not allow: both resolve to this machine. */
const SHOP = 'shop.example';
const OTHER = 'evil.example';

/** A 1×1 PNG and a minimal PDF for the file exchange. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** What a visitor types: markup that must stay text everywhere. */
const VISITOR_HTML = 'Hi <b>there</b> <img src=x onerror="window.__xss=1">';

let browser: Browser;
let site: Server;
let sitePort: number;
/** Script tag of the widget under test, set once the admin has created it. */
let snippet = '';

beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium([`--host-resolver-rules=MAP ${SHOP} 127.0.0.1, MAP ${OTHER} 127.0.0.1`]);
  // The customer's website: a plain page with the embed snippet, and a hostile variant whose CSS
  // would hide and restyle everything in the light DOM.
  site = createServer((req, res) => {
    const hostile = req.url?.startsWith('/hostile');
    const css = hostile
      ? '<style>body * { display: none !important; } button, div, textarea { background: rgb(255, 0, 0) !important; font-size: 40px !important; } html { font-size: 5px; }</style>'
      : '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>${css}</head><body><h1>Our shop</h1><p>Products.</p>${snippet}</body></html>`,
    );
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  sitePort = (site.address() as AddressInfo).port;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((done) => site?.close(done));
});

/** An agent opens the desk and goes online (the console socket makes them present). */
async function goOnline(page: Page, base: string) {
  await page.goto(`${base}/chat/desk`);
  await page.getByTestId('agent-status').waitFor();
  await expect.poll(() => page.locator('[data-realtime]').getAttribute('data-realtime')).toBe('live');
  await page.getByTestId('agent-status').getByText('Online', { exact: true }).click();
  await expect.poll(() => page.getByTestId('agent-load').textContent()).toContain('taking chats');
}

/** The widget's parts (Playwright's locators pierce the open shadow root). */
const widget = (page: Page | Frame) => page.locator('[data-switchboard-chat]');

async function shot(page: Page, name: string) {
  await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/${name}.png`), fullPage: true }).catch(() => {});
}

describe.skipIf(!ready)('live chat in Chromium', () => {
  describeEachDb(
    'live chat',
    (ctx) => {
      let base: string;
      const contexts: BrowserContext[] = [];
      const open = async (opts: Parameters<Browser['newContext']>[0] = {}) => {
        const c = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...opts });
        contexts.push(c);
        return c.newPage();
      };
      beforeAll(async () => {
        base = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
        // Each database's suite has its own server and widget.
        snippet = '';
      });
      afterAll(async () => {
        for (const c of contexts) await c.close().catch(() => {});
      });
      /** The widget of the first test, or (when run alone) one made over the API. */
      const ensureSnippet = async () => {
        if (snippet) return;
        const r = await ctx().api('POST', '/api/v1/chat/widgets', { token: ctx().tokens.tenant_admin, body: { name: 'Shop chat', allowed_domains: [SHOP] } });
        expect(r.status, r.text).toBe(201);
        snippet = `<script src="${base}/widget.js" data-widget="${r.body.data.key}" async></script>`;
      };

      it('with nobody online the widget offers the offline form, and the message becomes a helpdesk ticket', async () => {
        await ensureSnippet();
        const page = await open({ locale: 'de-DE' });
        try {
          await page.goto(`http://${SHOP}:${sitePort}/`);
          const w = widget(page);
          await w.getByRole('button', { name: 'Open chat' }).click();
          await w.getByText('We are offline').waitFor();
          await w.getByLabel('Name *').fill('Otto Offline');
          await w.getByLabel('Email *').fill('otto@example.com');
          await w.getByLabel('Message *').fill('Please call me back <script>alert(1)</script>');
          await w.getByRole('button', { name: 'Send message' }).click();
          const reference = w.getByText(/^Your reference: /);
          await reference.waitFor();
          const number = (await reference.textContent())?.replace('Your reference: ', '') ?? '';
          const tickets = await ctx().api('GET', `/api/v1/tickets?q=${encodeURIComponent(number)}`, { token: ctx().tokens.tenant_admin });
          expect(tickets.body.data).toMatchObject([{ number, subject: 'Offline chat message from Otto Offline' }]);
          expect(tickets.body.data[0].description).toContain('Please call me back <script>alert(1)</script>');
        } catch (err) {
          await shot(page, `chat-offline-${ctx().dialect}`);
          throw err;
        }
      });

      it('a visitor on another website chats with an agent, who transfers the chat to a colleague; the visitor rates it', async () => {
        const admin = await open();
        const agent = await open();
        const colleague = await open();
        const visitor = await open();
        try {
          // The admin creates the widget for the shop's domain and copies the snippet.
          await signIn(admin, base, 'admin@demo.local');
          await admin.getByRole('link', { name: 'Chat widgets' }).click();
          await admin.getByRole('link', { name: 'New widget' }).click();
          await admin.getByLabel('Widget name').fill('Shop chat');
          await admin.getByLabel('Require name').check();
          const domains = admin.getByRole('combobox', { name: 'Allowed domains' });
          await domains.fill(SHOP);
          await domains.press('Enter');
          await admin.getByRole('button', { name: 'Create widget' }).click();
          await admin.waitForURL(/\/chat\/widgets\/[0-9a-f-]{30,}$/);
          snippet = (await admin.getByTestId('embed-snippet').textContent()) ?? '';
          expect(snippet).toMatch(/^<script src="https?:\/\/[^"]+\/widget\.js" data-widget="[^"]+" async><\/script>$/);
          const key = /data-widget="([^"]+)"/.exec(snippet)?.[1] ?? '';
          expect(key.length).toBeGreaterThan(10);
          // The snippet names the server by its public URL; in this test the server listens on a random port.
          snippet = `<script src="${base}/widget.js" data-widget="${key}" async></script>`;

          const template = await ctx().api('POST', '/api/v1/helpdesk/templates', {
            token: ctx().tokens.tenant_admin,
            body: { kind: 'reply', name: 'Greeting', body: 'Hello {{requester.name}}, how can I help? See https://example.com/help.' },
          });
          expect(template.status, template.text).toBe(201);

          // Two agents sign in; the first goes online now, the colleague later (so the chat goes to the first).
          await signIn(agent, base, 'agent@demo.local');
          await goOnline(agent, base);
          await signIn(colleague, base, 'supervisor@demo.local');
          await colleague.goto(`${base}/chat/desk`);

          // The visitor opens the shop and starts a chat in the widget.
          await visitor.goto(`http://${SHOP}:${sitePort}/`);
          const w = widget(visitor);
          await w.getByRole('button', { name: 'Open chat' }).click();
          await w.getByLabel('Name *').fill('Vera Visitor');
          await w.getByRole('button', { name: 'Start chat' }).click();
          await w.getByRole('textbox', { name: 'Message' }).fill(VISITOR_HTML);
          await w.getByRole('textbox', { name: 'Message' }).press('Enter');
          await expect.poll(() => w.locator('.m.v .bb').first().textContent()).toBe(VISITOR_HTML);

          // The chat goes to the agent at once (auto-accept); they open it and see the text as typed.
          const mine = agent.getByTestId('my-chats').getByRole('link', { name: /Vera Visitor/ });
          await mine.waitFor();
          await mine.click();
          await expect.poll(() => agent.getByTestId('conversation-title').textContent()).toBe('Vera Visitor');
          const visitorMsg = agent.getByTestId('chat-message-visitor').first();
          await expect.poll(() => visitorMsg.textContent()).toContain(VISITOR_HTML);
          expect(await agent.locator('[data-testid="chat-messages"] img').count()).toBe(0);

          // Messages both ways, with read receipts and the agent's name in the widget. The first reply is a canned response.
          await agent.getByRole('button', { name: 'Canned responses' }).click();
          await agent.getByRole('menuitem', { name: 'Greeting' }).click();
          await expect
            .poll(() => agent.getByRole('textbox', { name: 'Message' }).inputValue())
            .toBe('Hello Vera Visitor, how can I help? See https://example.com/help.');
          await agent.getByRole('textbox', { name: 'Message' }).press('Enter');
          await expect.poll(() => w.locator('.m.a .bb').last().textContent()).toBe('Hello Vera Visitor, how can I help? See https://example.com/help.');
          const link = w.locator('.m.a .bb a').last();
          expect(await link.getAttribute('href')).toBe('https://example.com/help');
          expect(await link.getAttribute('rel')).toContain('noopener');
          expect(await link.getAttribute('target')).toBe('_blank');
          await expect.poll(() => w.locator('.m.v .meta').first().textContent()).toBe('Read');
          // The agent sees the visitor typing.
          await w.getByRole('textbox', { name: 'Message' }).pressSequentially('My invoice', { delay: 20 });
          await expect.poll(() => agent.getByText('Vera Visitor is typing…').count()).toBe(1);
          await w.getByRole('textbox', { name: 'Message' }).pressSequentially(' is wrong ');
          await w.getByRole('button', { name: 'Insert emoji' }).click();
          await w.getByRole('button', { name: '😢' }).click();
          await w.getByRole('button', { name: 'Send' }).click();
          await expect.poll(() => agent.getByTestId('chat-message-visitor').last().textContent()).toContain('My invoice is wrong 😢');

          // Files both ways: the visitor's picture shows in the desk, the agent's file is a download in the widget.
          await w.locator('input[type=file]').setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: PNG });
          await expect.poll(() => agent.getByRole('img', { name: 'invoice.png' }).count()).toBe(1);
          await agent.locator('input[type=file]').setInputFiles({ name: 'refund-form.pdf', mimeType: 'application/pdf', buffer: PDF });
          await expect.poll(() => w.getByRole('link', { name: 'Download refund-form.pdf' }).count()).toBe(1);
          if (process.env.CHAT_E2E_SHOTS) for (const [n, p] of Object.entries({ agent, visitor })) await shot(p, `chat-flow-${n}`);

          // A reload keeps the chat: the widget reopens with the whole conversation.
          await visitor.reload();
          await expect
            .poll(() => w.locator('.m.a .bb').allTextContents())
            .toEqual(['Hi! How can we help?', 'Hello Vera Visitor, how can I help? See https://example.com/help.', '📎 refund-form.pdf (125 B)']);
          expect(await w.locator('.m.v .bb').count()).toBe(3);

          // The agent transfers the chat to the colleague, who goes online and accepts it.
          await goOnline(colleague, base);
          await agent.getByRole('button', { name: 'Transfer' }).click();
          const dialog = agent.getByRole('dialog', { name: 'Transfer chat' });
          const pick = dialog.getByRole('textbox', { name: 'Agent', exact: true });
          await pick.click();
          await pick.fill('Sam');
          await agent.getByRole('option', { name: /Sam Supervisor/ }).click();
          await dialog.getByLabel('Reason').fill('Billing question');
          await dialog.getByRole('button', { name: 'Request transfer' }).click();
          await agent.getByTestId('pending-transfer').waitFor();

          const request = colleague.getByTestId('chat-transfer-request');
          await request.waitFor();
          expect(await request.textContent()).toContain('Billing question');
          await request.getByRole('button', { name: 'Accept transfer' }).click();
          await colleague.waitForURL(/\/chat\/desk\/[0-9a-f-]{30,}$/);
          // The receiving agent sees the whole history.
          await expect.poll(() => colleague.getByTestId('chat-messages').textContent()).toContain('Hello Vera Visitor, how can I help?');
          expect(await colleague.getByTestId('chat-messages').textContent()).toContain(VISITOR_HTML);
          // The first agent no longer has it; the visitor is told who they talk to now.
          await expect
            .poll(() =>
              agent
                .getByTestId('my-chats')
                .getByRole('link', { name: /Vera Visitor/ })
                .count(),
            )
            .toBe(0);
          await expect.poll(() => w.locator('.m.s').last().textContent()).toContain('Sam Supervisor');

          await colleague.getByRole('textbox', { name: 'Message' }).fill('I am fixing your invoice now.');
          await colleague.getByRole('textbox', { name: 'Message' }).press('Enter');
          await expect.poll(() => w.locator('.m.a .bb').last().textContent()).toBe('I am fixing your invoice now.');

          // The colleague ends the chat; the visitor rates it.
          await colleague.getByRole('button', { name: 'End chat' }).click();
          await colleague.getByTestId('confirm-button').click();
          await w.getByText('The chat has ended.').waitFor();
          await w.getByRole('radio', { name: '4 of 5 stars' }).check({ force: true });
          await w.getByLabel('Comment (optional)').fill('Quick and friendly');
          await w.getByRole('button', { name: 'Send rating' }).click();
          await w.getByText('Thank you for your feedback!').waitFor();

          // Nothing the visitor typed ran as HTML on the host page.
          expect(await visitor.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

          // In the API: one ended chat, handled by the colleague, rated, with the transfer accepted.
          const { api, tokens } = ctx();
          const list = await api('GET', '/api/v1/chat/sessions?visitor=Vera', { token: tokens.tenant_admin });
          expect(list.status).toBe(200);
          expect(list.body.data).toHaveLength(1);
          const detail = await api('GET', `/api/v1/chat/sessions/${list.body.data[0].id}`, { token: tokens.tenant_admin });
          const s = detail.body.data;
          expect(s).toMatchObject({ status: 'ended', ended_by: 'agent', rating: 4, rating_comment: 'Quick and friendly', agent_name: 'Sam Supervisor' });
          expect(s.visitor).toMatchObject({ name: 'Vera Visitor', current_url: `http://${SHOP}:${sitePort}/` });
          const texts = s.messages.map((m: { author_type: string; body: string }) => `${m.author_type}: ${m.body}`);
          expect(texts).toEqual(
            expect.arrayContaining([
              `visitor: ${VISITOR_HTML}`,
              'agent: Hello Vera Visitor, how can I help? See https://example.com/help.',
              'visitor: My invoice is wrong 😢',
              'system: You are now chatting with Sam Supervisor.',
              'agent: I am fixing your invoice now.',
            ]),
          );
          expect(
            s.messages
              .filter((m: { attachment: unknown }) => m.attachment)
              .map((m: { author_type: string; attachment: { filename: string } }) => `${m.author_type}: ${m.attachment.filename}`),
          ).toEqual(['visitor: invoice.png', 'agent: refund-form.pdf']);
          expect(s.metrics.wait_seconds).not.toBeNull();
          expect(s.metrics.first_response_seconds).not.toBeNull();
          const transfers = await api('GET', `/api/v1/chat/sessions/${s.id}/transfers`, { token: tokens.tenant_admin });
          expect(transfers.body.data).toMatchObject([{ status: 'accepted', reason: 'Billing question' }]);

          // The history page lists it with its rating.
          await colleague.getByRole('link', { name: 'Chat history' }).click();
          await colleague.getByTestId(`chat-row-${s.id}`).waitFor();
          expect(await colleague.getByTestId(`chat-row-${s.id}`).textContent()).toContain('★★★★');
          if (process.env.CHAT_E2E_SHOTS) {
            await colleague.getByTestId(`chat-row-${s.id}`).getByRole('button', { name: 'Vera Visitor' }).click();
            await colleague.getByTestId('metric-rating').waitFor();
            await shot(colleague, 'chat-flow-history');
            await admin.goto(`${base}/chat/widgets`);
            await admin.getByTestId('widget-row-Shop chat').waitFor();
            await shot(admin, 'chat-flow-widgets');
          }
        } catch (err) {
          for (const [name, p] of Object.entries({ admin, agent, colleague, visitor })) await shot(p, `chat-${name}-${ctx().dialect}`);
          throw err;
        }
        // Four browser contexts and two dozen round trips: slower on a loaded machine.
      }, 150_000);

      it('with auto-accept off the agent gets an offer and accepts it; meanwhile the visitor sees their place in the queue', async () => {
        await ensureSnippet();
        const { api, tokens } = ctx();
        // Only the agent takes chats now.
        const agents = await api('GET', '/api/v1/chat/agents', { token: tokens.tenant_admin });
        for (const a of agents.body.data as Array<{ user_id: string; email: string }>)
          if (a.email !== 'agent@demo.local')
            await api('PATCH', `/api/v1/chat/agents/${a.user_id}`, { token: tokens.tenant_admin, body: { availability: 'offline' } });
        const agent = await open();
        const visitor = await open();
        try {
          await signIn(agent, base, 'agent@demo.local');
          await goOnline(agent, base);
          const autoAccept = agent.getByRole('switch', { name: 'Auto-accept' });
          if (await autoAccept.isChecked()) await autoAccept.click();
          await expect.poll(async () => (await api('GET', '/api/v1/chat/agents/me', { token: tokens.agent })).body.data.auto_accept).toBe(false);

          await visitor.goto(`http://${SHOP}:${sitePort}/`);
          const w = widget(visitor);
          await w.getByRole('button', { name: 'Open chat' }).click();
          const name = w.getByLabel('Name *');
          if (await name.count()) {
            await name.fill('Olga Offer');
            await w.getByRole('button', { name: 'Start chat' }).click();
          }
          await w.getByRole('textbox', { name: 'Message' }).fill('Is anyone there?');
          await w.getByRole('textbox', { name: 'Message' }).press('Enter');
          await expect.poll(() => w.locator('.st').textContent()).toBe('You are number 1 in the queue.');

          const offer = agent.getByTestId('chat-offer');
          await offer.waitFor();
          await expect.poll(() => offer.textContent()).toContain('Is anyone there?');
          await offer.getByRole('button', { name: 'Accept' }).click();
          await agent.waitForURL(/\/chat\/desk\/[0-9a-f-]{30,}$/);
          await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('Active');
          await expect.poll(() => w.locator('.st').textContent()).toBe('');
          await expect.poll(() => w.getByText('Alex Agent').first().count()).toBe(1);
        } catch (err) {
          await shot(agent, `chat-offer-agent-${ctx().dialect}`);
          await shot(visitor, `chat-offer-visitor-${ctx().dialect}`);
          throw err;
        }
      });

      it('the host page cannot hide or restyle the widget, and a domain the widget does not allow gets none', async () => {
        await ensureSnippet();
        const page = await open();
        try {
          await page.goto(`http://${SHOP}:${sitePort}/hostile`);
          // The page's own content is hidden by its CSS; the widget is not.
          expect(await page.getByRole('heading', { name: 'Our shop' }).isVisible()).toBe(false);
          const launcher = widget(page).getByRole('button', { name: 'Open chat' });
          await launcher.waitFor({ state: 'visible' });
          const style = await launcher.evaluate((el) => {
            const s = getComputedStyle(el);
            return { background: s.backgroundColor, width: s.width, display: s.display };
          });
          expect(style).toEqual({ background: 'rgb(28, 126, 214)', width: '56px', display: 'flex' });
          await launcher.click();
          const name = widget(page).getByLabel('Name *');
          await name.waitFor({ state: 'visible' });
          // The page's `div, textarea { background: red; font-size: 40px }` does not reach inside.
          expect(await name.evaluate((el) => [getComputedStyle(el).fontSize, getComputedStyle(el).backgroundColor])).toEqual(['13px', 'rgb(255, 255, 255)']);

          // The same snippet on a site that is not in the widget's allowed domains shows nothing.
          const refused = page.waitForEvent('console', { predicate: (m) => m.text().includes('Switchboard chat'), timeout: 15_000 });
          await page.goto(`http://${OTHER}:${sitePort}/`);
          expect((await refused).text()).toContain('widget not loaded');
          expect(await widget(page).count()).toBe(0);
        } catch (err) {
          await shot(page, `chat-hostile-${ctx().dialect}`);
          throw err;
        }
      });

      it('on a phone the open chat fills the screen', async () => {
        await ensureSnippet();
        const page = await open({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });
        try {
          await page.goto(`http://${SHOP}:${sitePort}/`);
          await widget(page).getByRole('button', { name: 'Open chat' }).click();
          // (Polled: the panel slides in.)
          await expect.poll(() => widget(page).getByRole('dialog').boundingBox()).toMatchObject({ x: 0, y: 0, width: 375, height: 700 });
          // Escape closes it and gives the focus back to the launcher.
          await page.keyboard.press('Escape');
          await expect.poll(() => widget(page).getByRole('dialog').count()).toBe(0);
          expect(
            await widget(page)
              .getByRole('button', { name: 'Open chat' })
              .evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
          ).toBe(true);
        } catch (err) {
          await shot(page, `chat-mobile-${ctx().dialect}`);
          throw err;
        }
      });
    },
    { config: { WEB_DIST } },
  );
});
