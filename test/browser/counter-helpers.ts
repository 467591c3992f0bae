// Small helpers for the browser tests of the officer console, the rating pad and the whole visit.
// Lit renders into shadow roots: `>>>` is puppeteer's selector that pierces them.
import type { Browser, Page } from 'puppeteer-core';
import { deepText } from '../helpers/browser.js';

export type TestPage = Page & { errors: string[] };

/** A page in its own browser context (own localStorage: another device or another officer). */
export async function isolatedPage(browser: Browser, url: string, width: number, height: number, touch = false): Promise<TestPage> {
  const ctx = await browser.createBrowserContext();
  const page = (await ctx.newPage()) as TestPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.setViewport({ width, height, hasTouch: touch });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Poll until `fn` returns a truthy value; the last value or error is in the failure message. */
export async function until<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

export function click(page: Page, selector: string): Promise<void> {
  return page.locator(`>>> ${selector}`).setTimeout(20_000).click();
}

export async function textOf(page: Page, selector: string): Promise<string | null> {
  const el = await page.$(`>>> ${selector}`);
  if (!el) return null;
  // The text of the element and of the shadow roots inside it.
  const s = await el.evaluate((e) => {
    const parts: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === 3) parts.push(n.textContent ?? '');
      const sr = (n as Element).shadowRoot;
      if (sr) walk(sr);
      n.childNodes.forEach(walk);
    };
    walk(e);
    return parts.join('').replace(/\s+/g, ' ').trim();
  });
  await el.dispose();
  return s;
}

export async function waitForSelectorText(page: Page, selector: string, pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
  let seen: string | null = null;
  try {
    return await until(async () => {
      seen = await textOf(page, selector);
      if (seen === null) return '';
      return (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen)) ? seen : '';
    }, `${selector} ~ ${pattern}`, timeoutMs);
  } catch {
    throw new Error(`${selector} did not show ${pattern} within ${timeoutMs} ms; it shows: ${JSON.stringify(seen)}`);
  }
}

export async function gone(page: Page, selector: string, timeoutMs = 20_000): Promise<void> {
  await until(async () => !(await page.$(`>>> ${selector}`)), `${selector} to disappear`, timeoutMs);
}

/** Numbers in the console's waiting list, top first. */
export async function waitingNumbers(page: Page): Promise<string[]> {
  return page.$$eval('>>> #waiting-list li', (els) => els.map((e) => (e as HTMLElement).dataset.number ?? ''));
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('>>> #username').setTimeout(20_000).fill(username);
  await page.locator('>>> #password').fill(password);
  await page.keyboard.press('Enter');
}

/** The page's text including shadow roots, whitespace folded. */
export async function pageText(page: Page): Promise<string> {
  return (await deepText(page)).replace(/\s+/g, ' ');
}
