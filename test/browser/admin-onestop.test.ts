// The one-stop link in the admin console (/admin, 1440x900) in real Chromium: the procedures page
// (a broken catalogue refused with its row numbers shown, the sample imported, searched without
// diacritics, a field mapped to a service), the site's agency code in the settings, and the
// evaluation per officer under the reports, from a ticket served with a dossier and rated.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ADMIN_PASSWORD, api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { ensureBuilt } from '../helpers/build.js';
import type { Ticket } from '../../common/types.js';
import { click, textOf, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const AGENCY = '000.00.23.H56';
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;

async function fill(selector: string, value: string): Promise<void> {
  await page.locator(`>>> ${selector}`).setTimeout(10_000).fill(value);
}
async function select(selector: string, value: string): Promise<void> {
  const el = await page.waitForSelector(`>>> ${selector}`);
  await el!.select(value);
  await el!.dispose();
}
async function upload(path: string): Promise<void> {
  const input = await page.waitForSelector('>>> #catalogue-file');
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
  await input!.dispose();
  await click(page, '#import-btn');
}

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('admin: procedures, one-stop settings, evaluation', { timeout: 120_000 }, () => {
  it('refuses a broken catalogue naming its rows, imports the sample, searches and maps a field', async () => {
    page = await openPage(browser, `${hub.url}/admin#procedures`, 1440, 900);
    await waitForSelectorText(page, 'admin-sign-in >>> h1', 'Đăng nhập quản trị');
    await fill('#username', 'admin');
    await fill('#password', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#procedures-empty', 'Chưa có thủ tục nào');

    await upload(join(FIX, 'procedures-broken.json'));
    const errors = await waitForSelectorText(page, '#import-errors', 'Dòng 3');
    expect(errors).toContain('chưa nhập gì');
    expect(await textOf(page, '#procedures-empty')).toContain('Chưa có thủ tục nào');
    await screenshot(page, 'admin-onestop-1-import-refused');

    await upload(join(FIX, 'procedures-sample.json'));
    await waitForSelectorText(page, 'admin-procedures >>> #message', 'Đã nhập: 12 thủ tục mới');
    await waitForSelectorText(page, '#procedure-count', 'Hiện 12 thủ tục');
    expect(await page.$('>>> #import-errors')).toBeNull();

    await fill('#procedure-search', 'dang ky khai sinh');
    await waitForSelectorText(page, '#procedure-count', 'Hiện 1 thủ tục');
    expect(await textOf(page, '#procedures-table')).toContain('Đăng ký khai sinh');
    await page.locator('>>> #procedure-search').click({ count: 3 });
    await page.keyboard.press('Backspace');
    await waitForSelectorText(page, '#procedure-count', 'Hiện 12 thủ tục');

    await select('[name="field-1.000003"]', 'svc-a');
    await waitForSelectorText(page, 'admin-procedures >>> #message', 'Đã lưu: Hộ tịch lấy số vào A – Tư pháp – Hộ tịch');
    const p = (await api(hub.url)('GET', '/api/procedures/1.001193?siteId=demo')).body.procedure;
    expect(p.serviceId).toBe('svc-a');
    await screenshot(page, 'admin-onestop-2-procedures');
  });

  it('sets the agency code in the site settings (PATCH /api/sites/:id)', async () => {
    await click(page, '#nav-settings');
    await fill('admin-onestop-settings >>> [name="agencyCode"]', AGENCY);
    await fill('admin-onestop-settings >>> [name="procedureUrlTemplate"]', 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}');
    await click(page, '#save-onestop');
    await waitForSelectorText(page, 'admin-onestop-settings >>> #message', 'Đã lưu');
    const site = (await api(hub.url, hub.adminToken)('GET', '/api/sites/demo')).body.site;
    expect(site.agencyCode).toBe(AGENCY);
    expect((await api(hub.url)('GET', '/api/procedures/1.001193?siteId=demo')).body.procedure.url).toContain('ma_thu_tuc=1.001193');
    // A pattern that is no regular expression: refused in Vietnamese, nothing changed.
    await fill('admin-onestop-settings >>> [name="dossierPattern"]', '([');
    await click(page, '#save-onestop');
    await waitForSelectorText(page, 'admin-onestop-settings >>> #message', /dossierPattern|không hợp lệ/);
    expect((await api(hub.url, hub.adminToken)('GET', '/api/sites/demo')).body.site.dossierPattern ?? null).toBeNull();
    await page.locator('>>> admin-onestop-settings >>> [name="dossierPattern"]').click({ count: 3 });
    await page.keyboard.press('Backspace');
    const card = await page.waitForSelector('>>> admin-onestop-settings');
    await card!.scrollIntoView();
    await screenshot(page, 'admin-onestop-3-settings');
    await card!.dispose();
  });

  it('shows the evaluation per officer under the reports, from a served, rated ticket with its dossier', async () => {
    const officer = api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1));
    const t = (await officer<{ ticket: Ticket }>('POST', '/api/tickets', { procedureCode: '1.001193' })).body.ticket;
    expect((await officer('POST', '/api/counters/counter-1/open')).status).toBe(200);
    expect((await officer('POST', '/api/counters/counter-1/call-next')).body.ticket.id).toBe(t.id);
    expect((await officer('POST', `/api/tickets/${t.id}/dossiers`, { dossierCode: `${AGENCY}-261203-0007` })).status).toBe(200);
    expect((await officer('POST', '/api/counters/counter-1/complete')).status).toBe(200);
    const pad = await pairDevice(hub, { kind: 'pad', counterId: 'counter-1', siteId: 'demo' });
    expect((await api(hub.url, pad.token)('POST', '/api/ratings', { ticketId: t.id, level: 'very_satisfied' })).status).toBe(201);

    await click(page, '#nav-reports');
    await click(page, '#show-evaluation');
    const row = await until(() => textOf(page, 'admin-evaluation >>> tr[data-key]:not([data-key="total"])'), 'an officer row');
    expect(row).toContain('Nguyễn Thị Lan');
    expect(row).toContain(AGENCY);
    expect(row).toContain('100,0 %');
    await select('admin-evaluation >>> #eval-group', 'procedure');
    await click(page, '#show-evaluation');
    await waitForSelectorText(page, '#evaluation-table', 'Đăng ký khai sinh');
    const section = await page.waitForSelector('>>> #evaluation');
    await section!.scrollIntoView();
    await screenshot(page, 'admin-onestop-4-evaluation');
    await section!.dispose();
    expect(page.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
