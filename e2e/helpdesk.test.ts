/**
 * Browser end-to-end for the helpdesk console: the real console (apps/web/dist, built by `npm test`)
 * served by the real server, driven in Debian's headless Chromium through playwright-core. An agent
 * works a ticket created through the API; what the pages did is then checked through the API.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '../apps/server/src/test/harness.js';
import { WEB_DIST, browserReady, choose, launchChromium, signIn } from './support.js';

/** A 1×1 PNG: the server sniffs the type from these bytes, not from the name. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const ready = browserReady();

let browser: Browser;
beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!ready)('helpdesk console in Chromium', () => {
  describeEachDb(
    'helpdesk console',
    (ctx) => {
      let base: string;
      let ticket: { id: string; number: string };
      beforeAll(async () => {
        base = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
        const token = ctx().tokens.tenant_admin;
        const contact = await ctx().api('POST', '/api/v1/contacts', { token, body: { first_name: 'Rita', last_name: 'Requester', email: 'rita@example.com' } });
        expect(contact.status).toBe(201);
        const template = await ctx().api('POST', '/api/v1/helpdesk/templates', {
          token,
          body: { kind: 'reply', name: 'Solved', body: 'Hello {{requester.name}}, {{ticket.number}} is solved. Regards, {{agent.name}}' },
        });
        expect(template.status).toBe(201);
        const created = await ctx().api('POST', '/api/v1/tickets', {
          token,
          body: { subject: 'Printer on fire', description: 'Smoke everywhere.', priority: 'high', requester_id: contact.body.data.id },
        });
        expect(created.status).toBe(201);
        ticket = created.body.data;
      });

      it('an agent opens a ticket from the list, replies with a template and an attachment, adds an internal note and resolves it', async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        try {
          await signIn(page, base, 'agent@demo.local');
          await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tickets' }).click();
          await page.waitForURL(/\/helpdesk\/tickets$/);
          const row = page.getByTestId(`ticket-row-${ticket.number}`);
          await expect.poll(() => row.textContent()).toContain('Rita Requester');
          await row.getByRole('link', { name: 'Printer on fire' }).click();
          await page.waitForURL(new RegExp(`/helpdesk/tickets/${ticket.id}$`));
          await expect.poll(() => page.getByRole('heading', { name: 'Printer on fire' }).count()).toBe(1);
          await expect.poll(() => page.getByRole('region', { name: 'Requester' }).textContent()).toContain('rita@example.com');

          // A canned response, rendered by the server for this ticket, requester and agent.
          await choose(page, 'Canned response', 'Solved');
          const message = page.getByLabel('Message', { exact: true });
          const expected = `Hello Rita Requester, ${ticket.number} is solved. Regards, Alex Agent`;
          await expect.poll(() => message.inputValue()).toBe(expected);

          // An attachment, picked with the file chooser; it uploads at once and waits for the reply.
          const chooser = page.waitForEvent('filechooser');
          await page.getByRole('button', { name: 'Attach files' }).click();
          await (await chooser).setFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
          await expect.poll(() => page.getByTestId('pending-attachment-receipt.png').count()).toBe(1);
          await page.getByRole('button', { name: 'Send reply' }).click();
          const thread = page.getByRole('region', { name: 'Conversation' });
          const reply = thread.getByRole('article', { name: /^Reply by / });
          await expect.poll(() => reply.count()).toBe(1);
          await expect.poll(() => message.inputValue()).toBe('');
          expect(await page.getByTestId('pending-attachment-receipt.png').count()).toBe(0);
          // The image is previewed inline (fetched with the agent's token) and can be downloaded.
          const preview = reply.getByRole('img', { name: 'receipt.png' });
          await expect.poll(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
          const download = page.waitForEvent('download');
          await reply.getByRole('button', { name: 'Download receipt.png' }).click();
          expect((await download).suggestedFilename()).toBe('receipt.png');

          // An internal note is shown as one.
          // The segmented control's radios are visually hidden behind their labels: click the label, as a user does.
          await page
            .getByRole('region', { name: 'Composer' })
            .locator('label')
            .filter({ hasText: /^Internal note$/ })
            .click();
          await expect.poll(() => page.getByRole('radio', { name: 'Internal note' }).isChecked()).toBe(true);
          await message.fill('Customer is on the VIP list, call back tomorrow.');
          await page.getByRole('button', { name: 'Add note' }).click();
          const note = thread.getByRole('article', { name: /^Internal note by / });
          await expect.poll(() => note.count()).toBe(1);
          expect(await note.getAttribute('data-internal')).toBe('true');
          expect(await note.textContent()).toContain('Customer is on the VIP list');

          // Resolved: only the allowed transitions are offered.
          await choose(page, 'Status', 'Resolved');
          await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('Resolved');

          const token = ctx().tokens.agent;
          const saved = await ctx().api('GET', `/api/v1/tickets/${ticket.id}`, { token });
          expect(saved.body.data).toMatchObject({ status: 'resolved' });
          expect(saved.body.data.first_response_at).not.toBeNull();
          const messages = await ctx().api('GET', `/api/v1/tickets/${ticket.id}/messages`, { token });
          expect(messages.body.data).toMatchObject([
            { internal: false, format: 'text', body: expected, attachments: [{ filename: 'receipt.png', content_type: 'image/png', size: PNG.length }] },
            { internal: true, body: 'Customer is on the VIP list, call back tomorrow.', attachments: [] },
          ]);
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/helpdesk-${ctx().dialect}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });

      it('an agent searches, saves the filters as a view, picks it again and bulk-updates the tickets it lists', async () => {
        const token = ctx().tokens.tenant_admin;
        const numbers: string[] = [];
        for (const subject of ['Invoice twice charged', 'Invoice missing VAT', 'Login loop']) {
          const r = await ctx().api('POST', '/api/v1/tickets', { token, body: { subject, priority: 'high' } });
          expect(r.status).toBe(201);
          numbers.push(r.body.data.number);
        }
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        try {
          await signIn(page, base, 'agent@demo.local');
          await page.goto(`${base}/helpdesk/tickets`);
          await page.getByLabel('Search tickets').fill('invoice');
          await page.getByLabel('Search tickets').press('Enter');
          await choose(page, 'Priority', 'High');
          // Both invoices match the text alone: wait for the priority filter itself (it lives in the address bar).
          await expect.poll(() => new URL(page.url()).searchParams.get('priority')).toBe('high');
          const rows = page.getByTestId('tickets-table').locator('tbody tr');
          await expect.poll(() => rows.count()).toBe(2);

          await page.getByRole('button', { name: 'Save as view' }).click();
          await page.getByRole('dialog').getByLabel('View name').fill('Invoices');
          await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
          await expect.poll(() => page.getByRole('textbox', { name: 'Saved view', exact: true }).inputValue()).toBe('Invoices');

          // Away from the view and back: its filters come back.
          await page.getByRole('button', { name: 'Clear filters' }).click();
          await expect.poll(() => rows.count()).toBeGreaterThan(2);
          await choose(page, 'Saved view', 'Invoices');
          await expect.poll(() => rows.count()).toBe(2);
          await expect.poll(() => page.getByLabel('Search tickets').inputValue()).toBe('invoice');

          // Both listed tickets: assigned to me and pending, in one all-or-nothing request each.
          await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
          const bar = page.getByRole('region', { name: 'Bulk actions' });
          await expect.poll(() => bar.textContent()).toContain('2 selected');
          await bar.getByRole('button', { name: 'Assign' }).click();
          await page.getByRole('menuitem', { name: 'Alex Agent' }).click();
          await expect.poll(() => bar.count()).toBe(0);
          await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
          await bar.getByRole('button', { name: 'Status' }).click();
          await page.getByRole('menuitem', { name: 'Pending' }).click();
          await expect.poll(() => bar.count()).toBe(0);

          const agentToken = ctx().tokens.agent;
          const me = await ctx().api('GET', '/api/v1/auth/me', { token: agentToken });
          const list = await ctx().api('GET', '/api/v1/tickets?q=invoice&page_size=100', { token: agentToken });
          expect(list.body.data).toHaveLength(2);
          for (const t of list.body.data) expect(t).toMatchObject({ status: 'pending', assignee_id: me.body.data.user.id });
          const other = await ctx().api('GET', '/api/v1/tickets?q=login', { token: agentToken });
          expect(other.body.data).toMatchObject([{ number: numbers[2], status: 'open', assignee_id: null }]);
          const views = await ctx().api('GET', '/api/v1/ticket-views', { token: agentToken });
          expect(views.body.data).toMatchObject([
            { name: 'Invoices', filters: { q: 'invoice', priority: 'high', status: 'open,in_progress,pending' }, sort: '-created_at' },
          ]);
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/helpdesk-views-${ctx().dialect}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });

      it('an admin sets up a team with a member, a reply template, a 24/7 SLA policy and an email channel', async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        try {
          await signIn(page, base, 'admin@demo.local');
          const nav = page.getByRole('navigation', { name: 'Main navigation' });

          // Team "Billing" with Alex Agent.
          await nav.getByRole('link', { name: 'Teams' }).click();
          await page.waitForURL(/\/helpdesk\/teams$/);
          await page.getByRole('button', { name: 'New team' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('Team name').fill('Billing');
          await dialog.getByRole('button', { name: 'Create team' }).click();
          await expect.poll(() => page.getByTestId('team-row-Billing').count()).toBe(1);
          await page.getByRole('button', { name: 'Members of Billing' }).click();
          await choose(page, 'User to add', /^Alex Agent/);
          await page.getByRole('button', { name: 'Add member' }).click();
          await expect.poll(() => page.getByTestId('team-member-agent@demo.local').count()).toBe(1);
          await page.keyboard.press('Escape');

          // A canned reply using a variable inserted from the help.
          await nav.getByRole('link', { name: 'Templates' }).click();
          await page.waitForURL(/\/helpdesk\/templates$/);
          await page.getByRole('button', { name: 'New template' }).click();
          await dialog.getByLabel('Template name').fill('Greeting');
          await dialog.getByLabel('Body').fill('Hi ');
          await dialog.getByRole('button', { name: 'Insert {{requester.name}}' }).click();
          await expect.poll(() => dialog.getByRole('region', { name: 'Preview' }).textContent()).toContain('Hi Rita Requester');
          await dialog.getByRole('button', { name: 'Create template' }).click();
          await expect.poll(() => page.getByTestId('template-row-Greeting').count()).toBe(1);

          // A 24/7 SLA policy, the default, with a one-hour first response for critical tickets.
          await nav.getByRole('link', { name: 'SLA policies' }).click();
          await page.waitForURL(/\/helpdesk\/sla-policies$/);
          await page.getByRole('link', { name: 'New SLA policy' }).click();
          await page.getByLabel('Policy name').fill('Round the clock');
          await page.getByLabel('Default policy').check({ force: true });
          await page.getByRole('radio', { name: '24/7' }).check({ force: true });
          await page.getByLabel('Critical first response', { exact: true }).fill('1');
          await choose(page, 'Critical first response unit', 'hours');
          await page.getByRole('button', { name: 'Create policy' }).click();
          await page.waitForURL(/\/helpdesk\/sla-policies\/[0-9a-f-]{30,}$/);

          // An email channel: its inbound token is shown once.
          await nav.getByRole('link', { name: 'Email channels' }).click();
          await page.waitForURL(/\/helpdesk\/email-channels$/);
          await page.getByRole('link', { name: 'New email channel' }).click();
          await page.getByLabel('Channel name').fill('Support');
          await page.getByLabel('Support address').fill('support@demo.example');
          await page.getByRole('button', { name: 'Create channel' }).click();
          const shown = (await page.getByTestId('inbound-token').textContent())?.trim() ?? '';
          expect(shown.length).toBeGreaterThanOrEqual(20);
          await page.getByRole('button', { name: 'I have saved it' }).click();
          await page.waitForURL(/\/helpdesk\/email-channels\/[0-9a-f-]{30,}$/);
          await expect.poll(() => page.getByTestId('inbound-url').textContent()).toContain('/api/v1/helpdesk/email-inbound');

          const token = ctx().tokens.tenant_admin;
          const teams = await ctx().api('GET', '/api/v1/teams?q=Billing', { token });
          expect(teams.body.data).toMatchObject([{ name: 'Billing', member_count: 1 }]);
          const members = await ctx().api('GET', `/api/v1/teams/${teams.body.data[0].id}/members`, { token });
          expect(members.body.data).toMatchObject([{ email: 'agent@demo.local' }]);
          const templates = await ctx().api('GET', '/api/v1/helpdesk/templates?q=Greeting', { token });
          expect(templates.body.data).toMatchObject([{ kind: 'reply', format: 'text', body: 'Hi {{requester.name}}' }]);
          const policies = await ctx().api('GET', '/api/v1/helpdesk/sla-policies?q=Round', { token });
          expect(policies.body.data).toMatchObject([
            { name: 'Round the clock', business_hours: false, schedule_id: null, is_default: true, targets: { critical: { first_response_minutes: 60 } } },
          ]);
          const channels = await ctx().api('GET', '/api/v1/helpdesk/email-channels', { token });
          expect(channels.body.data).toMatchObject([{ name: 'Support', address: 'support@demo.example', enabled: true, inbound_token_hint: shown.slice(-4) }]);
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/helpdesk-admin-${ctx().dialect}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });
    },
    { config: { WEB_DIST } },
  );
});
