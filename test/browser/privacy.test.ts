// Personal data in the browser (Chromium): a citizen checks in at the kiosk by scanning the chip ID
// card's QR with the wedge scanner (keys typed fast, ending in Enter); the ticket comes out and no
// part of the card is left in the data dir. Then the admin's personal data page looks the person up
// and erases them. Screenshots: test/screenshots/privacy-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowser, scan, screenshot as rawScreenshot, waitForText } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, createDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { localSlot, waitPastMidnightIfClose } from '../phone/slots.js';
import { filesContaining } from '../privacy/support.js';
import { click, isolatedPage, type TestPage } from './counter-helpers.js';

const CARD = '079190001234|281234567|Nguyễn Văn Thẻ|01021990|Nam|12 Đường Hoa Sứ, Phường 7, Quận Phú Nhuận, TP Hồ Chí Minh|15082021';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await rawScreenshot(page, name);
}

describe('personal data in the browser', { timeout: 300_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let kiosk: TestPage;
  let admin: TestPage;

  beforeAll(async () => {
    await waitPastMidnightIfClose(10);
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    const slot = localSlot(3);
    const a = api(hub.url, hub.adminToken);
    const weekday = ((new Date(`${slot.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    expect((await a('PUT', '/api/appointments/slots', { serviceId: 'svc-a', weekdays: [weekday], times: [slot.time], capacity: 3 })).status).toBe(200);
    const r = await api(hub.url)('POST', '/api/appointments', { serviceId: 'svc-a', ...slot, name: 'Nguyễn Văn Thẻ', phone: '0909000111', birthDate: '1990-02-01', consent: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }, 600_000);

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('the kiosk checks in with the chip ID card QR, and keeps nothing of it', async () => {
    const { pairingCode } = await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số sảnh' });
    kiosk = await isolatedPage(browser, `${hub.url}/kiosk?pair=${pairingCode}`, 1080, 1920, true);
    await waitForText(kiosk, 'Tôi có lịch hẹn', 20_000);
    await click(kiosk, 'kiosk-app >>> [data-have-appointment]');
    const notice = await waitForText(kiosk, 'Thẻ căn cước chỉ dùng để tìm lịch hẹn');
    expect(notice).toContain('nothing on the card is kept');
    await screenshot(kiosk, 'privacy-kiosk-card-notice');
    await scan(kiosk, CARD);
    await waitForText(kiosk, /A\d{3}/, 20_000);
    await screenshot(kiosk, 'privacy-kiosk-card-ticket');
    const parts = ['079190001234', '281234567', 'Nguyễn Văn Thẻ', 'NGUYEN VAN THE', '01021990', 'Hoa Sứ', '15082021'];
    expect(filesContaining(hub.dataDir, parts)).toEqual([]);
    for (const p of parts) expect(hub.output()).not.toContain(p);
  });

  it('the admin looks the person up and erases them', async () => {
    admin = await isolatedPage(browser, `${hub.url}/admin#privacy`, 1400, 1000);
    await admin.locator('>>> #username').setTimeout(10_000).fill('admin');
    await admin.locator('>>> #password').fill(ADMIN_PASSWORD);
    await admin.keyboard.press('Enter');
    await waitForText(admin, 'Thời hạn lưu', 20_000);
    await admin.locator('>>> #subject-query').fill('0909 000 111');
    await click(admin, 'admin-privacy >>> #subject-look');
    const found = await waitForText(admin, 'Nguyễn Văn Thẻ');
    expect(found).toContain('0909000111');
    expect(found).toContain('1990-02-01');
    await screenshot(admin, 'privacy-admin-subject');
    admin.on('dialog', (d) => { void d.accept(); });
    await click(admin, 'admin-privacy >>> #subject-erase');
    await waitForText(admin, 'Đã xoá dữ liệu cá nhân');
    const after = await waitForText(admin, 'Lịch hẹn (thông tin liên hệ): 1');
    expect(after).not.toContain('Nguyễn Văn Thẻ');
    await screenshot(admin, 'privacy-admin-erased');
    expect(filesContaining(hub.dataDir, ['0909000111', 'Nguyễn Văn Thẻ'])).toEqual([]);
  });
});
