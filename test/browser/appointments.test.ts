// Booked appointments end to end in real Chromium against the real hub: a citizen books on /book at
// phone size (390x844) and gets a code and QR; at the kiosk "Tôi có lịch hẹn" takes the code on the
// number pad, or from a keyboard-wedge scanner on the service grid; the ticket is called ahead of
// the walk-ins who came earlier (the slot is a few minutes ahead, inside the window); a code checks
// in once; cancel by code and phone number; the booking limits show on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Appointment } from '../../common/appointments.js';
import type { Ticket } from '../../common/types.js';
import { launchBrowser, scan, screenshot as rawScreenshot, waitForText as waitForTextShort } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';
import { click, isolatedPage, textOf, until, type TestPage } from './counter-helpers.js';
import { gzippedJs } from './bundle-size.js';

const waitForText = (page: Page, pattern: RegExp | string, timeoutMs = 30_000) => waitForTextShort(page, pattern, timeoutMs);
const PHONE = { w: 390, h: 844 };

/** A screenshot once the shipped font has loaded. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await rawScreenshot(page, name);
}

async function fill(page: Page, selector: string, value: string): Promise<void> {
  const el = page.locator(`>>> ${selector}`).setTimeout(20_000);
  await el.fill(value);
}

/** The kiosk's ticket screen goes back to the grid by itself after a few seconds, or on "Xong". */
async function backToGrid(kiosk: Page): Promise<void> {
  const done = await kiosk.$('>>> kiosk-app >>> kiosk-ticket-view >>> button');
  if (done) await done.click().catch(() => {});
  await waitForText(kiosk, 'Mời chọn lĩnh vực cần giải quyết');
}

describe('appointments: book, check in, called first, cancel', { timeout: 300_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let book: TestPage;
  let kiosk: TestPage;
  let kioskToken: string;
  let officer: string;
  let soon: { date: string; time: string };
  let later: { date: string; time: string };
  let first: Appointment;
  let bookedTicket: Ticket;
  const walkIns: Ticket[] = [];

  beforeAll(async () => {
    await waitPastMidnightIfClose(30);
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    soon = localSlot(3);
    later = localSlot(20);
    const admin = api(hub.url, hub.adminToken);
    const weekday = ((new Date(`${soon.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [soon.time, later.time], capacity: 2 })).status).toBe(200);
    expect((await admin('PUT', '/api/appointments/slots', { serviceId: 'svc-c', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['08:00', '08:30', '09:00', '14:00'], capacity: 4 })).status).toBe(200);
    kioskToken = (await pairDevice(hub, { kind: 'kiosk', name: 'Máy lấy số cửa phụ' })).token;
    officer = await login(hub, 'canbo1', hub.demo.canbo1);
    // walk-ins waiting for A before anyone checks in
    for (let i = 0; i < 3; i++) walkIns.push((await api(hub.url, kioskToken)<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket);
  }, 2_000_000);

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('the booking page is small: at most 60 KB of gzipped JavaScript', () => {
    const { files, gzipBytes } = gzippedJs('phone/book.html');
    console.log(`booking page JS: ${files.join(', ')}: ${(gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(gzipBytes).toBeLessThanOrEqual(60 * 1024);
  });

  it('a citizen books a slot on /book and gets a code and a QR code', async () => {
    book = await isolatedPage(browser, `${hub.url}/book`, PHONE.w, PHONE.h, true);
    await waitForText(book, 'Đặt lịch hẹn');
    await waitForText(book, 'Tư pháp – Hộ tịch');
    await screenshot(book, 'book-start');
    await click(book, 'book-app >>> [data-service="svc-a"]');
    await waitForText(book, 'Chọn giờ');
    // today comes first and is chosen; both slots are free
    expect(await textOf(book, `book-app >>> [data-day="${soon.date}"]`)).toMatch(/Hôm nay/);
    expect(await textOf(book, `book-app >>> [data-time="${soon.time}"]`)).toBe(`${soon.time}còn 2`);
    await screenshot(book, 'book-slots');
    await click(book, `book-app >>> [data-time="${soon.time}"]`);
    await fill(book, 'book-app >>> #name', 'Nguyễn Văn An');
    await fill(book, 'book-app >>> #phone', '0912 34');
    await click(book, 'book-app >>> #book-submit');
    await waitForText(book, 'Số điện thoại chưa đúng');
    // the notice in both languages, and no booking without the explicit tick
    await waitForText(book, 'Vui lòng đánh dấu đồng ý để đặt lịch');
    const notice = await waitForText(book, 'Thông báo xử lý dữ liệu cá nhân');
    expect(notice).toContain('Personal data notice');
    expect(notice).toContain('30 ngày sau ngày hẹn');
    await fill(book, 'book-app >>> #phone', '0912 345 678');
    await click(book, 'book-app >>> #consent');
    await screenshot(book, 'book-details');
    await click(book, 'book-app >>> #book-submit');
    await waitForText(book, 'Đặt lịch thành công');
    const code = (await textOf(book, 'book-app >>> [data-code]'))!.replace(/\s/g, '');
    expect(code).toMatch(/^\d{8}$/);
    const text = await waitForText(book, 'Mã lịch hẹn của bạn');
    expect(text).toContain(`lúc ${soon.time}`);
    expect(text).toContain('A · Tư pháp – Hộ tịch');
    expect(text).toContain('Nguyễn Văn An · 0912 *** 678');
    expect(text).not.toContain('345');
    expect(await book.$('>>> book-app >>> luot-qr >>> svg')).not.toBeNull();
    await screenshot(book, 'book-done');
    const list = await api(hub.url, hub.adminToken)<{ appointments: Appointment[] }>('GET', `/api/appointments?siteId=demo&date=${soon.date}`);
    first = list.body.appointments.find((a) => a.code === code)!;
    expect(first).toMatchObject({ time: soon.time, status: 'booked', name: 'Nguyễn Văn An' });
  });

  it('checks in at the kiosk with the code on the number pad; the ticket says the appointment', async () => {
    const { pairingCode } = await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số sảnh' });
    kiosk = await isolatedPage(browser, `${hub.url}/kiosk?pair=${pairingCode}`, 1080, 1920, true);
    await waitForText(kiosk, 'Mời chọn lĩnh vực cần giải quyết');
    await waitForText(kiosk, 'Tôi có lịch hẹn');
    await screenshot(kiosk, 'book-kiosk-grid');
    await click(kiosk, 'kiosk-app >>> [data-have-appointment]');
    await waitForText(kiosk, 'Nhập mã lịch hẹn');
    for (const d of first.code) await click(kiosk, `kiosk-app >>> kiosk-appointment >>> [data-key="${d}"]`);
    await until(async () => (await kiosk.$eval('>>> kiosk-app >>> kiosk-appointment >>> [data-code]', (e) => e.getAttribute('data-code'))) === first.code, 'the code on screen');
    await screenshot(kiosk, 'book-kiosk-code');
    const answer = kiosk.waitForResponse((r) => r.url().endsWith(`/api/appointments/${first.code}/check-in`));
    await click(kiosk, 'kiosk-app >>> kiosk-appointment >>> [data-submit]');
    const res = await answer;
    expect(res.status()).toBe(201);
    bookedTicket = ((await res.json()) as { ticket: Ticket }).ticket;
    const text = await waitForText(kiosk, `Đã nhận lịch hẹn lúc ${soon.time}`);
    expect(text).toContain('Bạn sẽ được gọi trước khi đến giờ hẹn.');
    const number = (await textOf(kiosk, 'kiosk-app >>> [data-ticket-number]'))!;
    expect(number).toBe('A004');
    // three walk-ins came earlier, but the slot is due: nobody is ahead
    expect(text).toContain('Số người chờ trước: 0');
    await screenshot(kiosk, 'book-kiosk-ticket');
    // its ticket page says why
    const p = await isolatedPage(browser, `${hub.url}/t/${bookedTicket.id}`, PHONE.w, PHONE.h, true);
    const page = await waitForText(p, `Lịch hẹn lúc ${soon.time}`);
    expect(page).toContain('Bạn có lịch hẹn: bạn sẽ được gọi trước khi đến giờ hẹn.');
    expect(page).not.toContain('Số người chờ trước bạn');
    await screenshot(p, 'phone-appointment');
    await p.close();
  });

  it('the booked ticket is called ahead of the walk-ins who came earlier', async () => {
    const o = api(hub.url, officer);
    expect((await o('POST', '/api/counters/counter-1/open')).status).toBe(200);
    const called = await o<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next');
    expect(called.body.ticket.number).toBe('A004');
    await o('POST', '/api/counters/counter-1/complete');
    expect((await o<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next')).body.ticket.number).toBe(walkIns[0]!.number);
  });

  it('a code checks in once: scanned again from the grid, the kiosk says which number it got', async () => {
    await backToGrid(kiosk);
    // a keyboard-wedge scanner: fast keys ending in Enter
    await scan(kiosk, first.code);
    await waitForText(kiosk, 'Lịch hẹn này đã được nhận số A004');
    await screenshot(kiosk, 'book-kiosk-refused');
    await click(kiosk, 'kiosk-app >>> kiosk-appointment >>> .back');
    await waitForText(kiosk, 'Mời chọn lĩnh vực cần giải quyết');
  });

  it('a scanner checks a second booking in straight from the grid', async () => {
    const r = await api(hub.url)<{ appointment: Appointment }>('POST', '/api/appointments', { serviceId: 'svc-a', ...soon, name: 'Lê Thị Bình', phone: '0987654321', consent: true });
    expect(r.status).toBe(201);
    await backToGrid(kiosk);
    await scan(kiosk, r.body.appointment.code);
    await waitForText(kiosk, `Đã nhận lịch hẹn lúc ${soon.time}`);
    expect(await textOf(kiosk, 'kiosk-app >>> [data-ticket-number]')).toBe('A005');
  });

  it('a full slot shows as full; the per-phone limit is refused with its reason', async () => {
    await click(book, 'book-app >>> .secondary');
    await waitForText(book, 'Chọn giờ');
    await until(async () => (await textOf(book, `book-app >>> [data-time="${soon.time}"]`)) === `${soon.time}hết chỗ`, 'the full slot');
    expect(await book.$eval(`>>> book-app >>> [data-time="${soon.time}"]`, (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect((await api(hub.url, hub.adminToken)('PUT', '/api/appointments/settings', { siteId: 'demo', maxPerPhonePerDay: 1 })).status).toBe(200);
    await click(book, `book-app >>> [data-time="${later.time}"]`);
    await fill(book, 'book-app >>> #name', 'Nguyễn Văn An');
    await fill(book, 'book-app >>> #phone', '0912345678');
    await click(book, 'book-app >>> #book-submit');
    await waitForText(book, 'Số điện thoại này đã đặt đủ 1 lịch hẹn trong ngày');
    await screenshot(book, 'book-limit');
    // another number may book it
    await fill(book, 'book-app >>> #phone', '0356 222 333');
    await fill(book, 'book-app >>> #name', 'Trần Thị Cúc');
    await click(book, 'book-app >>> #book-submit');
    await waitForText(book, 'Đặt lịch thành công');
    await waitForText(book, `lúc ${later.time}`);
  });

  it('cancels by code and phone number; the kiosk then refuses the code', async () => {
    const code = (await textOf(book, 'book-app >>> [data-code]'))!.replace(/\s/g, '');
    await book.reload({ waitUntil: 'load' });
    await click(book, 'book-app >>> [data-tab="cancel"]');
    await fill(book, 'book-app >>> #cancel-code', code);
    await fill(book, 'book-app >>> #cancel-phone', '0900000000');
    await click(book, 'book-app >>> #cancel-submit');
    await waitForText(book, 'Không tìm thấy lịch hẹn với mã này');
    await fill(book, 'book-app >>> #cancel-phone', '0356222333');
    await click(book, 'book-app >>> #cancel-submit');
    await waitForText(book, `Đã hủy lịch hẹn ${code.slice(0, 4)} ${code.slice(4)}.`);
    await screenshot(book, 'book-cancelled');

    await backToGrid(kiosk);
    await scan(kiosk, code);
    await waitForText(kiosk, 'Lịch hẹn này đã bị hủy');
  });

  it('the booking page in English', async () => {
    await click(book, 'book-app >>> luot-lang-switch >>> button');
    await click(book, 'book-app >>> [data-tab="book"]');
    await click(book, 'book-app >>> [data-service="svc-c"]');
    await waitForText(book, 'Choose a time');
    await screenshot(book, 'book-en');
    // refusals (404, 409) are logged by the browser as failed loads; nothing else may be
    expect(book.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    expect(kiosk.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
