import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { PASSWORD, WEB_DIR } from './constants';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(WEB_DIR, '../docs/screenshots');
export const FAILURE_DIR = path.join(WEB_DIR, '.e2e', 'failures');

export const hasChromium = () => existsSync(CHROMIUM);

export function launchBrowser(): Promise<Browser> {
  // launch() gives every run a fresh temporary profile (user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1360, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function newPage(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

/** Opens a page and waits until the app has hydrated (typing before that would be undone). */
export async function visit(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('html[data-ready=true]', { state: 'attached' });
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await visit(page, '/signin');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/** Screenshots for docs/screenshots/ are written only with UPDATE_SCREENSHOTS=1, so test runs leave docs/ alone. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: options.fullPage ?? true,
    animations: 'disabled',
  });
}

export async function failureShot(page: Page, name: string) {
  mkdirSync(FAILURE_DIR, { recursive: true });
  await page.screenshot({ path: path.join(FAILURE_DIR, `${name}.png`), fullPage: true }).catch(() => {});
}

/**
 * The browser for one test file: launched before its tests and closed after them. Each page
 * `open()` gives is closed after its test, with a screenshot in FAILURE_DIR when the test failed.
 * Call it at the top of the file, before the file's own hooks.
 */
export function useBrowser(options: { baseURL: string }): { open: (viewport?: typeof DESKTOP) => Promise<Page> } {
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [index, page] of pages.entries()) await failureShot(page, `${context.task.name.replace(/\W+/g, '-')}-${index}`);
    }
    for (const page of pages.splice(0)) await page.context().close();
  });

  return {
    async open(viewport = DESKTOP) {
      if (!browser) throw new Error('useBrowser: open() was called outside a test (the browser is launched in beforeAll).');
      const { page } = await newPage(browser, options.baseURL, viewport);
      pages.push(page);
      return page;
    },
  };
}
