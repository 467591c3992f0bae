// The ticket page (/t/<id>) at phone size, 390x844, in real Chromium against the real hub: it
// follows the queue (people ahead go down as others are called), tells the counter with a full
// screen and a chime when called and again on a recall, thanks after the service, says no-show,
// recovers after a hub restart without a reload, switches to English, and shows nothing of other
// tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Ticket } from '../../common/types.js';
import { deepText, launchBrowser, openPage, screenshot, waitForText as waitForTextShort } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { click, until } from './counter-helpers.js';
import { gzippedJs } from './bundle-size.js';

/** Generous: a busy machine may be slow; nothing here measures time. */
const waitForText = (page: Page, pattern: RegExp | string, timeoutMs = 30_000) => waitForTextShort(page, pattern, timeoutMs);
const W = 390, H = 844;

async function ahead(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('phone-app')?.shadowRoot?.querySelector('[data-ahead]')?.textContent?.trim() ?? '');
}
/** The call screen flashes a few times; a screenshot waits for it to settle on its colour. */
async function settled(page: Page): Promise<void> {
  await until(() => page.evaluate(() => {
    const el = document.querySelector('phone-app')?.shadowRoot?.querySelector('phone-called');
    return !!el && el.getAnimations().every((a) => a.playState === 'finished');
  }), 'the call screen to stop flashing');
}
async function played(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((document.querySelector('phone-app') as unknown as { alerter: { played: string[] } }).alerter.played)]);
}

describe('ticket page on a phone', { timeout: 240_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let kiosk: string;
  const officer: Record<number, string> = {};
  const tickets: Ticket[] = [];
  let page: Page & { errors: string[] };

  const counter = async (n: number, verb: string) => {
    const r = await api(hub.url, officer[n])<{ ticket: Ticket }>('POST', `/api/counters/counter-${n}/${verb}`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.ticket;
  };
  const issue = async (serviceId: string) => {
    const r = await api(hub.url, kiosk)<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId });
    expect(r.status).toBe(201);
    return r.body.ticket;
  };

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    kiosk = (await pairDevice(hub, { kind: 'kiosk' })).token;
    officer[1] = await login(hub, 'canbo1', hub.demo.canbo1);
    officer[2] = await login(hub, 'canbo2', hub.demo.canbo2);
    for (let i = 0; i < 6; i++) tickets.push(await issue('svc-a')); // A001..A006
  });

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('the page is small: at most 60 KB of gzipped JavaScript', () => {
    const { files, gzipBytes } = gzippedJs('phone/index.html');
    console.log(`ticket page JS: ${files.join(', ')}: ${(gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(gzipBytes).toBeLessThanOrEqual(60 * 1024);
  });

  it('shows the number, the service, people ahead and the wait, and follows the queue', async () => {
    const a4 = tickets[3]!;
    page = await openPage(browser, `${hub.url}/t/${a4.id}`, W, H);
    await waitForText(page, 'Đang cập nhật trực tiếp');
    const text = await waitForText(page, 'A004');
    expect(text).toContain('A · Tư pháp – Hộ tịch');
    expect(text).toContain('Số người chờ trước bạn');
    expect(await ahead(page)).toBe('3');
    expect(text).toMatch(/Thời gian chờ dự kiến\s*khoảng \d+ phút/);
    expect(text).toContain('Chạm để bật chuông báo');
    // nothing of other tickets
    for (const other of ['A001', 'A002', 'A003', 'A005', 'A006']) expect(text).not.toContain(other);
    await page.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
    await screenshot(page, 'phone-waiting');

    await counter(1, 'open');
    await counter(1, 'call-next'); // A001
    await until(async () => (await ahead(page)) === '2', 'ahead 2');
    await counter(1, 'complete');
    await counter(1, 'call-next'); // A002
    await until(async () => (await ahead(page)) === '1', 'ahead 1');
    await waitForText(page, /Thời gian chờ dự kiến\s*(khoảng \d+ phút|Sắp đến lượt bạn)/);
  });

  it('turns the call alert on with a tap', async () => {
    await click(page, 'phone-app >>> [data-sound="off"]');
    await waitForText(page, 'Chuông báo đã bật');
    expect(await page.evaluate(() => (document.querySelector('phone-app') as unknown as { alerter: { enabled: boolean } }).alerter.enabled)).toBe(true);
    await screenshot(page, 'phone-sound-on');
  });

  it('tells the counter, full screen, with a chime; a recall says so again', async () => {
    await counter(2, 'open');
    await counter(2, 'call-next'); // A003
    await until(async () => (await ahead(page)) === '0', 'ahead 0');
    await waitForText(page, 'Bạn là người tiếp theo');
    await counter(1, 'complete');
    const called = await counter(1, 'call-next');
    expect(called.number).toBe('A004');
    const text = await waitForText(page, 'Mời đến quầy số 1');
    expect(text).toContain('Đến lượt bạn!');
    expect(text).toContain('Số A004');
    await until(async () => (await played(page)).some((p) => p === 'chime' || p === 'beep'), 'a chime');
    expect(await page.title()).toContain('Mời đến quầy số 1');
    await settled(page);
    await screenshot(page, 'phone-called');

    await click(page, 'phone-app >>> phone-called >>> button');
    await waitForText(page, 'Đang được mời đến quầy số 1');
    const before = (await played(page)).length;
    const r = await counter(1, 'recall');
    expect(r.recalls).toBe(1);
    await waitForText(page, 'Gọi lại lần 1');
    await waitForText(page, 'Mời đến quầy số 1');
    await until(async () => (await played(page)).length > before, 'the chime again');
    await settled(page);
    await screenshot(page, 'phone-recalled');
  });

  it('thanks after the service', async () => {
    await counter(1, 'complete');
    const text = await waitForText(page, 'Cảm ơn quý công dân!');
    expect(text).toContain('Phiếu A004 đã được phục vụ xong tại quầy số 1.');
    expect(text).toContain('Mời bạn đánh giá mức độ hài lòng');
    await screenshot(page, 'phone-done');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('recovers after a hub restart without a reload, and is called after it', async () => {
    const a6 = tickets[5]!;
    const p = await openPage(browser, `${hub.url}/t/${a6.id}`, W, H);
    await waitForText(p, 'A006');
    await waitForText(p, 'Đang cập nhật trực tiếp');
    await until(async () => (await ahead(p)) === '1', 'A006 behind A005');
    await p.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
    await hub.stop();
    await waitForText(p, 'Mất kết nối');
    await screenshot(p, 'phone-offline');
    hub = await hub.restart();
    await waitForText(p, 'Đang cập nhật trực tiếp', 60_000);
    // the queue moved while the page was away? It converges on the snapshot it gets on connect.
    await counter(2, 'complete'); // A003
    await counter(2, 'call-next'); // A005
    await until(async () => (await ahead(p)) === '0', 'ahead 0 after the restart');
    await counter(2, 'complete');
    await counter(2, 'call-next'); // A006
    await waitForText(p, 'Mời đến quầy số 2');
    expect(await p.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // a no-show after the recalls says so
    await counter(2, 'no-show');
    await waitForText(p, 'Phiếu đã bị bỏ qua');
    await screenshot(p, 'phone-no-show');
    expect(p.errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket|Failed to load resource/.test(e))).toEqual([]);
    await p.close();
  });

  it('switches to English, and keeps it', async () => {
    const t7 = await issue('svc-b');
    const p = await openPage(browser, `${hub.url}/t/${t7.id}`, W, H);
    await waitForText(p, 'B001');
    await click(p, 'phone-app >>> luot-lang-switch >>> button');
    const text = await waitForText(p, 'People ahead of you');
    expect(text).toContain('B · Certification');
    expect(text).toContain('Estimated wait');
    await screenshot(p, 'phone-waiting-en');
    await p.reload({ waitUntil: 'load' });
    await waitForText(p, 'People ahead of you');
    await click(p, 'phone-app >>> luot-lang-switch >>> button');
    await waitForText(p, 'Số người chờ trước bạn');
    await p.close();
  });

  it('an unknown or old ticket says so', async () => {
    const p = await openPage(browser, `${hub.url}/t/AAAAAAAAAAAAAAAA`, W, H);
    await waitForText(p, 'Không tìm thấy phiếu');
    await screenshot(p, 'phone-not-found');
    const text = await deepText(p);
    expect(text).toContain('Mỗi phiếu chỉ dùng được trong ngày được cấp');
    await p.close();
  });
});
