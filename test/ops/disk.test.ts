// Disk before it is full: a hub whose free-space probe reports 600 MB of 100 GB (LUOT_DISK_FREE_BYTES,
// the injected probe) says so in /api/health, in luot_disk_low and as a banner in the admin console
// (real Chromium); /metrics is 404 without LUOT_METRICS (this hub), and the start logs a warn line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, waitForText } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, startHub, type HubHandle } from '../helpers/hub.js';

const FREE = 600 * 1024 * 1024, TOTAL = 100 * 1024 ** 3;
let hub: HubHandle;

beforeAll(async () => {
  ensureBuilt();
  hub = await startHub({ env: { LUOT_DISK_FREE_BYTES: String(FREE), LUOT_DISK_TOTAL_BYTES: String(TOTAL) } });
}, 60_000);
afterAll(async () => { await hub?.stop(); hub?.cleanup(); });

describe('disk_low', () => {
  it('health carries the warning, in the asker\'s language; /metrics is off by default', async () => {
    const vi = (await api(hub.url)('GET', '/api/health')).body;
    expect(vi).toMatchObject({ ok: true, warnings: [{ code: 'disk_low', freeBytes: FREE, totalBytes: TOTAL }] });
    expect(vi.warnings[0].message).toBe('Sắp hết dung lượng đĩa ở thư mục dữ liệu: còn 0,59 GB (0,6 %). Hãy giải phóng hoặc chuyển dữ liệu trước khi hệ thống không ghi được.');
    const en = (await api(hub.url, undefined, 'en')('GET', '/api/health')).body;
    expect(en.warnings[0].message).toMatch(/^Disk space is low in the data folder: 0\.59 GB free/);
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(404);
    const line = hub.output().split('\n').find((l) => l.includes('"event":"disk_low"'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 40, freeBytes: FREE });
  });

  it('the admin console shows a banner', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openPage(browser, `${hub.url}/admin`, 1280, 800);
      await page.locator('>>> #username').fill('admin');
      await page.locator('>>> #password').fill(ADMIN_PASSWORD);
      await page.keyboard.press('Enter');
      await waitForText(page, 'Sắp hết dung lượng đĩa');
      const banner = await page.evaluate(() => document.querySelector('admin-app')!.shadowRoot!.querySelector('#warning-disk_low')?.textContent ?? '');
      expect(banner).toContain('còn 0,59 GB (0,6 %)');
      await waitForText(page, 'Trực tuyến');
      await screenshot(page, 'admin-disk-low');
      expect(page.errors).toEqual([]);
    } finally {
      await browser.cleanup();
    }
  }, 60_000);
});

describe('the threshold', () => {
  it('is 1 GB or 5 % of the filesystem, whichever is hit, and settable', async () => {
    const { DiskWatch, diskSettingsFromEnv } = await import('../../server/ops/disk.js');
    const G = 1024 ** 3;
    const low = async (free: number, total: number, env: Record<string, string> = {}) => {
      const changes: boolean[] = [];
      const w = new DiskWatch(async () => ({ freeBytes: free, totalBytes: total }), { ...diskSettingsFromEnv(env), everyMs: 0 }, (l) => changes.push(l));
      await w.check();
      return w.low;
    };
    expect(await low(2 * G, 20 * G)).toBe(false); // 10 %, 2 GB
    expect(await low(0.9 * G, 10 * G)).toBe(true); // under 1 GB
    expect(await low(40 * G, 1000 * G)).toBe(true); // 4 % of a large disk
    expect(await low(0.9 * G, 10 * G, { LUOT_DISK_MIN_FREE_MB: '500' })).toBe(false);
    expect(await low(40 * G, 1000 * G, { LUOT_DISK_MIN_FREE_PERCENT: '2' })).toBe(false);
  });
});
