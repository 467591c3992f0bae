// A citizen's whole visit across the four screens, each in its own browser context as on its own
// device, against the real hub: pair the kiosk, the lobby display and the rating pad by address and
// sign the officer in; take a normal and a priority ticket at the kiosk; the display follows every
// call; recall, no-show, transfer and complete from the console; rate on the pad (very satisfied,
// then unsatisfied with a reason); and the hub stopped and started again in the middle (same data
// dir and port), after which every screen converges by itself, without a reload.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { api, createDevice, login, startHub, type HubHandle } from '../helpers/hub.js';
import { ensureBuilt } from '../helpers/build.js';
import type { Ticket } from '../../common/types.js';
import {
  click, gone, isolatedPage, signIn, textOf, until, waitForSelectorText, waitingNumbers, type TestPage,
} from './counter-helpers.js';

let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let kiosk: TestPage, display: TestPage, officer: TestPage, pad: TestPage;
const tickets: Ticket[] = [];

const KIOSK = 'kiosk-app >>> ';
const nowCalling = () => textOf(display, '[data-now-number]');
const boardCell = (n: number) => textOf(display, `display-call-board >>> [data-counter="${n}"]`);
const waitingOnDisplay = (code: string) => textOf(display, `display-waiting >>> [data-waiting="${code}"] .count`);

/** Take a ticket at the kiosk by touch; returns the hub's answer. */
async function takeTicket(code: string, priority: string): Promise<Ticket> {
  await waitForSelectorText(kiosk, `${KIOSK}kiosk-service-button >>> button[data-code="${code}"]`, code);
  await (await kiosk.waitForSelector(`${KIOSK}kiosk-service-button >>> button[data-code="${code}"]`))!.tap();
  const answer = kiosk.waitForResponse((r) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST');
  await (await kiosk.waitForSelector(`${KIOSK}kiosk-priority-choice >>> button[data-priority="${priority}"]`))!.tap();
  const res = await answer;
  expect(res.status()).toBe(201);
  const { ticket } = (await res.json()) as { ticket: Ticket };
  await waitForSelectorText(kiosk, `${KIOSK}[data-ticket-number]`, ticket.number);
  tickets.push(ticket);
  return ticket;
}
async function kioskBackToGrid(): Promise<void> {
  await (await kiosk.waitForSelector(`${KIOSK}kiosk-ticket-view >>> button`))!.tap();
  await until(async () => !!(await kiosk.$(`${KIOSK}kiosk-service-grid`)), 'the kiosk grid');
}
/** Every page keeps this mark unless it reloads. */
const mark = (p: Page) => p.evaluate(() => { (window as unknown as { visitMark: number }).visitMark = 42; });
const marked = (p: Page) => p.evaluate(() => (window as unknown as { visitMark?: number }).visitMark === 42);

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  browser = await launchBrowser();
}, 120_000);

// A failed step leaves a picture of every screen, to see which one did not follow.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const pages = { kiosk, display, officer, pad };
  for (const [name, p] of Object.entries(pages)) if (p) await screenshot(p, `visit-failed-${name}`).catch(() => {});
});

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('a citizen visit across the four screens', () => {
  it('pairs the kiosk, the display and the pad by address, and signs the officer in at counter 1', async () => {
    const k = await createDevice(hub, { kind: 'kiosk', name: 'Máy lấy số sảnh' });
    const d = await createDevice(hub, { kind: 'display', name: 'Màn hình sảnh' });
    const p = await createDevice(hub, { kind: 'pad', name: 'Máy đánh giá quầy 1', counterId: 'counter-1' });
    kiosk = await isolatedPage(browser, `${hub.url}/kiosk?pair=${k.pairingCode}`, 1080, 1920, true);
    display = await isolatedPage(browser, `${hub.url}/display?pair=${d.pairingCode}`, 1920, 1080);
    pad = await isolatedPage(browser, `${hub.url}/pad?pair=${p.pairingCode}`, 1280, 800, true);
    officer = await isolatedPage(browser, `${hub.url}/counter`, 1366, 768);
    await until(async () => !!(await kiosk.$(`${KIOSK}kiosk-service-grid`)), 'the kiosk grid');
    await waitForSelectorText(display, 'display-call-board >>> [data-counter="1"]', 'QUẦY 1');
    await waitForSelectorText(pad, '#idle', 'Quầy số 1');
    for (const page of [kiosk, display, pad]) expect(new URL(page.url()).search).toBe('');
    await signIn(officer, 'canbo1', hub.demo.canbo1);
    await waitForSelectorText(officer, '[data-counter="1"]', 'Đang trống');
    await click(officer, '[data-counter="1"]');
    await waitForSelectorText(officer, '#counter-status', 'Đang mở');
    await waitForSelectorText(pad, '#pad-officer', 'Nguyễn Thị Lan');
    await screenshot(display, 'visit-01-display-open');
  }, 120_000);

  it('takes a normal and a priority ticket at the kiosk; the display and the console count them', async () => {
    const normal = await takeTicket('A', 'none');
    expect(normal.priority).toBeNull();
    await screenshot(kiosk, 'visit-02-kiosk-ticket');
    await kioskBackToGrid();
    const prio = await takeTicket('B', 'elderly');
    expect(prio.priority).toBe('elderly');
    await screenshot(kiosk, 'visit-03-kiosk-priority-ticket');
    await kioskBackToGrid();
    await takeTicket('A', 'none');
    await kioskBackToGrid();
    await takeTicket('A', 'none');
    await kioskBackToGrid();
    await until(async () => (await waitingOnDisplay('A')) === '3' && (await waitingOnDisplay('B')) === '1', 'display waiting A 3, B 1');
    await until(async () => (await waitingNumbers(officer)).length === 4, 'four tickets in the console list');
    await waitForSelectorText(officer, `[data-number="${prio.number}"]`, 'Người cao tuổi');
    await screenshot(officer, 'visit-04-console-waiting');
  }, 120_000);

  it('the officer calls: the priority ticket first, on the display; recall, then no-show', async () => {
    const [prio] = tickets.filter((t) => t.priority);
    expect((await waitingNumbers(officer))[0]).toBe(prio.number);
    await officer.keyboard.press('Space');
    await waitForSelectorText(officer, '#current-number', prio.number);
    await until(async () => (await nowCalling()) === prio.number, `display calling ${prio.number}`);
    await waitForSelectorText(display, 'display-now-calling', `MỜI CÔNG DÂN CÓ SỐ ${prio.number} ĐẾN QUẦY SỐ 1`);
    expect(await boardCell(1)).toContain(prio.number);
    await screenshot(display, 'visit-05-display-call');
    await officer.keyboard.press('F2');
    await waitForSelectorText(officer, '#message', `Đã gọi lại số ${prio.number}`);
    await waitForSelectorText(display, 'display-now-calling', 'GỌI LẠI');
    await screenshot(display, 'visit-06-display-recall');
    await officer.keyboard.press('F3');
    await waitForSelectorText(officer, '#message', `Số ${prio.number}: vắng mặt`);
    await until(async () => !(await boardCell(1))?.includes(prio.number), 'the no-show leaves the board');
  });

  it('calls the next one and transfers it to another service; the display counts it there', async () => {
    await officer.keyboard.press('Space');
    const n = await until(() => textOf(officer, '#current-number'), 'a called ticket');
    await until(async () => (await nowCalling()) === n, `display calling ${n}`);
    await officer.keyboard.press('F8');
    await click(officer, 'counter-transfer-dialog >>> [data-service="C"]');
    await waitForSelectorText(officer, '#message', `Đã chuyển số ${n} sang lĩnh vực C`);
    await until(async () => (await waitingOnDisplay('C')) === '1', 'display waiting C 1');
    await until(async () => !(await boardCell(1))?.includes(n!), 'the transferred ticket leaves counter 1 on the board');
  });

  it('completes a ticket with a dossier code; the pad asks, and the citizen is very satisfied', async () => {
    await officer.keyboard.press('Space');
    const n = (await until(() => textOf(officer, '#current-number'), 'a called ticket'))!;
    await until(async () => (await nowCalling()) === n, `display calling ${n}`);
    await officer.locator('>>> #dossier').fill('H15.50.05.13-261123-0001');
    await officer.keyboard.press('Enter');
    await waitForSelectorText(officer, '#dossier-list', 'H15.50.05.13-261123-0001');
    await officer.keyboard.press('Enter');
    await waitForSelectorText(officer, '#message', `Đã hoàn thành số ${n}`);
    await waitForSelectorText(pad, '#rate', `Phiếu số ${n}`);
    await screenshot(pad, 'visit-07-pad-rate');
    await (await pad.waitForSelector('>>> [data-level="very_satisfied"]'))!.tap();
    await waitForSelectorText(pad, '#thanks', 'Cảm ơn quý khách!');
    await waitForSelectorText(officer, '[data-fig="very_satisfied"]', '1', 30_000); // the officer's figures refresh every 20 s
    await screenshot(officer, 'visit-08-console-after-rating');
  }, 120_000);

  it('the hub stops: every screen says so plainly; it starts again: every screen converges without a reload', async () => {
    for (const p of [kiosk, display, officer, pad]) await mark(p);
    await waitForSelectorText(pad, '#idle', 'Quầy số 1', 20_000);
    await hub.stop();
    await waitForSelectorText(kiosk, 'kiosk-app', 'Máy lấy số tạm thời mất kết nối');
    await waitForSelectorText(display, 'luot-connection-banner', 'Mất kết nối với máy chủ');
    await waitForSelectorText(officer, '#offline', 'Mất kết nối với máy chủ');
    await waitForSelectorText(pad, 'luot-connection-banner', 'Mất kết nối với máy chủ');
    await screenshot(kiosk, 'visit-09-kiosk-offline');
    await screenshot(display, 'visit-10-display-offline');
    await screenshot(officer, 'visit-11-console-offline');
    await screenshot(pad, 'visit-12-pad-offline');
    // The officer's action while the hub is away is refused plainly and changes nothing.
    await officer.keyboard.press('Space');
    await waitForSelectorText(officer, '#message', 'Không kết nối được máy chủ');

    hub = await startHub({ dataDir: hub.dataDir, port: hub.port });
    await until(async () => (await textOf(officer, '#offline')) === '', 'the console back online', 20_000);
    await until(async () => (await textOf(pad, 'luot-connection-banner')) === '', 'the pad back online', 20_000);
    await until(async () => !(await textOf(display, 'luot-connection-banner')), 'the display back online', 20_000);
    await until(async () => !((await textOf(kiosk, 'kiosk-app')) ?? '').includes('mất kết nối'), 'the kiosk back online', 20_000);
    for (const p of [kiosk, display, officer, pad]) expect(await marked(p)).toBe(true);
    // The state after the restart is the state before it.
    const left = tickets.filter((t) => !t.priority).slice(-1)[0]!;
    expect(await waitingNumbers(officer)).toEqual([left.number]);
    expect(await waitingOnDisplay('A')).toBe('1');
    expect(await waitingOnDisplay('C')).toBe('1');
    await waitForSelectorText(pad, '#pad-officer', 'Nguyễn Thị Lan');
    await waitForSelectorText(officer, '[data-fig="served"]', '1');
    // And it lives: a new ticket at the kiosk reaches the display and the console.
    const fresh = await takeTicket('A', 'none');
    await until(async () => (await waitingOnDisplay('A')) === '2', 'display waiting A 2');
    await until(async () => (await waitingNumbers(officer)).includes(fresh.number), 'the new ticket in the console');
    await screenshot(display, 'visit-13-display-after-restart');
  }, 120_000);

  it('the next citizen is not satisfied and says why on the pad', async () => {
    await officer.keyboard.press('Space');
    const n = (await until(() => textOf(officer, '#current-number'), 'a called ticket'))!;
    await until(async () => (await nowCalling()) === n, `display calling ${n}`);
    await officer.keyboard.press('F4');
    await waitForSelectorText(officer, '#message', `Đã hoàn thành số ${n}`);
    await waitForSelectorText(pad, '#rate', `Phiếu số ${n}`);
    await (await pad.waitForSelector('>>> [data-level="unsatisfied"]'))!.tap();
    await (await pad.waitForSelector('>>> pad-reasons >>> [data-reason="0"]'))!.tap();
    await screenshot(pad, 'visit-14-pad-reason');
    await (await pad.waitForSelector('>>> pad-reasons >>> #send'))!.tap();
    await waitForSelectorText(pad, '#thanks', 'Cảm ơn quý khách!');
    const today = await api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1))<{ served: number; noShow: number; ratings: Record<string, number> }>('GET', '/api/me/today');
    expect(today.body).toMatchObject({ served: 2, noShow: 1, ratings: { very_satisfied: 1, satisfied: 0, unsatisfied: 1 } });
    await gone(officer, '#current-number');
    for (const p of [kiosk, display, officer, pad]) {
      expect(p.errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|WebSocket connection/.test(e))).toEqual([]);
    }
  });
});
