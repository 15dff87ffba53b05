/**
 * Browser end-to-end: the real console (apps/web/dist, built by `npm test`) served by the real
 * server, driven in Debian's headless Chromium through playwright-core.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, describeEachDb } from '../apps/server/src/test/harness.js';
import { WEB_DIST, browserReady, launchChromium } from './support.js';

const ready = browserReady();

let browser: Browser;
beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!ready)('console in Chromium', () => {
  describeEachDb(
    'console',
    (ctx) => {
      let base: string;
      let page: Page;
      beforeAll(async () => {
        base = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
      });

      it('an admin logs in, creates a user, sees it in the list and logs out', async () => {
        const context = await browser.newContext();
        page = await context.newPage();
        try {
          await page.goto(`${base}/login`);
          await page.getByLabel('Email').fill('admin@demo.local');
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('link', { name: 'Users' }).first().click();
          await page.waitForURL(/\/users/);
          await expect.poll(() => page.getByRole('cell', { name: 'admin@demo.local' }).count()).toBeGreaterThan(0);

          await page.getByRole('button', { name: 'New user' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('Email').fill('newhire@demo.local');
          await dialog.getByLabel('Name').fill('Nora Newhire');
          await dialog.getByRole('textbox', { name: 'Role' }).click();
          await page.getByRole('option', { name: /^agent$/i }).click();
          await dialog.getByLabel('Password').fill('Newhire-pass-1');
          await dialog.getByRole('button', { name: 'Create user' }).click();
          await expect.poll(() => page.getByRole('cell', { name: 'newhire@demo.local' }).count()).toBe(1);
          await expect.poll(() => dialog.count()).toBe(0);

          // The user exists on the server, with the role chosen in the form.
          const list = await ctx().api('GET', '/api/v1/users?q=newhire', { token: ctx().tokens.tenant_admin });
          expect(list.body.data).toMatchObject([{ email: 'newhire@demo.local', name: 'Nora Newhire', role: 'agent' }]);

          await page.getByRole('button', { name: 'User menu' }).click();
          await page.getByRole('menuitem', { name: 'Log out' }).click();
          await page.waitForURL(/\/login/);
          await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
          // After logging out, the console does not let you back in without signing in.
          await page.goto(`${base}/users`);
          await page.waitForURL(/\/login/);
        } catch (err) {
          await page.screenshot({ path: resolve(import.meta.dirname, `../test-results/console-${ctx().dialect}.png`) }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });

      it('shows the server field error when the email is already a member', async () => {
        const context = await browser.newContext();
        const p = await context.newPage();
        try {
          await p.goto(`${base}/login`);
          await p.getByLabel('Email').fill('admin@demo.local');
          await p.getByLabel('Password').fill(PASSWORD);
          await p.getByRole('button', { name: 'Sign in' }).click();
          await p.getByRole('link', { name: 'Users' }).first().click();
          await p.getByRole('button', { name: 'New user' }).click();
          const dialog = p.getByRole('dialog');
          await dialog.getByLabel('Email').fill('agent@demo.local');
          await dialog.getByLabel('Name').fill('Duplicate');
          await dialog.getByRole('textbox', { name: 'Role' }).click();
          await p.getByRole('option', { name: /^viewer$/i }).click();
          await dialog.getByRole('button', { name: 'Create user' }).click();
          await expect.poll(() => dialog.getByText('already a member').count()).toBeGreaterThan(0);
        } catch (err) {
          await p.screenshot({ path: resolve(import.meta.dirname, `../test-results/console-dup-${ctx().dialect}.png`) }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      });
    },
    { config: { WEB_DIST } },
  );
});
