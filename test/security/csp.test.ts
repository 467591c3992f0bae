// The Content-Security-Policy holds for every screen: each is opened in real Chromium and taken
// through its main states, and no CSP violation is reported (console or securitypolicyviolation).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, waitForText } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, ROOT, api, createDevice, login, startHub, type HubHandle } from '../helpers/hub.js';
import { click, signIn, waitForSelectorText } from '../browser/counter-helpers.js';
import { CONTENT_SECURITY_POLICY } from '../../server/security/headers.js';

let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const opened: { name: string; page: Page; violations: string[] }[] = [];

/** A page that records every CSP violation, from the console and from the DOM event. */
async function screen(name: string, path: string, width: number, height: number): Promise<Page & { violations: string[] }> {
  const ctx = await browser.createBrowserContext();
  const page = (await ctx.newPage()) as Page & { violations: string[] };
  page.violations = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) page.violations.push(m.text()); });
  await page.exposeFunction('__cspViolation', (v: string) => { page.violations.push(v); });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    }, true);
  });
  await page.setViewport({ width, height });
  const res = await page.goto(hub.url + path, { waitUntil: 'load' });
  expect(res?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  opened.push({ name, page, violations: page.violations });
  return page;
}

const expectNoViolations = (p: { violations: string[] }) => expect(p.violations).toEqual([]);

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('Content-Security-Policy on every screen', () => {
  it('kiosk: pairing, the service grid, a ticket on screen', async () => {
    const dev = await createDevice(hub, { kind: 'kiosk' });
    const page = await screen('kiosk', `/kiosk?pair=${dev.pairingCode}`, 1080, 1920);
    await waitForText(page, 'Mời chọn lĩnh vực cần giải quyết', 30_000);
    await click(page, 'kiosk-service-button >>> button[data-code="A"]');
    await click(page, 'kiosk-priority-choice >>> button[data-priority="none"]').catch(() => {});
    await waitForText(page, /A\d{3}/, 30_000);
    await screenshot(page, 'security-csp-kiosk');
    expectNoViolations(page);
  });

  it('display: pairing, a call spoken with its chime', async () => {
    const dev = await createDevice(hub, { kind: 'display' });
    const page = await screen('display', `/display?pair=${dev.pairingCode}`, 1920, 1080);
    await waitForText(page, 'Đã kết nối', 30_000);
    const officer = api(hub.url, await login(hub, 'canbo2', hub.demo.canbo2));
    await api(hub.url, hub.adminToken)('POST', '/api/tickets', { serviceId: 'svc-c' });
    expect((await officer('POST', '/api/counters/counter-3/open')).status).toBe(200);
    const called = await officer('POST', '/api/counters/counter-3/call-next');
    await waitForText(page, called.body.ticket.number, 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // let the voice clips load and play
    await screenshot(page, 'security-csp-display');
    expectNoViolations(page);
  });

  it('officer console: sign-in, the counters, an open counter calling', async () => {
    const page = await screen('counter', '/counter', 1366, 768);
    await signIn(page, 'canbo1', hub.demo.canbo1);
    await waitForSelectorText(page, 'counter-picker >>> h1', 'Chọn quầy làm việc');
    await click(page, '[data-counter="1"]');
    await waitForSelectorText(page, '#counter-status', 'Đang mở');
    await screenshot(page, 'security-csp-counter');
    expectNoViolations(page);
  });

  it('rating pad: pairing, a rating asked and given', async () => {
    const dev = await createDevice(hub, { kind: 'pad', counterId: 'counter-1' });
    const page = await screen('pad', `/pad?pair=${dev.pairingCode}`, 1280, 800);
    await waitForSelectorText(page, '#pad-officer', 'Nguyễn Thị Lan');
    const officer = api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1));
    await api(hub.url, hub.adminToken)('POST', '/api/tickets', { serviceId: 'svc-a' });
    await officer('POST', '/api/counters/counter-1/call-next');
    const done = await officer('POST', '/api/counters/counter-1/complete');
    await waitForSelectorText(page, '#rate', `Phiếu số ${done.body.ticket.number}`);
    await screenshot(page, 'security-csp-pad');
    await click(page, 'pad-rating >>> button[data-level="very_satisfied"]');
    await waitForSelectorText(page, '#thanks', 'Cảm ơn quý khách!');
    expectNoViolations(page);
  });

  it('admin: sign-in, then every section (charts, QR codes, forms)', async () => {
    const page = await screen('admin', '/admin', 1440, 900);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await waitForSelectorText(page, '#kpi-issued', 'Phiếu đã cấp');
    for (const section of ['reports', 'services', 'counters', 'devices', 'accounts', 'settings', 'today']) {
      await click(page, `#nav-${section}`);
      await new Promise((r) => setTimeout(r, 700));
      if (section === 'reports') {
        await click(page, '#show-report');
        await new Promise((r) => setTimeout(r, 1500));
        await screenshot(page, 'security-csp-admin-reports');
      }
    }
    expectNoViolations(page);
  });

  const phoneBuilt = existsSync(join(ROOT, 'dist', 'phone', 'index.html'));
  it.skipIf(!phoneBuilt)('ticket page on a phone', async () => {
    const t = await api(hub.url, hub.adminToken)('POST', '/api/tickets', { serviceId: 'svc-b' });
    const page = await screen('phone', `/t/${t.body.ticket.id}`, 390, 844);
    await waitForText(page, t.body.ticket.number, 30_000);
    await new Promise((r) => setTimeout(r, 700));
    await screenshot(page, 'security-csp-phone');
    expectNoViolations(page);
  });

  it.skipIf(!existsSync(join(ROOT, 'dist', 'phone', 'book.html')))('booking page on a phone', async () => {
    const page = await screen('book', '/book', 390, 844);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await page.evaluate(() => document.body.innerText + (document.body.firstElementChild?.shadowRoot?.textContent ?? ''))).trim().length).toBeGreaterThan(0);
    await screenshot(page, 'security-csp-book');
    expectNoViolations(page);
  });

  it('the check itself works: an injected inline script is refused and reported', async () => {
    const page = await screen('control', '/kiosk', 800, 600);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(page.violations.some((v) => /script-src/.test(v))).toBe(true);
    opened.pop();
  });

  it('no screen reported a violation later on', () => {
    for (const o of opened) expect({ screen: o.name, violations: o.violations }).toEqual({ screen: o.name, violations: [] });
  });
});
