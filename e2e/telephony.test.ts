/**
 * Browser end-to-end for the telephony console: the real console (apps/web/dist, built by `npm test`)
 * served by the real server, driven in Debian's headless Chromium through playwright-core. What the
 * admin configures in the pages is then checked in the API and in Asterisk's realtime tables.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '../apps/server/src/test/harness.js';
import { WEB_DIST, browserReady, choose, launchChromium, signIn } from './support.js';

const ready = browserReady();

/** Monday 23 November 2026, 10:00 in Berlin (09:00 UTC): inside Mon–Fri 09:00–17:00. */
const OPEN_INSTANT = '2026-11-23T09:00:00.000Z';
/** The same Monday, 21:00 in Berlin: after hours. */
const CLOSED_INSTANT = '2026-11-23T20:00:00.000Z';
/** Saturday 28 November 2026, 11:00 in Berlin: a closed day. */
const WEEKEND_INSTANT = '2026-11-28T10:00:00.000Z';

let browser: Browser;
beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!ready)('telephony console in Chromium', () => {
  describeEachDb(
    'telephony console',
    (ctx) => {
      let base: string;
      beforeAll(async () => {
        base = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
      });

      it('an admin creates an extension, a queue with it, a schedule, a voicemail box and a number routed to the queue while open and to voicemail when closed', async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        try {
          await signIn(page, base, 'admin@demo.local');

          // Extension 1001: the SIP password is shown once.
          await page.getByRole('link', { name: 'Extensions' }).click();
          await page.waitForURL(/\/telephony\/extensions$/);
          await page.getByRole('button', { name: 'New extension' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('Extension number').fill('1001');
          await dialog.getByLabel('Display name').fill('Alice Agent');
          await dialog.getByRole('button', { name: 'Create extension' }).click();
          const password = (await page.getByTestId('sip-password').textContent())?.trim() ?? '';
          expect(password.length).toBeGreaterThanOrEqual(16);
          await page.getByRole('button', { name: 'I have saved it' }).click();
          await expect.poll(() => page.getByTestId('extension-row-1001').count()).toBe(1);

          // Queue "Sales" with 1001 as its member.
          await page.getByRole('link', { name: 'Queues' }).click();
          await page.waitForURL(/\/telephony\/queues$/);
          await page.getByRole('link', { name: 'New queue' }).click();
          await page.waitForURL(/\/telephony\/queues\/new$/);
          await page.getByLabel('Queue name').fill('Sales');
          await page.getByRole('button', { name: 'Create queue' }).click();
          await page.waitForURL(/\/telephony\/queues\/[0-9a-f-]{30,}$/);
          await choose(page, 'Extension to add', /^1001 · Alice Agent$/);
          await page.getByRole('button', { name: 'Add member' }).click();
          await expect.poll(() => page.getByTestId('member-1001').textContent()).toContain('PJSIP/demo-1001');

          // Voicemail box 800 for after hours.
          await page.getByRole('link', { name: 'Voicemail' }).click();
          await page.waitForURL(/\/telephony\/voicemail$/);
          await page.getByRole('button', { name: 'New voicemail box' }).click();
          await dialog.getByLabel('Mailbox number').fill('800');
          await dialog.getByLabel('Owner name').fill('After hours');
          await dialog.getByLabel('PIN').fill('4321');
          await dialog.getByRole('button', { name: 'Create voicemail box' }).click();
          await expect.poll(() => page.getByTestId('voicemail-row-800').count()).toBe(1);
          await expect.poll(() => dialog.count()).toBe(0);

          // Schedule "Office": Berlin, Monday to Friday 09:00–17:00 (the new schedule's default hours).
          await page.getByRole('link', { name: 'Schedules' }).click();
          await page.waitForURL(/\/telephony\/schedules$/);
          await page.getByRole('link', { name: 'New schedule' }).click();
          await page.waitForURL(/\/telephony\/schedules\/new$/);
          await page.getByLabel('Schedule name').fill('Office');
          await choose(page, 'Time zone', 'Europe/Berlin');
          await expect.poll(() => page.getByLabel('Friday interval 1 closes').inputValue()).toBe('17:00');
          await page.getByRole('button', { name: 'Create schedule' }).click();
          await page.waitForURL(/\/telephony\/schedules\/[0-9a-f-]{30,}$/);

          // The number: open → queue Sales, schedule Office, closed → voicemail 800.
          await page.getByRole('link', { name: 'Phone numbers' }).click();
          await page.waitForURL(/\/telephony\/numbers$/);
          await page.getByRole('link', { name: 'New number' }).click();
          await page.waitForURL(/\/telephony\/numbers\/new$/);
          await page.getByLabel('Phone number').fill('+1 415 555 0100');
          await choose(page, 'When open destination', 'Queue');
          await choose(page, 'When open queue', 'Sales');
          await choose(page, 'Schedule', /^Office/);
          await choose(page, 'When closed destination', 'Voicemail box');
          await choose(page, 'When closed voicemail box', /^800 · After hours$/);
          await page.getByRole('button', { name: 'Add number' }).click();
          await page.waitForURL(/\/telephony\/numbers\/[0-9a-f-]{30,}$/);
          await expect.poll(() => page.getByRole('heading', { name: '+14155550100' }).count()).toBe(1);

          // The page's own check: Monday 10:00 in Berlin goes to the queue.
          await page.getByLabel('Call time').fill('2026-11-23T10:00');
          await page.getByRole('button', { name: 'Check route' }).click();
          await expect.poll(() => page.getByTestId('route-result').textContent()).toContain('Sales');

          // Everything exists on the server, in Switchboard's API and in Asterisk's tables.
          const token = ctx().tokens.tenant_admin;
          const ext = await ctx().api('GET', '/api/v1/telephony/extensions?q=1001', { token });
          expect(ext.body.data).toMatchObject([{ number: '1001', display_name: 'Alice Agent', endpoint: 'demo-1001' }]);
          const queues = await ctx().api('GET', '/api/v1/telephony/queues?q=Sales', { token });
          expect(queues.body.data).toMatchObject([{ name: 'Sales', asterisk_name: 'demo-sales', member_count: 1 }]);
          const queueId = queues.body.data[0].id;
          const boxes = await ctx().api('GET', '/api/v1/telephony/voicemail?q=800', { token });
          expect(boxes.body.data).toMatchObject([{ mailbox: '800', name: 'After hours' }]);
          const boxId = boxes.body.data[0].id;
          const numbers = await ctx().api('GET', '/api/v1/telephony/numbers', { token });
          expect(numbers.body.data).toHaveLength(1);
          const number = numbers.body.data[0];
          expect(number).toMatchObject({
            e164: '+14155550100',
            routing: { open: { type: 'queue', target_id: queueId }, closed: { type: 'voicemail', target_id: boxId } },
          });

          const db = ctx().deps.db;
          const endpoint = await db.selectFrom('ps_endpoints').select(['id', 'tenant_id']).where('id', '=', 'demo-1001').executeTakeFirst();
          expect(endpoint).toMatchObject({ id: 'demo-1001', tenant_id: 'demo' });
          const auth = await db.selectFrom('ps_auths').select(['id', 'username', 'password']).where('id', '=', 'demo-1001').executeTakeFirst();
          // The password the console showed once is the one Asterisk authenticates with.
          expect(auth).toMatchObject({ username: 'demo-1001', password });
          const members = await db.selectFrom('queue_members').select(['queue_name', 'interface']).where('interface', '=', 'PJSIP/demo-1001').execute();
          expect(members).toEqual([{ queue_name: 'demo-sales', interface: 'PJSIP/demo-1001' }]);
          const vm = await db.selectFrom('voicemail').select(['mailbox', 'context']).where('mailbox', '=', '800').execute();
          expect(vm).toMatchObject([{ mailbox: '800', context: 'demo' }]);

          const routeAt = (at: string) => ctx().api('GET', `/api/v1/telephony/numbers/${number.id}/route?at=${encodeURIComponent(at)}`, { token });
          const open = await routeAt(OPEN_INSTANT);
          expect(open.status).toBe(200);
          expect(open.body.data).toMatchObject({ state: 'open', destination: { type: 'queue', target_id: queueId } });
          const closed = await routeAt(CLOSED_INSTANT);
          expect(closed.body.data).toMatchObject({ state: 'closed', destination: { type: 'voicemail', target_id: boxId } });
          const weekend = await routeAt(WEEKEND_INSTANT);
          expect(weekend.body.data).toMatchObject({ state: 'closed', destination: { type: 'voicemail', target_id: boxId } });
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/telephony-${ctx().dialect}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });

      it('hides queues and IVR when the tenant has them switched off, and refuses to delete a queue a number routes to', async () => {
        const off = await ctx().api('PATCH', '/api/v1/tenants/demo', { token: ctx().tokens.superadmin, body: { features: { queues: false, ivr: false } } });
        expect(off.status).toBe(200);
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        try {
          await signIn(page, base, 'admin@demo.local');
          const nav = page.getByRole('navigation', { name: 'Main navigation' });
          await expect.poll(() => nav.getByRole('link', { name: 'Phone numbers' }).count()).toBe(1);
          expect(await nav.getByRole('link', { name: 'Queues' }).count()).toBe(0);
          expect(await nav.getByRole('link', { name: 'IVR menus' }).count()).toBe(0);
          // Nor can a destination be a queue or a menu any more.
          await page.goto(`${base}/telephony/numbers/new`);
          await page.getByRole('textbox', { name: 'When open destination', exact: true }).click();
          await expect.poll(() => page.getByRole('option', { name: 'Extension' }).count()).toBe(1);
          expect(await page.getByRole('option', { name: 'Queue' }).count()).toBe(0);
          expect(await page.getByRole('option', { name: 'IVR menu' }).count()).toBe(0);

          const on = await ctx().api('PATCH', '/api/v1/tenants/demo', { token: ctx().tokens.superadmin, body: { features: { queues: true, ivr: true } } });
          expect(on.status).toBe(200);
          // A fresh sign-in sees the tenant's flags again.
          await page.getByRole('button', { name: 'User menu' }).click();
          await page.getByRole('menuitem', { name: 'Log out' }).click();
          await signIn(page, base, 'admin@demo.local');
          await page.getByRole('link', { name: 'Queues' }).click();
          await page.getByTestId('delete-queue-Sales').click();
          await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
          // The 409 is shown in the dialog, and the queue stays.
          await expect.poll(() => page.getByRole('dialog').getByTestId('form-error').textContent()).toMatch(/still a destination/i);
          const queues = await ctx().api('GET', '/api/v1/telephony/queues?q=Sales', { token: ctx().tokens.tenant_admin });
          expect(queues.body.data).toHaveLength(1);
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/telephony-flags-${ctx().dialect}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
          await ctx().api('PATCH', '/api/v1/tenants/demo', { token: ctx().tokens.superadmin, body: { features: { queues: true, ivr: true } } });
        }
      });
    },
    { config: { WEB_DIST } },
  );
});
