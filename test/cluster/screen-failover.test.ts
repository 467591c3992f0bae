// A lobby display in real Chromium, paired on hub A of two hubs given LUOT_HUB_URLS: it keeps the
// list, and when hub A is killed it moves to hub B by itself (no reload) and shows the calls made
// there; the page (still hub A's) may call hub B's /api (its CSP and hub B's CORS allow it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowser, openPage, screenshot, waitForText } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { freePort } from '../helpers/pg.js';
import { freshDatabase, stopCluster } from './support.js';

let hubs: HubHandle[] = [];
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  ensureBuilt();
  const url = await freshDatabase();
  const ports = [await freePort(), await freePort()];
  const env = { LUOT_DATABASE_URL: url, LUOT_HUB_URLS: ports.map((p) => `http://127.0.0.1:${p}`).join(',') };
  const a = await startHub({ port: ports[0], env: { ...env, LUOT_HUB_ID: 'hub-a' } });
  const b = await startHub({ port: ports[1], env: { ...env, LUOT_HUB_ID: 'hub-b' } });
  b.demo = a.demo;
  hubs = [a, b];
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => { await browser?.cleanup(); await stopCluster(hubs); });

async function counterOne(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = document.querySelector('display-app')?.shadowRoot?.querySelector('display-call-board')?.shadowRoot;
    return (b?.querySelector('[data-counter="1"] [data-counter-ticket]')?.textContent ?? '').trim();
  });
}

describe('a screen moves to a live hub', () => {
  it('the display paired on hub A shows hub B\'s calls after hub A is killed', { timeout: 120_000 }, async () => {
    const [a, b] = hubs as [HubHandle, HubHandle];
    const { pairingCode } = await createDevice(a, { kind: 'display', name: 'TV sảnh' });
    const page = await openPage(browser, `${a.url}/display?pair=${pairingCode}`, 1920, 1080);
    await waitForText(page, 'Đã kết nối', 30_000);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('luot.hubs.display') ?? '[]'))).toEqual([a.url, b.url]);
    // The page of hub A may read hub B's API (CSP connect-src and CORS).
    expect(await page.evaluate(async (u) => (await (await fetch(`${u}/api/health`)).json()).hub, b.url)).toBe('hub-b');

    await a.kill();
    const kiosk = await pairDevice(b, { kind: 'kiosk' });
    const officer = await login(b, 'canbo1', b.demo.canbo1!);
    const t = await api(b.url, kiosk.token)<{ ticket: { number: string } }>('POST', '/api/tickets', { serviceId: 'svc-a' });
    expect(t.status).toBe(201);
    expect((await api(b.url, officer)('POST', '/api/counters/counter-1/open')).status).toBe(200);
    expect((await api(b.url, officer)('POST', '/api/counters/counter-1/call-next')).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while ((await counterOne(page)) !== t.body.ticket.number) {
      if (Date.now() > deadline) throw new Error(`counter 1 shows ${await counterOne(page)}, not ${t.body.ticket.number}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitForText(page, 'Đã kết nối', 30_000);
    await screenshot(page, 'cluster-display-after-failover');
    expect(page.errors.filter((e) => /Content Security Policy|CORS/i.test(e))).toEqual([]);
    await page.close();
  });
});
