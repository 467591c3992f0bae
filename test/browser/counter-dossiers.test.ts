// Dossier codes in the officer console (/counter, 1366x768) in real Chromium: one code typed into
// the field, a wrong one refused in Vietnamese with its code, one "scanned" by a keyboard-wedge
// scanner (a fast burst of keys and Enter while no field has the focus: not taken for shortcuts),
// both listed on the ticket being served; then complete, the pad's rating, and the evaluation
// listing and its CSV carry both codes with the officer and the agency code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, scan, screenshot } from '../helpers/browser.js';
import { api, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { ensureBuilt } from '../helpers/build.js';
import type { Ticket } from '../../common/types.js';
import { click, gone, signIn, textOf, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

const AGENCY = '000.00.00.H56';
const TYPED = `${AGENCY}-261203-0101`;
const SCANNED = 'H56.22-261203-0202';
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
let ticket: Ticket;

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  const admin = api(hub.url, hub.adminToken);
  expect((await admin('PATCH', '/api/sites/demo', { agencyCode: AGENCY })).status).toBe(200);
  ticket = (await admin<{ ticket: Ticket }>('POST', '/api/tickets', { serviceId: 'svc-a' })).body.ticket;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

const codes = async () => (await page.$$eval('>>> #dossier-list li.code', (els) => els.map((e) => e.getAttribute('data-code'))));

describe('dossier codes at the counter', { timeout: 120_000 }, () => {
  it('types one, refuses a wrong one, takes a scanned one, lists both, completes; the evaluation carries them', async () => {
    page = await openPage(browser, `${hub.url}/counter`, 1366, 768);
    await waitForSelectorText(page, 'counter-sign-in >>> h1', 'Đăng nhập cán bộ');
    await signIn(page, 'canbo1', hub.demo.canbo1);
    await waitForSelectorText(page, 'counter-picker >>> h1', 'Chọn quầy làm việc').catch(async (e) => { await screenshot(page, 'counter-dossier-0-debug'); throw e; });
    await click(page, '[data-counter="1"]');
    await waitForSelectorText(page, '#counter-status', 'Đang mở');
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#current-number', ticket.number);
    await waitForSelectorText(page, '#dossier-list', 'Chưa gắn hồ sơ nào');

    // Typed (lower case, as an officer might): attached upper-cased, listed, the field emptied.
    await page.locator('>>> #dossier').fill(TYPED.toLowerCase());
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#message', `Đã gắn hồ sơ ${TYPED} vào số ${ticket.number}`);
    await until(async () => JSON.stringify(await codes()) === JSON.stringify([TYPED]), 'the typed code listed');
    expect(await page.$eval('>>> #dossier', (e) => (e as HTMLInputElement).value)).toBe('');

    // Not the site's pattern: a coded error in Vietnamese, nothing attached.
    await page.locator('>>> #dossier').fill('HS-123');
    await page.keyboard.press('Enter');
    const err = await waitForSelectorText(page, '#message', 'không đúng mẫu của điểm phục vụ');
    expect(err).toContain('Mã hồ sơ “HS-123”');
    expect(await page.$eval('>>> #message', (e) => e.getAttribute('data-code'))).toBe('invalid_dossier_code');
    await screenshot(page, 'counter-dossier-1-refused');
    // The officer clears the field (a wrong code left there would be refused again at completion).
    await page.locator('>>> #dossier').click({ count: 3 });
    await page.keyboard.press('Backspace');
    expect(await page.$eval('>>> #dossier', (e) => (e as HTMLInputElement).value)).toBe('');

    // Scanned: the focus is on no field; the scanner types the code in a burst and ends with Enter.
    await page.$eval('>>> #dossier', (e) => (e as HTMLInputElement).blur());
    await scan(page, SCANNED);
    await waitForSelectorText(page, '#message', `Đã quét và gắn hồ sơ ${SCANNED} vào số ${ticket.number}`);
    await until(async () => JSON.stringify(await codes()) === JSON.stringify([TYPED, SCANNED]), 'both codes listed');
    // The burst's Enter and letters were not shortcuts: the same ticket is served, not recalled.
    expect(await textOf(page, '#current-number')).toBe(ticket.number);
    const served = (await api(hub.url)<{ ticket: Ticket }>('GET', `/api/tickets/${ticket.id}`)).body.ticket;
    expect(served.status).toBe('called');
    await screenshot(page, 'counter-dossier-2-listed');

    await page.keyboard.press('F4');
    await waitForSelectorText(page, '#message', `Đã hoàn thành số ${ticket.number}`);
    await gone(page, '#current-number');
    expect(page.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);

    const pad = await pairDevice(hub, { kind: 'pad', counterId: 'counter-1', siteId: 'demo' });
    const rated = await api(hub.url, pad.token)('POST', '/api/ratings', { ticketId: ticket.id, level: 'satisfied' });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ dossierCodes: [TYPED, SCANNED], agencyCode: AGENCY });

    const day = String(ticket.issuedAt).slice(0, 10);
    const admin = api(hub.url, hub.adminToken);
    const listing = (await admin('GET', `/api/reports/evaluation/dossiers?siteId=demo&from=${day}&to=${day}`)).body;
    expect(listing.items).toEqual([expect.objectContaining({
      ticketNumber: ticket.number, dossierCodes: [TYPED, SCANNED], agencyCode: AGENCY, level: 'satisfied',
      officer: expect.objectContaining({ username: 'canbo1', name: 'Nguyễn Thị Lan' }), counter: expect.objectContaining({ number: 1 }),
    })]);
    const csv = (await admin('GET', `/api/reports/evaluation/dossiers?siteId=demo&from=${day}&to=${day}&format=csv`)).body as string;
    expect(csv).toContain(`"${TYPED}; ${SCANNED}"`);
    expect(csv).toContain(`"${AGENCY}"`);
  });
});
