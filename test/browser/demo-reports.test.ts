// A fresh demo hub in real Chromium: the banner of demo data, and the reports page showing the four
// weeks of history the demo starts with (by day, with its charts). Screenshots: demo-01-banner,
// demo-02-reports-four-weeks, demo-03-charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, startHub, type HubHandle } from '../helpers/hub.js';
import { click, until, waitForSelectorText, type TestPage } from './counter-helpers.js';

let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub({ env: { LUOT_TZ: 'Asia/Ho_Chi_Minh', LUOT_DEMO_HISTORY_WEEKS: '4' } });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => { await browser?.cleanup(); await hub?.stop(); hub?.cleanup(); });

describe('the demo in the admin console', () => {
  it('shows the demo banner and four weeks of reports at once', async () => {
    page = await openPage(browser, `${hub.url}/admin`, 1440, 1000);
    await page.locator('>>> #username').setTimeout(10_000).fill('admin');
    await page.locator('>>> #password').fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForSelectorText(page, '#demo-banner', /Đây là dữ liệu mẫu.*6 tài khoản cán bộ mẫu/);
    await waitForSelectorText(page, '#remove-demo', 'Xoá dữ liệu mẫu');
    await screenshot(page, 'demo-01-banner');
    const today = (await api(hub.url, hub.adminToken)('GET', '/api/reports/today?siteId=demo')).body.date as string;
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 28 * 86_400_000).toISOString().slice(0, 10);
    await click(page, '#nav-reports');
    const kind = await page.waitForSelector('>>> select[name="kind"]');
    await kind!.select('custom');
    await page.locator('>>> input[name="from"]').setTimeout(10_000).fill(from);
    await page.locator('>>> input[name="to"]').fill(today);
    const group = await page.waitForSelector('>>> select[name="groupBy"]');
    await group!.select('day');
    await click(page, '#show-report');
    await waitForSelectorText(page, '#report-table', /Tổng cộng/);
    const rows = await page.$$('>>> #report-table tbody tr');
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const id of ['chart-hourly', 'chart-wait', 'chart-satisfaction']) await until(() => page.$(`>>> #${id} >>> canvas`), `${id} drawn`);
    await screenshot(page, 'demo-02-reports-four-weeks');
    const charts = await page.$('>>> #charts');
    await charts!.scrollIntoView();
    await screenshot(page, 'demo-03-charts');
  });
});
