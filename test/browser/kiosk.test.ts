// The kiosk in real Chromium against the real hub: unpaired, paired by address, a normal and a
// priority ticket taken by touch in portrait and landscape, refusals shown on the buttons, the
// "remember your number" screen, and the hub going away. Screenshots go to test/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ElementHandle, HTTPResponse, Page } from 'puppeteer-core';
import type { Ticket } from '../../common/types.js';
import { deepText, launchBrowser, screenshot, waitForText as waitForTextShort } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { gzippedJs } from './bundle-size.js';

/** Waits for a state, generously: a busy machine may be slow; nothing here measures time. */
const waitForText = (page: Page, pattern: RegExp | string, timeoutMs = 30_000) => waitForTextShort(page, pattern, timeoutMs);

type TestPage = Page & { errors: string[] };

/** A touch-screen page of the given size (hasTouch must be set before the page loads). */
async function openTouchPage(browser: Browser, url: string, width: number, height: number): Promise<TestPage> {
  const page = (await browser.newPage()) as TestPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.setViewport({ width, height, hasTouch: true });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

async function deep(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(selector, { timeout: 30_000 });
  if (!el) throw new Error(`${selector} not found`);
  return el;
}

/** Touch an element and return the hub's answer to the POST /api/tickets it causes. */
async function touchAndIssue(page: Page, selector: string): Promise<{ status: number; ticket: Ticket | null }> {
  const answer = page.waitForResponse((r: HTTPResponse) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST');
  await (await deep(page, selector)).tap();
  const res = await answer;
  const body = (await res.json()) as { ticket?: Ticket };
  return { status: res.status(), ticket: body.ticket ?? null };
}

async function shownNumber(page: Page): Promise<string> {
  const el = await deep(page, 'kiosk-app >>> [data-ticket-number]');
  return (await el.evaluate((e) => e.textContent ?? '')).trim();
}

async function buttonsDisabled(page: Page): Promise<boolean[]> {
  const handles = await page.$$('kiosk-app >>> kiosk-service-button >>> button');
  return Promise.all(handles.map((h) => h.evaluate((b) => (b as HTMLButtonElement).disabled)));
}

describe('kiosk', { timeout: 180_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let pairingCode = '';

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    pairingCode = (await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số sảnh chính' })).pairingCode;
  });

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('the bundle is at most 100 KB of gzipped JavaScript', () => {
    const { files, gzipBytes } = gzippedJs('kiosk/index.html');
    console.log(`kiosk JS: ${files.join(', ')}: ${(gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(100 * 1024);
  });

  it('an unpaired kiosk says so and how to pair it', async () => {
    const page = await openTouchPage(browser, `${hub.url}/kiosk`, 1080, 1920);
    await waitForText(page, 'Máy lấy số chưa được ghép nối');
    await waitForText(page, '/kiosk?pair=');
    expect(await page.$$('kiosk-app >>> a')).toHaveLength(0);
    await screenshot(page, 'kiosk-portrait-unpaired');
    await page.close();
  });

  it('a wrong pairing code is refused plainly', async () => {
    const page = await openTouchPage(browser, `${hub.url}/kiosk?pair=WRONG1`, 1080, 1920);
    await waitForText(page, 'Ghép nối không thành công');
    expect(page.url()).not.toContain('pair=');
    await page.close();
  });

  it('pairs by address and issues a normal and a priority ticket by touch (portrait)', async () => {
    const page = await openTouchPage(browser, `${hub.url}/kiosk?pair=${pairingCode}`, 1080, 1920);
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết');
    expect(page.url()).toBe(`${hub.url}/kiosk`);
    await waitForText(page, 'Tư pháp – Hộ tịch');
    await waitForText(page, 'UBND PHƯỜNG DEMO');
    expect(await buttonsDisabled(page)).toEqual(new Array(10).fill(false));
    await screenshot(page, 'kiosk-portrait-grid');

    // normal ticket: service A, then "no priority"
    await (await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="A"]')).tap();
    await waitForText(page, 'Bạn có thuộc diện ưu tiên không?');
    for (const word of ['Người cao tuổi', 'Người khuyết tật', 'Phụ nữ mang thai', 'Trẻ em', 'Người có công']) await waitForText(page, word);
    await screenshot(page, 'kiosk-portrait-priority');
    const normal = await touchAndIssue(page, 'kiosk-app >>> kiosk-priority-choice >>> button[data-priority="none"]');
    expect(normal.status).toBe(201);
    expect(normal.ticket?.priority).toBeNull();
    expect(await shownNumber(page)).toBe(normal.ticket!.number);
    const text = await waitForText(page, 'PHIẾU SỐ THỨ TỰ');
    expect(text).toContain('Số người chờ trước');
    expect(await page.$('kiosk-app >>> luot-qr >>> svg path')).not.toBeNull();
    const stored = await api(hub.url)<{ ticket: Ticket }>('GET', `/api/tickets/${normal.ticket!.id}`);
    expect(stored.body.ticket.number).toBe(normal.ticket!.number);
    await screenshot(page, 'kiosk-portrait-ticket');

    // back to the grid by touch; the waiting count of A now includes the ticket
    await (await deep(page, 'kiosk-app >>> kiosk-ticket-view >>> button')).tap();
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết');
    await waitForText(page, '1 người đang chờ');

    // priority ticket: service B, "người cao tuổi"
    await (await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="B"]')).tap();
    const priority = await touchAndIssue(page, 'kiosk-app >>> kiosk-priority-choice >>> button[data-priority="elderly"]');
    expect(priority.status).toBe(201);
    expect(priority.ticket?.priority).toBe('elderly');
    expect(priority.ticket?.number).toMatch(/^B\d{3}$/);
    expect(await shownNumber(page)).toBe(priority.ticket!.number);
    await waitForText(page, 'Ưu tiên: Người cao tuổi');
    await screenshot(page, 'kiosk-portrait-ticket-priority');

    // the hub says printing failed: the number stays, large, with "remember your number"
    await page.evaluate((id) => (document.querySelector('kiosk-app') as unknown as { printFailedFor(id: string): void }).printFailedFor(id), priority.ticket!.id);
    await waitForText(page, 'Vui lòng ghi nhớ số của bạn');
    expect(await shownNumber(page)).toBe(priority.ticket!.number);
    await screenshot(page, 'kiosk-portrait-print-failed');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('landscape: grid, priority choice and ticket; English on request', async () => {
    const page = await openTouchPage(browser, `${hub.url}/kiosk`, 1920, 1080);
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết');
    await waitForText(page, 'Tư pháp – Hộ tịch');
    await screenshot(page, 'kiosk-landscape-grid');
    await (await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="C"]')).tap();
    await waitForText(page, 'Bạn có thuộc diện ưu tiên không?');
    await screenshot(page, 'kiosk-landscape-priority');
    const t = await touchAndIssue(page, 'kiosk-app >>> kiosk-priority-choice >>> button[data-priority="pregnant"]');
    expect(t.status).toBe(201);
    expect(await shownNumber(page)).toBe(t.ticket!.number);
    await screenshot(page, 'kiosk-landscape-ticket');
    await page.evaluate((id) => (document.querySelector('kiosk-app') as unknown as { printFailedFor(id: string): void }).printFailedFor(id), t.ticket!.id);
    await waitForText(page, 'Vui lòng ghi nhớ số của bạn');
    await screenshot(page, 'kiosk-landscape-print-failed');
    await (await deep(page, 'kiosk-app >>> kiosk-ticket-view >>> button')).tap();

    await (await deep(page, 'kiosk-app >>> luot-lang-switch >>> button')).tap();
    await waitForText(page, 'Please choose a service');
    await waitForText(page, 'Justice – Civil status');
    await screenshot(page, 'kiosk-landscape-grid-en');
    await (await deep(page, 'kiosk-app >>> luot-lang-switch >>> button')).tap();
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('goes back to the service grid in Vietnamese when nobody touches it', async () => {
    const page = await openTouchPage(browser, `${hub.url}/kiosk?idle=3`, 1080, 1920);
    await waitForText(page, 'Tư pháp – Hộ tịch');
    await (await deep(page, 'kiosk-app >>> luot-lang-switch >>> button')).tap();
    await (await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="A"]')).tap();
    await waitForText(page, 'Are you entitled to priority?');
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết');
    expect(await page.$('kiosk-app >>> kiosk-priority-choice')).toBeNull();
    await page.close();
  });

  it('services over their cap or outside their hours are shown greyed with the reason', async () => {
    const admin = api(hub.url, hub.adminToken);
    const capped = await admin<{ service: { id: string } }>('POST', '/api/services', { siteId: 'demo', code: 'X', name: { vi: 'Thử hết số', en: 'Cap test' }, dailyCap: 1 });
    expect(capped.status).toBe(201);
    const closed = await admin<{ service: { id: string } }>('POST', '/api/services', { siteId: 'demo', code: 'Y', name: { vi: 'Thử ngoài giờ', en: 'Hours test' } });
    expect(closed.status).toBe(201);
    // one issuing minute twelve hours from now, every day: now is outside it
    const hh = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const start = `${String((hh + 12) % 24).padStart(2, '0')}:00`;
    const end = `${String((hh + 12) % 24).padStart(2, '0')}:01`;
    const patched = await admin('PATCH', `/api/services/${closed.body.service.id}`, { hours: { sessions: [{ start, end }], weekdays: [1, 2, 3, 4, 5, 6, 7], closedDates: [] } });
    expect(patched.status).toBe(200);
    expect((await admin('POST', '/api/tickets', { serviceId: capped.body.service.id })).status).toBe(201);

    const page = await openTouchPage(browser, `${hub.url}/kiosk`, 1080, 1920);
    await waitForText(page, 'Thử hết số');
    await waitForText(page, 'Hết số hôm nay');
    await waitForText(page, 'Ngoài giờ cấp số');
    const x = await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="X"]');
    const y = await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="Y"]');
    expect(await x.evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await y.evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await (await deep(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="A"]')).evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(false);
    await screenshot(page, 'kiosk-portrait-grid-refusals');
    await page.close();
  });

  it('issues at the first touch where the site does not use priority', async () => {
    const admin = api(hub.url, hub.adminToken);
    const page = await openTouchPage(browser, `${hub.url}/kiosk`, 1080, 1920);
    await waitForText(page, 'Tư pháp – Hộ tịch');
    expect((await admin('PATCH', '/api/sites/demo/settings', { priorityEnabled: false })).status).toBe(200);
    // the kiosk hears the change over its socket; give it the time the broadcast takes
    await page.waitForFunction(() => {
      const app = document.querySelector('kiosk-app') as unknown as { data: { settings: { priorityEnabled: boolean } | null } };
      return app.data.settings?.priorityEnabled === false;
    }, { timeout: 30_000 });
    const t = await touchAndIssue(page, 'kiosk-app >>> kiosk-service-button >>> button[data-code="D"]');
    expect(t.status).toBe(201);
    expect(t.ticket?.priority).toBeNull();
    expect(await shownNumber(page)).toBe(t.ticket!.number);
    expect(await page.$('kiosk-app >>> kiosk-priority-choice')).toBeNull();
    expect((await admin('PATCH', '/api/sites/demo/settings', { priorityEnabled: true })).status).toBe(200);
    await page.close();
  });

  it('says plainly when the hub is unreachable, disables every button, and recovers by itself', async () => {
    const code = (await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số 2' })).pairingCode;
    const portrait = await openTouchPage(browser, `${hub.url}/kiosk?pair=${code}`, 1080, 1920);
    await waitForText(portrait, 'Tư pháp – Hộ tịch');
    const landscape = await openTouchPage(browser, `${hub.url}/kiosk`, 1920, 1080);
    await waitForText(landscape, 'Tư pháp – Hộ tịch');
    const ticketsBefore = (await deepText(portrait)).match(/PHIẾU SỐ THỨ TỰ/g);
    expect(ticketsBefore).toBeNull();

    await hub.stop();
    for (const p of [portrait, landscape]) {
      await waitForText(p, 'Máy lấy số tạm thời mất kết nối');
      await waitForText(p, 'Chưa thể cấp số lúc này');
      const disabled = await buttonsDisabled(p);
      expect(disabled.length).toBeGreaterThan(0);
      expect(disabled.every(Boolean)).toBe(true);
    }
    await portrait.bringToFront();
    await screenshot(portrait, 'kiosk-portrait-offline');
    await landscape.bringToFront();
    await screenshot(landscape, 'kiosk-landscape-offline');
    await portrait.bringToFront();

    // a touch while offline issues nothing and shows no number
    await (await deep(portrait, 'kiosk-app >>> kiosk-service-button >>> button[data-code="A"]')).tap().catch(() => {});
    expect(await portrait.$('kiosk-app >>> [data-ticket-number]')).toBeNull();
    hub = await startHub({ dataDir: hub.dataDir, port: hub.port });
    await waitForText(portrait, 'Mời chọn lĩnh vực cần giải quyết');
    for (let i = 0; i < 300; i++) {
      const d = await buttonsDisabled(portrait);
      if (!(await deepText(portrait)).includes('mất kết nối') && d.filter((x) => !x).length >= 10) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await buttonsDisabled(portrait)).filter((x) => !x).length).toBeGreaterThanOrEqual(10);
    await (await deep(portrait, 'kiosk-app >>> kiosk-service-button >>> button[data-code="A"]')).tap();
    const again = await touchAndIssue(portrait, 'kiosk-app >>> kiosk-priority-choice >>> button[data-priority="none"]');
    expect(again.status).toBe(201);
    expect(await shownNumber(portrait)).toBe(again.ticket!.number);
    await portrait.close();
    await landscape.close();
  });
});
