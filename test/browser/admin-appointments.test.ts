// The admin's appointments page (/admin#appointments) against the real hub in real Chromium: slots
// set for a service are what the public API then offers, a date without times offers nothing, a
// booking shows in the day's list with its phone masked, and the booking poster (QR of <origin>/book)
// prints alone on one A4 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, startHub, type HubHandle } from '../helpers/hub.js';
import { click, textOf, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

const W = 1440, H = 900;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const tomorrow = addDays(today, 1), holiday = addDays(today, 2);

async function fill(selector: string, value: string): Promise<void> {
  await page.locator(`>>> ${selector}`).setTimeout(10_000).fill(value);
}

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub({ env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  browser = await launchBrowser();
  page = await openPage(browser, `${hub.url}/admin#appointments`, W, H);
  await fill('#username', 'admin');
  await fill('#password', ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('admin appointments page', () => {
  it('sets slots for a service every day, and the public API offers them', async () => {
    await waitForSelectorText(page, '#rules', 'Lĩnh vực này chưa nhận đặt lịch');
    const sel = await page.waitForSelector('>>> #appt-service');
    await sel!.select('svc-a');
    await sel!.dispose();
    for (const w of [6, 7]) await click(page, `input[name="wd-${w}"]`); // every day: the test may run on a weekend
    await fill('input[name="from"]', '08:00');
    await fill('input[name="to"]', '10:00');
    await fill('input[name="every"]', '30');
    await click(page, '#generate');
    await until(async () => (await page.$eval('>>> textarea[name="times"]', (e) => (e as HTMLTextAreaElement).value)) === '08:00, 08:30, 09:00, 09:30', 'the generated times');
    await fill('input[name="capacity"]', '4');
    await screenshot(page, 'admin-appointments-01-form');
    await click(page, '#save-slots');
    await waitForSelectorText(page, 'admin-appointments >>> #message', 'Đã lưu khung giờ');
    await waitForSelectorText(page, '#rules tr[data-rule="wd-1"]', 'T2 08:00, 08:30, 09:00, 09:30 4');
    await waitForSelectorText(page, '#rules tr[data-rule="wd-7"]', 'CN 08:00, 08:30, 09:00, 09:30 4');

    const admin = api(hub.url, hub.adminToken);
    const slots = await admin('GET', '/api/appointments/slots?siteId=demo&serviceId=svc-a');
    expect(slots.status).toBe(200);
    expect(slots.body.rules.map((r: { weekday: number }) => r.weekday).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const r of slots.body.rules) expect(r).toMatchObject({ serviceId: 'svc-a', date: null, times: ['08:00', '08:30', '09:00', '09:30'], capacity: 4 });
    // What a citizen's phone is offered: tomorrow, all four times with room for four.
    const pub = await api(hub.url)('GET', `/api/appointments/availability?serviceId=svc-a&from=${tomorrow}&days=1`);
    expect(pub.status).toBe(200);
    expect(pub.body.days[0].date).toBe(tomorrow);
    expect(pub.body.days[0].slots.map((s: { time: string; capacity: number; available: number }) => [s.time, s.capacity, s.available]))
      .toEqual([['08:00', 4, 4], ['08:30', 4, 4], ['09:00', 4, 4], ['09:30', 4, 4]]);
    const options = await api(hub.url)('GET', '/api/appointments/options');
    expect(options.body.sites[0].services.map((s: { code: string }) => s.code)).toEqual(['A']);
  });

  it('closes one date to appointments (no times that day)', async () => {
    await click(page, 'input[name="mode"][value="date"]');
    await fill('input[name="date"]', holiday);
    await click(page, 'textarea[name="times"]');
    await page.keyboard.down('Control'); await page.keyboard.press('a'); await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await click(page, '#save-slots');
    await waitForSelectorText(page, `#rules tr[data-rule="${holiday}"]`, 'Không nhận lịch');
    const pub = await api(hub.url)('GET', `/api/appointments/availability?serviceId=svc-a&from=${holiday}&days=1`);
    expect(pub.body.days.flatMap((d: { slots: unknown[] }) => d.slots)).toEqual([]);
  });

  it('shows the day\'s bookings with the phone masked', async () => {
    const booked = await api(hub.url)('POST', '/api/appointments', { serviceId: 'svc-a', date: tomorrow, time: '08:30', name: 'Nguyễn Thị Hoa', phone: '0912 345 678', consent: true });
    expect(booked.status).toBe(201);
    const code = booked.body.appointment.code as string;
    await fill('#bookings-card input[name="day"]', tomorrow);
    const row = await waitForSelectorText(page, `#bookings tr[data-code="${code}"]`, 'Nguyễn Thị Hoa');
    expect(row).toContain('08:30');
    expect(row).toContain(`${code.slice(0, 4)} ${code.slice(4)}`);
    expect(row).toContain('0912 *** 678');
    expect(row).toContain('Đã đặt');
    expect(row).not.toContain('345');
    const card = await page.$('>>> #bookings-card');
    await card!.scrollIntoView();
    await card!.dispose();
    await screenshot(page, 'admin-appointments-02-bookings');
  });

  it('shows a QR poster of the booking page that prints alone on one A4 page', async () => {
    expect(await textOf(page, '#book-url')).toBe(`${hub.url}/book`);
    await until(() => page.$('>>> #poster luot-qr >>> svg path'), 'the QR code');
    expect(await page.$eval('>>> #poster luot-qr', (e) => (e as HTMLElement & { text: string }).text)).toBe(`${hub.url}/book`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-appointments-03-poster');
    await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
    await click(page, '#print-poster');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMediaType('print');
    await page.setViewport({ width: 794, height: 1123 });
    const shown = await page.evaluate(() => {
      const app = document.querySelector('admin-app')!.shadowRoot!;
      const appt = app.querySelector('admin-appointments')!.shadowRoot!;
      const on = (el: Element | null) => !!el && el.checkVisibility();
      return { header: on(app.querySelector('header')), rules: on(appt.querySelector('#rules')), bookings: on(appt.querySelector('#bookings')),
        print: on(appt.querySelector('#print-poster')), poster: on(appt.querySelector('#poster')) };
    });
    expect(shown).toEqual({ header: false, rules: false, bookings: false, print: false, poster: true });
    await screenshot(page, 'admin-appointments-04-poster-print');
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    // A4 is 595 x 842 points.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!;
    expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
    await page.emulateMediaType('screen');
    await page.setViewport({ width: W, height: H });
    expect(page.errors, page.errors.join('\n')).toEqual([]);
  });
});
