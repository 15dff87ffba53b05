/**
 * What every browser test shares: where Chromium and the built apps are, whether the suite can
 * run (in CI a missing piece fails instead of skipping), launching Chromium, signing in, and
 * picking an option of a SelectField.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PASSWORD } from '../apps/server/src/test/harness.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIST = resolve(import.meta.dirname, '../apps/web/dist');
export const WIDGET = resolve(import.meta.dirname, '../apps/widget/dist/widget.js');

/**
 * True when Chromium and the built console (plus `extra` built files) exist. Missing pieces throw
 * in CI and log a skip message elsewhere.
 */
export function browserReady(extra: { path: string; what: string }[] = []): boolean {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : [`${CHROMIUM} (apt-get install chromium)`]),
    ...(existsSync(resolve(WEB_DIST, 'index.html')) ? [] : [`a built console in ${WEB_DIST} (npm run build)`]),
    ...extra.filter((e) => !existsSync(e.path)).map((e) => `${e.what} in ${e.path} (npm run build)`),
  ];
  if (missing.length && process.env.CI) throw new Error(`browser test needs ${missing.join(', ')}`);
  if (missing.length) console.warn(`skipping browser tests: needs ${missing.join(', ')}`);
  return missing.length === 0;
}

/** Headless Debian Chromium; `args` adds to the usual flags. */
export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
}

/** Sign in on the console's login page and wait until it has left it. */
export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Opens a SelectField (a text box named by its label) and picks the option. */
export async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  const box = page.getByRole('textbox', { name: label, exact: true });
  await box.click();
  if (typeof option === 'string') await box.fill(option);
  await page.getByRole('option', { name: option }).first().click();
}
