// The lobby display in real Chromium against the real hub: paired by address, officers call over
// HTTP and the display shows the number at its counter, the newest call large, recalls marked and
// spoken, the ticker set by admin, and a hub restart after which it converges without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Ticket } from '../../common/types.js';
import { clipNamesForCall } from '../../display/voice.js';
import { launchBrowser, openPage, screenshot, waitForText as waitForTextShort } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, login, startHub, type HubHandle } from '../helpers/hub.js';
import { gzippedJs } from './bundle-size.js';

/** Waits for a state, generously: a busy machine may be slow; nothing here measures time. */
const waitForText = (page: Page, pattern: RegExp | string, timeoutMs = 30_000) => waitForTextShort(page, pattern, timeoutMs);

const W = 1920, H = 1080;

async function deepAttr(page: Page, selector: string): Promise<string[]> {
  const els = await page.$$(selector);
  return Promise.all(els.map((e) => e.evaluate((x) => (x.textContent ?? '').trim())));
}

/** The numbers shown on the board, by counter number. */
async function board(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    const b = document.querySelector('display-app')?.shadowRoot?.querySelector('display-call-board')?.shadowRoot;
    for (const cell of Array.from(b?.querySelectorAll('[data-counter]') ?? [])) {
      out[(cell as HTMLElement).dataset.counter!] = (cell.querySelector('[data-counter-ticket]')?.textContent ?? '').trim();
    }
    return out;
  });
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`${what}: last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

describe('lobby display', { timeout: 180_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page & { errors: string[] };
  const officers: Record<number, string> = {};

  const call = async (counter: number, what: 'call-next' | 'recall' | 'complete' | 'open') => {
    const r = await api(hub.url, officers[counter])<{ ticket: Ticket }>('POST', `/api/counters/counter-${counter}/${what}`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.ticket;
  };

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    const admin = api(hub.url, hub.adminToken);
    const u = await admin('POST', '/api/users', { username: 'canbo7', password: 'canbo7-pw', name: 'Lê Văn Hùng', role: 'officer', siteIds: ['demo'] });
    expect(u.status).toBe(201);
    officers[1] = await login(hub, 'canbo1', hub.demo.canbo1);
    officers[3] = await login(hub, 'canbo2', hub.demo.canbo2);
    officers[5] = await login(hub, 'canbo7', 'canbo7-pw');
    for (const svc of ['svc-a', 'svc-a', 'svc-a', 'svc-b', 'svc-c', 'svc-g', 'svc-h']) {
      expect((await admin('POST', '/api/tickets', { serviceId: svc })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('the bundle is at most 100 KB of gzipped JavaScript', () => {
    const { files, gzipBytes } = gzippedJs('display/index.html');
    console.log(`display JS: ${files.join(', ')}: ${(gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(gzipBytes).toBeLessThanOrEqual(100 * 1024);
  });

  it('an unpaired display says so', async () => {
    const p = await openPage(browser, `${hub.url}/display`, W, H);
    await waitForText(p, 'Màn hình chưa được ghép nối');
    await screenshot(p, 'display-unpaired');
    await p.close();
  });

  it('pairs by address and shows the hall before any call', async () => {
    const { pairingCode } = await createDevice(hub, { kind: 'display', name: 'TV sảnh' });
    page = await openPage(browser, `${hub.url}/display?pair=${pairingCode}`, W, H);
    await waitForText(page, 'Xin kính chào quý công dân');
    expect(page.url()).toBe(`${hub.url}/display`);
    await waitForText(page, 'Đã kết nối');
    await waitForText(page, 'Bộ phận Một cửa');
    await waitForText(page, 'QUẦY 6');
    await waitForText(page, 'Đang chờ');
    // waiting counts per service: A has 3
    const a = await waitFor(() => deepAttr(page, 'display-app >>> display-waiting >>> [data-waiting="A"] .count'), (v) => v[0] === '3', 'waiting A');
    expect(a).toEqual(['3']);
    await screenshot(page, 'display-idle');
    // mark the document: a reload would lose it
    await page.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
  });

  it('shows each call at its counter, the newest large, and speaks calls and recalls', async () => {
    // the site's voice settings are followed: once, after the chime
    const voice = { enabled: true, repeat: 1, chime: true };
    expect((await api(hub.url, hub.adminToken)('PATCH', '/api/sites/demo/settings', { voice })).status).toBe(200);
    for (const n of [1, 3, 5]) await call(n, 'open');
    const a1 = await call(1, 'call-next');
    await waitForText(page, `MỜI CÔNG DÂN CÓ SỐ ${a1.number} ĐẾN QUẦY SỐ 1`);
    const c1 = await call(3, 'call-next');
    const g1 = await call(5, 'call-next');
    await waitForText(page, `MỜI CÔNG DÂN CÓ SỐ ${g1.number} ĐẾN QUẦY SỐ 5`);
    expect(await deepAttr(page, 'display-app >>> display-now-calling >>> [data-now-number]')).toEqual([g1.number]);
    expect(await deepAttr(page, 'display-app >>> display-now-calling >>> [data-now-counter]')).toEqual(['5']);
    const b = await waitFor(() => board(page), (v) => v['1'] === a1.number && v['3'] === c1.number && v['5'] === g1.number, 'board');
    expect(b['2']).toBe('');
    expect(await deepAttr(page, 'display-app >>> display-recent-calls >>> li .num')).toEqual([g1.number, c1.number, a1.number]);
    await screenshot(page, 'display-calls');

    const r = await call(1, 'recall');
    expect(r.recalls).toBe(1);
    await waitForText(page, `MỜI CÔNG DÂN CÓ SỐ ${a1.number} ĐẾN QUẦY SỐ 1`);
    await waitForText(page, 'GỌI LẠI');
    expect(await deepAttr(page, 'display-app >>> display-recent-calls >>> li .num')).toEqual([a1.number, g1.number, c1.number]);
    await screenshot(page, 'display-recall');

    // every call and the recall went to the announcer, in order, as the site's voice settings say
    const played = await page.evaluate(async () => {
      const app = document.querySelector('display-app') as unknown as { announcer: { whenIdle(): Promise<void>; played: string[]; skipped: string[] } };
      await app.announcer.whenIdle();
      return { played: app.announcer.played, skipped: app.announcer.skipped };
    });
    const opts = { repeat: voice.repeat, chime: voice.chime };
    const expected = [
      ...clipNamesForCall({ number: a1.number, counterNumber: 1, recall: false }, opts),
      ...clipNamesForCall({ number: c1.number, counterNumber: 3, recall: false }, opts),
      ...clipNamesForCall({ number: g1.number, counterNumber: 5, recall: false }, opts),
      ...clipNamesForCall({ number: a1.number, counterNumber: 1, recall: true }, opts),
    ];
    expect(played.skipped).toEqual([]);
    expect(played.played).toEqual(expected);
  }, 150_000);

  it('shows the ticker text the admin sets, and done frees the counter', async () => {
    const text = 'Từ ngày 01/12, Bộ phận Một cửa tiếp nhận hồ sơ cả sáng thứ Bảy. Xin cảm ơn quý công dân!';
    const admin = api(hub.url, hub.adminToken);
    expect((await admin('PATCH', '/api/sites/demo/settings', { displayTicker: text })).status).toBe(200);
    await waitForText(page, 'tiếp nhận hồ sơ cả sáng thứ Bảy');
    await call(3, 'complete');
    await waitFor(() => board(page), (v) => v['3'] === '', 'counter 3 freed');
    await screenshot(page, 'display-ticker');
  });

  it('converges without a reload after the hub restarts', async () => {
    await hub.stop();
    await waitForText(page, 'Mất kết nối');
    await screenshot(page, 'display-offline');

    hub = await startHub({ dataDir: hub.dataDir, port: hub.port });
    // changes right after the restart reach the display by snapshot or by event, whichever comes first
    await call(1, 'complete');
    const next = await call(1, 'call-next');
    expect(next.number).toMatch(/^[AB]\d{3}$/);
    await waitForText(page, `MỜI CÔNG DÂN CÓ SỐ ${next.number} ĐẾN QUẦY SỐ 1`);
    await waitForText(page, 'Đã kết nối');
    const b = await waitFor(() => board(page), (v) => v['1'] === next.number, 'board after restart');
    expect(b['5']).toMatch(/^G\d{3}$/);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await screenshot(page, 'display-after-restart');
    expect(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket|socket/i.test(e))).toEqual([]);
  }, 150_000);
});
