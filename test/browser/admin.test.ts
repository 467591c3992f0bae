// The admin console (/admin, 1440x900) against the real hub in real Chromium, with a month of
// generated history: sign in, today's board, a service with issuing hours, a counter with its
// services in order, a kiosk device with its pairing code and QR (then seen online live), a
// setting that reaches a display at once, a report with its charts, and the English switch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { writeHistory } from '../bench/history.js';
import { click, pageText, textOf, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

const W = 1440, H = 900;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
const sockets: Socket[] = [];
const yesterday = new Date(Date.now() + 7 * 3600_000 - 86400_000).toISOString().slice(0, 10);

async function fill(selector: string, value: string): Promise<void> {
  await page.locator(`>>> ${selector}`).setTimeout(20_000).fill(value);
}
async function select(selector: string, value: string): Promise<void> {
  const el = await page.waitForSelector(`>>> ${selector}`);
  await el!.select(value);
  await el!.dispose();
}
async function nav(section: string): Promise<void> {
  // The link itself, not a point on the screen: the menu moves while a banner or message appears.
  const link = await page.waitForSelector(`>>> #nav-${section}`, { timeout: 20_000 });
  await link!.evaluate((a) => (a as HTMLAnchorElement).click());
  await link!.dispose();
  // The section is on screen before the test looks inside it.
  await page.waitForSelector(`>>> admin-${section}`, { timeout: 20_000 });
}

beforeAll(async () => {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'luot-admin-'));
  writeHistory(dataDir, { days: 22, ticketsPerDay: 160, siteIds: ['demo'], endDate: yesterday, seed: 7 });
  hub = await startHub({ dataDir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  // Some of today, so that the live board has figures.
  const admin = api(hub.url, hub.adminToken);
  for (const s of ['svc-a', 'svc-a', 'svc-b', 'svc-c']) await admin('POST', '/api/tickets', { serviceId: s });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('admin console', () => {
  it('refuses a wrong password, then signs in to today\'s board', async () => {
    page = await openPage(browser, `${hub.url}/admin`, W, H);
    await waitForSelectorText(page, 'admin-sign-in >>> h1', 'Đăng nhập quản trị');
    await fill('#username', 'admin');
    await fill('#password', 'sai-mat-khau');
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#sign-in-error', 'Sai tên đăng nhập hoặc mật khẩu');
    await screenshot(page, 'admin-01-sign-in-error');
    page.errors.length = 0; // the refused sign-in's 401 is expected in the console
    await fill('#password', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#kpi-issued', /Phiếu đã cấp\s*4/);
    await waitForSelectorText(page, '#kpi-waiting', /Đang chờ\s*4/);
    const text = await pageText(page);
    expect(text).toContain('Quầy 1');
    expect(text).toContain('Số phiếu theo giờ');
    await until(() => page.$('>>> admin-today >>> admin-chart >>> canvas'), 'the hourly chart');
    await screenshot(page, 'admin-02-today');
  });

  it('creates a service with issuing hours and a closed day', async () => {
    await nav('services');
    await click(page, '#add-service');
    await fill('input[name="code"]', 'L');
    await fill('input[name="nameVi"]', 'Lý lịch tư pháp');
    await fill('input[name="nameEn"]', 'Judicial records');
    await fill('input[name="dailyCap"]', '120');
    await fill('input[name="end-0"]', '11:00');
    await click(page, 'input[name="wd-6"]'); // also Saturday mornings
    await fill('input[name="newClosed"]', '2026-09-02');
    await click(page, '#add-closed');
    await waitForSelectorText(page, '#service-form', '2026-09-02');
    await screenshot(page, 'admin-03-service-form');
    await click(page, '#save-service');
    await waitForSelectorText(page, 'tr[data-code="L"]', 'Lý lịch tư pháp');
    const { body } = await api(hub.url, hub.adminToken)('GET', '/api/services?siteId=demo');
    const l = body.services.find((s: any) => s.code === 'L');
    expect(l).toMatchObject({
      name: { vi: 'Lý lịch tư pháp', en: 'Judicial records' }, dailyCap: 120, active: true,
      hours: { sessions: [{ start: '07:00', end: '11:00' }, { start: '13:15', end: '16:30' }], weekdays: [1, 2, 3, 4, 5, 6], closedDates: ['2026-09-02'] },
    });
    expect(await textOf(page, 'tr[data-code="L"]')).toContain('07:00–11:00, 13:15–16:30');
    await screenshot(page, 'admin-04-services');
  });

  it('creates a counter serving two services in order', async () => {
    await nav('counters');
    await click(page, '#add-counter');
    await fill('#counter-form input[name="name"]', 'Quầy 7 – Lý lịch tư pháp');
    await click(page, '#counter-services label[data-service="A"] input');
    await click(page, '#counter-services label[data-service="L"] input');
    // L was ticked second: move it up to be served first.
    await click(page, '#counter-services .item[data-service="L"] button');
    await waitForSelectorText(page, '#counter-services .item.on', /1\. Lý lịch tư pháp/);
    await screenshot(page, 'admin-05-counter-form');
    await click(page, '#save-counter');
    await waitForSelectorText(page, 'tr[data-number="7"]', 'Quầy 7 – Lý lịch tư pháp');
    const { body } = await api(hub.url, hub.adminToken)('GET', '/api/counters?siteId=demo');
    const services = (await api(hub.url, hub.adminToken)('GET', '/api/services?siteId=demo')).body.services;
    const code = (id: string) => services.find((s: any) => s.id === id).code;
    expect(body.counters.find((c: any) => c.number === 7).serviceIds.map(code)).toEqual(['L', 'A']);
  });

  it('creates a kiosk, shows its pairing code and QR, and sees it come online', async () => {
    await nav('devices');
    await click(page, '#add-device');
    await select('#device-form select[name="kind"]', 'kiosk');
    await fill('#device-form input[name="name"]', 'Máy lấy số sảnh A');
    await fill('#device-form input[name="printer"]', 'tcp://127.0.0.1:9100');
    await click(page, '#create-device');
    const code = (await waitForSelectorText(page, '#pairing-code', /^[A-Z0-9]{8}$/)).trim();
    expect(await textOf(page, '#pairing-address')).toBe(`${hub.url}/kiosk?pair=${code}`);
    await until(() => page.$('>>> #pairing luot-qr >>> svg path'), 'the QR code');
    await waitForSelectorText(page, 'tr[data-device="Máy lấy số sảnh A"]', /Chưa ghép nối.*tcp:\/\/127\.0\.0\.1:9100/);
    await screenshot(page, 'admin-06-pairing');
    // The code from the screen pairs the device; when it connects the list says so, live.
    const paired = await api(hub.url)('POST', '/api/devices/pair', { code });
    expect(paired.status).toBe(200);
    const s = io(hub.url, { auth: { token: paired.body.token }, transports: ['websocket'] });
    sockets.push(s);
    await waitForSelectorText(page, 'tr[data-device="Máy lấy số sảnh A"] .state', 'Đang kết nối');
    await click(page, '#pairing button');
    await screenshot(page, 'admin-07-devices-online');
    s.disconnect();
    await waitForSelectorText(page, 'tr[data-device="Máy lấy số sảnh A"] .state', 'Mất kết nối');
  });

  it("sets a kiosk's own printer (Star, text) in the devices form; unset ones follow the site", async () => {
    await click(page, 'tr[data-device="Máy lấy số sảnh A"] .edit-printer');
    await waitForSelectorText(page, '#device-form h3', 'Máy in của "Máy lấy số sảnh A"');
    // Every setting starts at the site's, named with its value.
    await waitForSelectorText(page, '#printer-settings select[name="printerType"] option[value=""]', 'Theo cài đặt của điểm (Epson, Xprinter (ESC/POS))');
    await select('#printer-settings select[name="printerType"]', 'star');
    await select('#printer-settings select[name="printMode"]', 'text');
    // Star has no WPC1258: the form says so and will not save it.
    await select('#printer-settings select[name="textCodePage"]', 'wpc1258');
    await waitForSelectorText(page, '#printer-settings .msg.error', 'Máy Star không có bảng mã WPC1258');
    await select('#printer-settings select[name="textCodePage"]', '');
    await screenshot(page, 'admin-07b-kiosk-printer');
    await click(page, '#create-device');
    await waitForSelectorText(page, 'tr[data-device="Máy lấy số sảnh A"] .printer-own-summary', 'In chữ (máy in cũ) · Star (Star Line Mode)');
    const { body } = await api(hub.url, hub.adminToken)('GET', '/api/devices?siteId=demo');
    expect(body.devices.find((d: any) => d.name === 'Máy lấy số sảnh A')).toMatchObject({ printer: 'tcp://127.0.0.1:9100', printerSettings: { printMode: 'text', printerType: 'star' } });
  });

  it('changes settings, and a lobby display gets them at once', async () => {
    const display = await pairDevice(hub, { kind: 'display', name: 'TV sảnh' });
    const s = io(hub.url, { auth: { token: display.token }, transports: ['websocket'] });
    sockets.push(s);
    const changed = new Promise<any>((res) => s.on('settings:changed', res));
    await new Promise<void>((r) => s.once("connect", () => r()));
    await nav('settings');
    await fill('input[name="recallLimit"]', '2');
    await fill('textarea[name="displayTicker"]', 'Trung tâm làm việc cả sáng thứ Bảy. Xin cảm ơn quý công dân!');
    await click(page, '#save-settings');
    await waitForSelectorText(page, 'admin-settings >>> #message', 'Đã lưu');
    const e = await changed;
    expect(e.settings).toMatchObject({ recallLimit: 2, displayTicker: 'Trung tâm làm việc cả sáng thứ Bảy. Xin cảm ơn quý công dân!' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-08-settings');
  });

  it('opens a month\'s report with its charts', async () => {
    await nav('reports');
    await select('select[name="kind"]', 'month');
    await fill('input[name="anchor"]', yesterday);
    await click(page, '#show-report');
    await waitForSelectorText(page, '#report-table', 'A – Tư pháp – Hộ tịch');
    const total = await textOf(page, '#report-table tr.total');
    expect(total).toMatch(/^Tổng cộng/);
    for (const id of ['chart-hourly', 'chart-wait', 'chart-satisfaction']) {
      await until(() => page.$(`>>> #${id} >>> canvas`), `${id} drawn`);
    }
    // The table's total equals the API's for the same period.
    const from = `${yesterday.slice(0, 8)}01`;
    const range = (await textOf(page, '#report-range'))!;
    expect(range).toContain(`01/${yesterday.slice(5, 7)}/${yesterday.slice(0, 4)}`);
    const last = new Date(Date.UTC(Number(yesterday.slice(0, 4)), Number(yesterday.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const api1 = await api(hub.url, hub.adminToken)('GET', `/api/reports?siteId=demo&from=${from}&to=${last}&groupBy=service`);
    expect(total).toContain(api1.body.total.issued.toLocaleString('vi-VN'));
    await screenshot(page, 'admin-09-report');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const charts = await page.$('>>> #charts');
    await charts!.scrollIntoView();
    await screenshot(page, 'admin-10-report-charts');
  });

  it('switches to English', async () => {
    await click(page, 'luot-lang-switch >>> button');
    await waitForSelectorText(page, '#nav-reports', 'Reports');
    await click(page, '#show-report');
    await waitForSelectorText(page, '#report-table', 'A – Justice – Civil status');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-11-report-en');
    expect(page.errors, page.errors.join("\n")).toEqual([]);
  });
});
