// The rating pad (/pad, 1280x800) against the real hub in real Chromium: pairing by address,
// idle with the counter and its officer, a very satisfied rating, an unsatisfied one with a reason,
// and refusals (a second rating of a ticket, an earlier ticket once a later one is done).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { api, createDevice, login, startHub, type HubHandle } from '../helpers/hub.js';
import { ensureBuilt } from '../helpers/build.js';
import type { Ticket } from '../../common/types.js';
import { click, isolatedPage, pageText, textOf, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

const W = 1280, H = 800;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let pad: TestPage;
let officer: ReturnType<typeof api>;

interface Today { served: number; ratings: { very_satisfied: number; satisfied: number; unsatisfied: number } }

/** The officer serves one ticket at counter 1 (issue, call, complete) and returns it. */
async function serveOne(): Promise<Ticket> {
  const issued = await api(hub.url, hub.adminToken)<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId: 'svc-a' });
  expect(issued.status).toBe(201);
  const called = await officer<{ ticket: Ticket }>('POST', '/api/counters/counter-1/call-next');
  expect(called.body.ticket?.id).toBe(issued.body.ticket.id);
  const done = await officer<{ ticket: Ticket }>('POST', '/api/counters/counter-1/complete', {});
  expect(done.status).toBe(200);
  return done.body.ticket;
}
const padToken = () => pad.evaluate(() => localStorage.getItem('luot.token.pad'));
const idle = () => waitForSelectorText(pad, '#idle', 'Quầy số 1', 20_000);

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  officer = api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('rating pad', () => {
  it('says plainly when it is not paired, or when the code is wrong', async () => {
    const p = await isolatedPage(browser, `${hub.url}/pad`, W, H);
    await waitForSelectorText(p, '#unpaired', 'Máy đánh giá chưa được ghép nối với quầy');
    await screenshot(p, 'pad-01-unpaired');
    await p.goto(`${hub.url}/pad?pair=WRONG123`, { waitUntil: 'load' });
    await waitForSelectorText(p, '#unpaired', 'Ghép nối không thành công: Mã ghép nối không đúng, đã dùng hoặc đã hết hạn');
    await screenshot(p, 'pad-02-pair-failed');
    await p.browserContext().close();
  });

  it('pairs from its address, drops the code, and shows its counter and then its officer', async () => {
    const dev = await createDevice(hub, { kind: 'pad', name: 'Máy đánh giá quầy 1', counterId: 'counter-1' });
    pad = await isolatedPage(browser, `${hub.url}/pad?pair=${dev.pairingCode}`, W, H);
    await idle();
    expect(new URL(pad.url()).search).toBe('');
    expect(await padToken()).toBeTruthy();
    await waitForSelectorText(pad, '#idle', 'Quầy đang đóng');
    await screenshot(pad, 'pad-03-idle-closed');
    // The code pairs once.
    const again = await api(hub.url)('POST', '/api/devices/pair', { code: dev.pairingCode });
    expect(again.status).toBe(409);
    expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
    await waitForSelectorText(pad, '#pad-officer', 'Nguyễn Thị Lan');
    expect(await pageText(pad)).not.toContain('Quầy đang đóng');
    await screenshot(pad, 'pad-04-idle-officer');
  });

  it('shows the three faces when the counter completes a ticket, and takes a very satisfied rating', async () => {
    const t = await serveOne();
    await waitForSelectorText(pad, '#rate', `Phiếu số ${t.number}`);
    const text = await textOf(pad, '#rate');
    for (const w of ['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Nguyễn Thị Lan']) expect(text).toContain(w);
    expect(await pad.$$('>>> pad-rating >>> svg')).toHaveLength(3);
    await screenshot(pad, 'pad-05-rate');
    await click(pad, '[data-level="very_satisfied"]');
    await waitForSelectorText(pad, '#thanks', 'Cảm ơn quý khách!');
    await screenshot(pad, 'pad-06-thanks');
    const today = await officer<Today>('GET', '/api/me/today');
    expect(today.body.ratings).toEqual({ very_satisfied: 1, satisfied: 0, unsatisfied: 0 });
    await idle();
  });

  it('asks for a reason when unsatisfied, and sends the reason and a comment', async () => {
    const t = await serveOne();
    await waitForSelectorText(pad, '#rate', `Phiếu số ${t.number}`);
    await click(pad, '[data-level="unsatisfied"]');
    await waitForSelectorText(pad, 'pad-reasons >>> h2', 'Xin cho biết lý do quý khách chưa hài lòng');
    const reasons = await pad.$$eval('>>> pad-reasons >>> .reason', (els) => els.map((e) => e.textContent!.trim()));
    expect(reasons).toContain('Thời gian chờ quá lâu');
    await screenshot(pad, 'pad-07-reason');
    await click(pad, 'pad-reasons >>> #send');
    await waitForSelectorText(pad, 'pad-reasons >>> .warn', 'Xin chọn ít nhất một lý do hoặc ghi ý kiến');
    await screenshot(pad, 'pad-08-reason-missing');
    await click(pad, 'pad-reasons >>> [data-reason="0"]');
    await pad.locator('>>> pad-reasons >>> #comment').fill('Phải chờ hơn một tiếng');
    await screenshot(pad, 'pad-09-reason-filled');
    await click(pad, 'pad-reasons >>> #send');
    await waitForSelectorText(pad, '#thanks', 'Cảm ơn quý khách!');
    const today = await officer<Today>('GET', '/api/me/today');
    expect(today.body.ratings).toEqual({ very_satisfied: 1, satisfied: 0, unsatisfied: 1 });
    await idle();
  });

  it('speaks English on request for one citizen, then returns to Vietnamese', async () => {
    const t = await serveOne();
    await waitForSelectorText(pad, '#rate', `Phiếu số ${t.number}`);
    await click(pad, 'luot-lang-switch >>> button');
    await waitForSelectorText(pad, '#rate', `Ticket ${t.number}`);
    expect(await textOf(pad, '#rate')).toContain('Very satisfied');
    await screenshot(pad, 'pad-10-rate-en');
    await click(pad, '[data-level="satisfied"]');
    await waitForSelectorText(pad, '#thanks', 'Thank you!');
    await screenshot(pad, 'pad-11-thanks-en');
    await idle(); // idle is in Vietnamese again
  });

  it('refuses a second rating of a ticket and an earlier ticket, and shows only the last request', async () => {
    const token = await padToken();
    const asPad = api(hub.url, token!);
    const first = await serveOne();
    await waitForSelectorText(pad, '#rate', `Phiếu số ${first.number}`);
    const second = await serveOne();
    await waitForSelectorText(pad, '#rate', `Phiếu số ${second.number}`);
    const superseded = await asPad<{ error: { code: string; message: string } }>('POST', '/api/ratings', { ticketId: first.id, level: 'satisfied' });
    expect(superseded.status).toBe(409);
    expect(superseded.body.error).toMatchObject({ code: 'rating_superseded' });
    // Rated (here from the pad's own token): the pad closes the request by itself.
    const ok = await asPad('POST', '/api/ratings', { ticketId: second.id, level: 'satisfied' });
    expect(ok.status).toBe(201);
    await idle();
    const twice = await asPad<{ error: { code: string; message: string } }>('POST', '/api/ratings', { ticketId: second.id, level: 'very_satisfied' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toEqual({ code: 'already_rated', message: 'Phiếu này đã được đánh giá' });
    const today = await officer<Today>('GET', '/api/me/today');
    expect(today.body.ratings).toEqual({ very_satisfied: 1, satisfied: 2, unsatisfied: 1 });
  });

  it('shows when the counter is paused', async () => {
    expect((await officer('POST', '/api/counters/counter-1/pause', { reason: 'Họp' })).status).toBe(200);
    await waitForSelectorText(pad, '#idle', 'Quầy tạm dừng · Họp');
    await screenshot(pad, 'pad-12-idle-paused');
    expect(pad.errors.filter((e) => !/status of 40\d/.test(e))).toEqual([]);
    // A citizen cannot leave: no link on any screen of the pad.
    expect(await pad.$$('>>> a[href]')).toHaveLength(0);
    await until(async () => (await officer('POST', '/api/counters/counter-1/resume')).status === 200, 'resume');
  });
});
