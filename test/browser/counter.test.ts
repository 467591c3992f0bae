// The officer console (/counter, 1366x768) against the real hub in real Chromium: sign-in, open a
// counter, call next, recall, no-show, call a specific ticket, transfer, complete with a dossier
// code, pause/resume, close, and a second officer on a held counter. Screenshots of each state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { api, login, startHub, type HubHandle } from '../helpers/hub.js';
import { ensureBuilt } from '../helpers/build.js';
import type { Ticket } from '../../common/types.js';
import {
  click, gone, isolatedPage, pageText, signIn, textOf, until, waitForSelectorText, waitingNumbers, type TestPage,
} from './counter-helpers.js';

const W = 1366, H = 768;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
let staff: Socket;
const done: Ticket[] = [];
const issued: Record<string, Ticket> = {};

async function issue(serviceId: string, priority?: string): Promise<Ticket> {
  const r = await api(hub.url, hub.adminToken)<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId, ...(priority ? { priority } : {}) });
  expect(r.status).toBe(201);
  issued[r.body.ticket.number] = r.body.ticket;
  return r.body.ticket;
}
const ticketById = async (id: string) => (await api(hub.url)<{ ticket: Ticket }>('GET', `/api/tickets/${id}`)).body.ticket;
const current = () => textOf(page, '#current-number');

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  // The demo site has two officers: canbo1 (Nguyễn Thị Lan) and canbo2 (Trần Văn Minh).
  // A staff socket sees what the console's officer records (the public ticket hides the dossier code).
  staff = io(hub.url, { auth: { token: await login(hub, 'canbo2', hub.demo.canbo2), siteId: 'demo' }, transports: ['websocket'] });
  staff.on('ticket:done', ({ ticket }) => { done.push(ticket); });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  staff?.disconnect();
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('officer console', () => {
  it('refuses a wrong password in Vietnamese, then signs in and lists the counters', async () => {
    page = await openPage(browser, `${hub.url}/counter`, W, H);
    await waitForSelectorText(page, 'counter-sign-in >>> h1', 'Đăng nhập cán bộ');
    await screenshot(page, 'counter-01-sign-in');
    await signIn(page, 'canbo1', 'sai-mat-khau');
    await waitForSelectorText(page, 'counter-sign-in >>> .error', 'Sai tên đăng nhập hoặc mật khẩu');
    await screenshot(page, 'counter-02-sign-in-error');
    await signIn(page, 'canbo1', hub.demo.canbo1);
    await waitForSelectorText(page, 'counter-picker >>> h1', 'Chọn quầy làm việc');
    await waitForSelectorText(page, '[data-counter="1"]', 'Đang trống');
    const text = await pageText(page);
    expect(text).toContain('Nguyễn Thị Lan');
    for (const n of [1, 2, 3, 4, 5, 6]) expect(text).toContain(`Quầy số ${n}`);
    await screenshot(page, 'counter-03-choose');
  });

  it('opens counter 1 and shows what waits for its services, priority marked, waiting time ticking', async () => {
    await issue('svc-a');
    await issue('svc-b', 'elderly');
    await issue('svc-a');
    await issue('svc-b');
    await issue('svc-c'); // another counter's service: not in this list
    await click(page, '[data-counter="1"]');
    await waitForSelectorText(page, '#counter-title', 'Quầy số 1');
    await waitForSelectorText(page, '#counter-status', 'Đang mở');
    const hubOrder = (await api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1))<{ tickets: Ticket[] }>('GET', '/api/queue/waiting?counterId=counter-1')).body.tickets.map((t) => t.number);
    expect(hubOrder).toHaveLength(4);
    await until(async () => JSON.stringify(await waitingNumbers(page)) === JSON.stringify(hubOrder), 'the waiting list in the hub order');
    expect(await textOf(page, '#waiting-total')).toBe('4');
    const prio = await textOf(page, '[data-number="B001"]');
    expect(prio).toContain('Người cao tuổi');
    const before = await textOf(page, '[data-number="A001"] .wait');
    expect(before).toMatch(/^chờ \d\d:\d\d$/);
    await until(async () => (await textOf(page, '[data-number="A001"] .wait')) !== before, 'the waiting time to tick');
    expect(await pageText(page)).toContain('Chưa gọi số nào');
    await screenshot(page, 'counter-04-open-idle');
  });

  it('calls the next ticket with the Space key and shows it with a running timer', async () => {
    const first = (await waitingNumbers(page))[0];
    await page.keyboard.press('Space');
    await waitForSelectorText(page, '#message', `Đã gọi số ${first}`);
    expect(await current()).toBe(first);
    // The list follows the queue:waiting broadcast, which may come just after the call's answer.
    await until(async () => !(await waitingNumbers(page)).includes(first), 'the called ticket leaves the list');
    expect(await waitingNumbers(page)).not.toContain(first);
    const q = await api(hub.url, hub.adminToken)<{ counters: { counterId: string; ticket: Ticket | null }[] }>('GET', '/api/queue?siteId=demo');
    expect(q.body.counters.find((c) => c.counterId === 'counter-1')?.ticket?.number).toBe(first);
    const t0 = await textOf(page, '#service-timer');
    expect(t0).toMatch(/^\d\d:\d\d$/);
    await until(async () => (await textOf(page, '#service-timer')) !== t0, 'the service timer to run');
    // Call next is refused while a ticket is being served, in the hub's words.
    await page.keyboard.press('F1');
    await waitForSelectorText(page, '#message', `Quầy đang phục vụ phiếu ${first}`);
    await screenshot(page, 'counter-05-serving');
  });

  it('recalls (F2) and marks a no-show (F3)', async () => {
    const n = (await current())!;
    await page.keyboard.press('F2');
    await waitForSelectorText(page, '#message', `Đã gọi lại số ${n}`);
    await waitForSelectorText(page, 'counter-current', 'Đã gọi lại 1 lần');
    await screenshot(page, 'counter-06-recalled');
    await page.keyboard.press('F3');
    await waitForSelectorText(page, '#message', `Số ${n}: vắng mặt`);
    await gone(page, '#current-number');
    expect((await ticketById(issued[n].id)).status).toBe('no_show');
    await waitForSelectorText(page, '[data-fig="noShow"]', '1');
    await screenshot(page, 'counter-07-no-show');
  });

  it('calls a specific ticket from the list and transfers it to another service (F8)', async () => {
    const list = await waitingNumbers(page);
    const pick = list[list.length - 1];
    await click(page, `[data-number="${pick}"] button`);
    await waitForSelectorText(page, '#message', `Đã gọi số ${pick}`);
    expect(await current()).toBe(pick);
    await page.keyboard.press('F8');
    await waitForSelectorText(page, 'counter-transfer-dialog >>> h2', `Chuyển phiếu ${pick} sang lĩnh vực khác`);
    await screenshot(page, 'counter-08-transfer-dialog');
    await click(page, 'counter-transfer-dialog >>> [data-service="C"]');
    await waitForSelectorText(page, '#message', `Đã chuyển số ${pick} sang lĩnh vực C · Đất đai`);
    const moved = await ticketById(issued[pick].id);
    expect(moved.status).toBe('waiting');
    expect(moved.serviceId).toBe('svc-c');
    expect(moved.number).toBe(pick); // it keeps its number
    await gone(page, '#current-number');
    expect(await waitingNumbers(page)).not.toContain(pick);
    await screenshot(page, 'counter-09-transferred');
  });

  it('completes a ticket with a dossier code (Enter in the field attaches it, Enter again completes)', async () => {
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#message', /Đã gọi số/);
    const n = (await current())!;
    await page.locator('>>> #dossier').fill('H15.50.05.13-261008-0975');
    await page.keyboard.press('Enter');
    // Enter attaches the code to the ticket (listed); Enter in the emptied field completes.
    await waitForSelectorText(page, '#dossier-list', 'H15.50.05.13-261008-0975');
    await screenshot(page, 'counter-10-dossier');
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#message', `Đã hoàn thành số ${n}`);
    await gone(page, '#current-number');
    const t = (await until(() => done.find((d) => d.number === n), `ticket:done for ${n}`))!;
    expect(t.status).toBe('done');
    expect(t.dossierCode).toBe('H15.50.05.13-261008-0975');
    await waitForSelectorText(page, '[data-fig="served"]', '1');
    expect(await textOf(page, '[data-fig="avg"]')).toMatch(/^\d\d:\d\d$/);
    await screenshot(page, 'counter-11-completed');
  });

  it('pauses with a reason, refuses calls while paused, and resumes', async () => {
    await page.keyboard.press('F9');
    await waitForSelectorText(page, 'counter-pause-dialog >>> h2', 'Tạm dừng quầy');
    await click(page, 'counter-pause-dialog >>> [data-reason="other"]');
    await page.locator('>>> counter-pause-dialog >>> #other').fill('Đi lấy hồ sơ lưu trữ');
    await screenshot(page, 'counter-12-pause-dialog');
    await click(page, '#pause-confirm');
    await waitForSelectorText(page, '#counter-status', 'Tạm dừng');
    await waitForSelectorText(page, 'counter-current', 'Quầy đang tạm dừng · Đi lấy hồ sơ lưu trữ');
    const counters = await api(hub.url, hub.adminToken)<{ counters: { id: string; status: string; pauseReason: string }[] }>('GET', '/api/counters?siteId=demo');
    expect(counters.body.counters.find((c) => c.id === 'counter-1')).toMatchObject({ status: 'paused', pauseReason: 'Đi lấy hồ sơ lưu trữ' });
    await page.keyboard.press('Space');
    await waitForSelectorText(page, '#message', 'Quầy đang tạm dừng');
    await screenshot(page, 'counter-13-paused');
    await click(page, '[data-action="resume"]');
    await waitForSelectorText(page, '#counter-status', 'Đang mở');
    await waitForSelectorText(page, '#message', 'Quầy tiếp tục làm việc');
  });

  it('tells a second officer who holds the counter, in his language', async () => {
    const other = await isolatedPage(browser, `${hub.url}/counter`, W, H);
    await signIn(other, 'canbo2', hub.demo.canbo2);
    await waitForSelectorText(other, '[data-counter="1"]', 'Đang do Nguyễn Thị Lan phụ trách');
    await click(other, '[data-counter="1"]');
    await waitForSelectorText(other, '#message', 'Quầy đang do Nguyễn Thị Lan phụ trách');
    await screenshot(other, 'counter-14-held-by-other');
    // In English, the hub's answer comes in English (Accept-Language).
    await click(other, 'luot-lang-switch >>> button');
    await waitForSelectorText(other, 'counter-picker >>> h1', 'Choose your counter');
    await click(other, '[data-counter="1"]');
    await waitForSelectorText(other, '#message', 'The counter is held by Nguyễn Thị Lan');
    await screenshot(other, 'counter-15-held-by-other-en');
    // He can open a free one.
    await click(other, '[data-counter="2"]');
    await waitForSelectorText(other, '#counter-title', 'Counter 2');
    expect(other.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await other.browserContext().close();
  });

  it('resumes the held counter after a reload, and closes it', async () => {
    await page.reload({ waitUntil: 'load' });
    await waitForSelectorText(page, '#counter-title', 'Quầy số 1');
    await click(page, '[data-action="close"]');
    await waitForSelectorText(page, 'counter-close-dialog >>> h2', 'Đóng quầy số 1?');
    await screenshot(page, 'counter-16-close-dialog');
    await click(page, '#close-confirm');
    await waitForSelectorText(page, 'counter-picker >>> h1', 'Chọn quầy làm việc');
    await waitForSelectorText(page, '#message', 'Đã đóng quầy số 1');
    await waitForSelectorText(page, '[data-counter="1"]', 'Đang trống');
    await waitForSelectorText(page, '[data-counter="2"]', 'Đang do Trần Văn Minh phụ trách');
    await screenshot(page, 'counter-17-closed');
    expect(page.errors.filter((e) => !/status of (401|409)/.test(e))).toEqual([]);
  });
});
