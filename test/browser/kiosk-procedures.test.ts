// "Tra cứu thủ tục" at the kiosk in real Chromium (touch, portrait): the on-screen keyboard finds
// "Đăng ký khai sinh" from plain letters, browsing by field, the procedure's page (documents with
// originals and copies, fee, time, the portal QR), and the ticket taken from it carries its code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, HTTPResponse, Page } from 'puppeteer-core';
import type { Ticket } from '../../common/types.js';
import { deepText, launchBrowser, screenshot, waitForText } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, startHub, type HubHandle } from '../helpers/hub.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

async function deep(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(selector, { timeout: 30_000 });
  if (!el) throw new Error(`${selector} not found`);
  return el;
}

async function typeOnScreen(page: Page, text: string): Promise<void> {
  for (const ch of text.toUpperCase()) {
    const key = ch === ' ' ? 'Space' : ch;
    await (await deep(page, `kiosk-app >>> kiosk-keyboard >>> button[data-key="${key}"]`)).tap();
  }
}

async function resultNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const search = document.querySelector('kiosk-app')?.shadowRoot?.querySelector('kiosk-procedure-search');
    return [...(search?.shadowRoot?.querySelectorAll('.results button .name') ?? [])].map((e) => e.textContent ?? '');
  });
}

async function waitForResults(page: Page, want: (names: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = await resultNames(page);
    if (want(names)) return names;
    await new Promise((r) => setTimeout(r, 100));
  }
  await screenshot(page, 'kiosk-procedures-failed');
  throw new Error(`results not as wanted: ${names.join(' | ')}\n${(await deepText(page)).slice(0, 1500)}`);
}

describe('kiosk: look up a procedure', { timeout: 180_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    const admin = api(hub.url, hub.adminToken);
    const r = await fetch(`${hub.url}/api/procedures/import?siteId=demo`, {
      method: 'POST', headers: { Authorization: `Bearer ${hub.adminToken}`, 'Content-Type': 'application/json' },
      body: new Uint8Array(readFileSync(join(FIX, 'procedures-sample.json'))),
    });
    expect(r.status).toBe(200);
    await admin('PATCH', '/api/procedures/fields/1.000003?siteId=demo', { serviceId: 'svc-a' });
    await admin('PATCH', '/api/sites/demo', { procedureUrlTemplate: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}' });
    const { pairingCode } = await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số tra cứu' });
    browser = await launchBrowser();
    page = (await browser.newPage()) as Page & { errors: string[] };
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.setViewport({ width: 1080, height: 1920, hasTouch: true });
    await page.goto(`${hub.url}/kiosk?pair=${pairingCode}`, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('finds "Đăng ký khai sinh" from plain letters typed on the on-screen keyboard', async () => {
    await (await deep(page, 'kiosk-app >>> button[data-look-up]')).tap();
    await waitForText(page, 'Tra cứu thủ tục hành chính', 30_000);
    await waitForResults(page, (n) => n.length === 12);
    await typeOnScreen(page, 'khai sinh');
    const names = await waitForResults(page, (n) => n.length > 0 && n.length < 12);
    expect(names[0]).toBe('Đăng ký khai sinh');
    expect(names).not.toContain('Đăng ký kết hôn');
    await screenshot(page, 'kiosk-procedures-1-search');
    await (await deep(page, 'kiosk-app >>> kiosk-keyboard >>> button[data-key="Clear"]')).tap();
    await typeOnScreen(page, 'dang ky k');
    const again = await waitForResults(page, (n) => n.includes('Đăng ký khai sinh') && n.includes('Đăng ký kết hôn') && !n.includes('Chứng thực chữ ký trong giấy tờ, văn bản'));
    expect(again).toContain('Đăng ký khai tử');
  });

  it('browses by field', async () => {
    await (await deep(page, 'kiosk-app >>> kiosk-keyboard >>> button[data-key="Clear"]')).tap();
    await (await deep(page, 'kiosk-app >>> kiosk-procedure-search >>> button[data-field="2.000001"]')).tap();
    const names = await waitForResults(page, (n) => n.length === 3);
    expect(names.every((n) => n.startsWith('Chứng thực'))).toBe(true);
    await screenshot(page, 'kiosk-procedures-2-field');
    await (await deep(page, 'kiosk-app >>> kiosk-procedure-search >>> button[data-field=""]')).tap();
    await waitForResults(page, (n) => n.length === 12);
  });

  it("shows the procedure's documents, fee, time and portal QR, and takes a ticket carrying its code", async () => {
    await typeOnScreen(page, 'khai sinh');
    await waitForResults(page, (n) => n[0] === 'Đăng ký khai sinh' && n.length < 12);
    await (await deep(page, 'kiosk-app >>> kiosk-procedure-search >>> button[data-procedure="1.001193"]')).tap();
    const text = await waitForText(page, 'Giấy tờ cần mang', 30_000);
    expect(text).toContain('Tờ khai đăng ký khai sinh');
    expect(text).toContain('Giấy chứng sinh');
    expect(text).toContain('Bản chính');
    expect(text).toContain('Miễn phí');
    expect(text).toContain('Ngay trong ngày');
    expect(await page.$('kiosk-app >>> kiosk-procedure-page >>> luot-qr >>> svg path')).not.toBeNull();
    await screenshot(page, 'kiosk-procedures-3-page');
    await (await deep(page, 'kiosk-app >>> kiosk-procedure-page >>> button[data-take-ticket]')).tap();
    const answer = page.waitForResponse((r: HTTPResponse) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST');
    await (await deep(page, 'kiosk-app >>> kiosk-priority-choice >>> button[data-priority="none"]')).tap();
    const res = await answer;
    const ticket = ((await res.json()) as { ticket: Ticket }).ticket;
    expect(res.status()).toBe(201);
    expect(ticket.procedureCode).toBe('1.001193');
    expect(ticket.serviceId).toBe('svc-a');
    const shown = await (await deep(page, 'kiosk-app >>> [data-ticket-number]')).evaluate((e) => e.textContent?.trim());
    expect(shown).toBe(ticket.number);
    await screenshot(page, 'kiosk-procedures-4-ticket');
    expect(page.errors).toEqual([]);
  });
});
