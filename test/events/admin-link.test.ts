// The admin's "Kết nối" page (/admin#link) in real Chromium against the real hub: create a webhook
// (its secret shown once and then used by a real receiver to check signatures), see a delivery that
// fails retried and then parked with its last error, resend it once the receiver is fixed; create an
// integration key (shown once) and revoke it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, startHub, type HubHandle } from '../helpers/hub.js';
import { click, textOf, until, waitForSelectorText, type TestPage } from '../browser/counter-helpers.js';
import { nodeVerifier, Receiver } from './receiver.js';

const W = 1440, H = 900;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
let receiver: Receiver;
let secret = '';

beforeAll(async () => {
  ensureBuilt();
  // Retries every 0.1-0.2 s, parked after 2 seconds: the whole life of a delivery within the test.
  hub = await startHub({ env: { LUOT_WEBHOOK_RETRY_BASE_MS: '100', LUOT_WEBHOOK_RETRY_MAX_MS: '200', LUOT_WEBHOOK_RETRY_HOURS: String(2 / 3600) } });
  receiver = new Receiver(() => secret, await nodeVerifier());
  await receiver.listen();
  browser = await launchBrowser();
  page = await openPage(browser, `${hub.url}/admin#link`, W, H);
  await page.locator('>>> #username').fill('admin');
  await page.locator('>>> #password').fill(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await receiver?.close();
  await hub?.stop();
  hub?.cleanup();
});

describe('admin link page', () => {
  it('creates a webhook, shows its secret once, and lists a failing delivery as parked with its last error', async () => {
    await waitForSelectorText(page, 'admin-link', 'Kết nối hệ thống một cửa');
    await click(page, '#add-webhook');
    await page.locator('>>> #webhook-form input[name="url"]').fill(receiver.url);
    await click(page, '#webhook-form input[value="ticket.issued"]');
    await click(page, '#create-webhook');
    secret = (await waitForSelectorText(page, '#shown-value', 'whsec_')).trim();
    await screenshot(page, 'admin-link-01-secret');
    receiver.failing = true;
    const issued = await api(hub.url, hub.adminToken)('POST', '/api/tickets', { serviceId: 'svc-a' });
    expect(issued.status).toBe(201);
    await receiver.until(() => receiver.attempts >= 3, 'failed attempts');
    // Parked after the (shortened) retry period; the page shows it with the receiver's answer.
    await until(async () => {
      const d = await api(hub.url, hub.adminToken)('GET', '/api/webhooks');
      return d.body.webhooks[0].streams[0].state === 'parked';
    }, 'the delivery to be parked');
    await click(page, '.show-deliveries');
    const row = await waitForSelectorText(page, '#deliveries tr[data-status="parked"]', 'HTTP 503');
    expect(row).toContain('ticket.issued');
    expect(row).toContain('Tạm giữ');
    expect(await textOf(page, '#webhooks')).toContain('Tạm giữ');
    await screenshot(page, 'admin-link-02-parked');
  });

  it('resends the parked delivery once the receiver is fixed: it arrives, signed', async () => {
    receiver.failing = false;
    await click(page, '#deliveries tr[data-status="parked"] .resend');
    await receiver.until(() => receiver.deliveries.length >= 1, 'the resent delivery');
    expect(receiver.deliveries[0]!.verified).toBe(true);
    expect(receiver.deliveries[0]!.event.type).toBe('ticket.issued');
    await until(async () => { await click(page, '#deliveries .bar button'); return (await textOf(page, '#deliveries'))?.includes('Đã nhận'); }, 'delivered shown');
    await waitForSelectorText(page, '#webhooks', 'Bình thường');
    await screenshot(page, 'admin-link-03-delivered');
  });

  it('creates an integration key shown once, and revokes it', async () => {
    await click(page, '#add-key');
    await page.locator('>>> #key-form input[name="name"]').fill('Một cửa điện tử tỉnh');
    await click(page, '#key-form input[value="tickets:link"]');
    await click(page, '#create-key');
    const key = (await waitForSelectorText(page, '#shown-value', 'luotk_')).trim();
    const row = await waitForSelectorText(page, '#keys tr[data-key="Một cửa điện tử tỉnh"]', 'Gắn mã hồ sơ');
    expect(row).toContain('Đọc sự kiện');
    expect(row).not.toContain(key);
    expect((await api(hub.url, key)('GET', '/api/events?siteId=demo')).status).toBe(200);
    await screenshot(page, 'admin-link-04-key');
    page.once('dialog', (d) => void d.accept());
    await click(page, '#keys .revoke');
    await waitForSelectorText(page, '#keys', 'Đã thu hồi');
    expect((await api(hub.url, key)('GET', '/api/events?siteId=demo')).status).toBe(401);
    expect(page.errors, page.errors.join('\n')).toEqual([]);
  });
});
