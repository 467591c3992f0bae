// Real Chromium through puppeteer-core, for browser tests. Finds Debian's chromium (installed by
// scripts/test.sh when missing) or the binary named by LUOT_CHROMIUM.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', 'screenshots');

export function findChromium(): string {
  const candidates = [process.env.LUOT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('Chromium not found: run `apt-get install -y chromium` or set LUOT_CHROMIUM');
}

/** `extraArgs`: more Chromium flags, e.g. a fake microphone (test/voice/recorder.test.ts). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser & { cleanup(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'luot-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    userDataDir,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', '--lang=vi-VN', ...extraArgs,
    ],
  });
  return Object.assign(browser, {
    async cleanup() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  });
}

/** A page of the given size; console errors are collected on page.errors. */
export async function openPage(browser: Browser, url: string, width: number, height: number): Promise<Page & { errors: string[] }> {
  const page = (await browser.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.setViewport({ width, height });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: path as `${string}.png` });
  return path;
}

/** Text of the page including open shadow roots (lit components render into shadow DOM). */
export async function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const walk = (n: Node): string => {
      let s = '';
      if (n.nodeType === Node.TEXT_NODE) s += n.textContent ?? '';
      const el = n as Element;
      if (el.shadowRoot) s += walk(el.shadowRoot);
      for (const c of Array.from(n.childNodes)) s += walk(c);
      if (el.tagName && /^(DIV|P|LI|H\d|SECTION|BUTTON|TR|TD)$/.test(el.tagName)) s += '\n';
      return s;
    };
    return walk(document.body).replace(/[ \t]+/g, ' ');
  });
}

/** Wait until the deep text of the page matches. */
export async function waitForText(page: Page, pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await deepText(page);
    if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`text ${pattern} not found within ${timeoutMs} ms; page text:\n${last.slice(0, 2000)}`);
}

/**
 * A keyboard-wedge scanner: every character as a keydown, in one burst within the page, then Enter
 * (Unicode keys, as a scanner in Unicode mode types them). Typed key by key from the test, the gaps
 * between keys on a loaded machine exceed what the screens take for a scan (50 ms).
 */
export async function scan(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    for (const ch of t) document.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true, composed: true }));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  }, text);
}
