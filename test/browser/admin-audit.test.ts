// The admin's audit page (/admin#audit) against the real hub in real Chromium: two finished days
// written as the hub writes them (hash-chained, closed with their digests in the audit log), then
// "Kiểm tra ngay" says every chain is intact, the digests are listed as matching their close and
// print alone; after a line of a finished day is altered on disk, the page names the file and line.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { ADMIN_PASSWORD, api, startHub, type HubHandle } from '../helpers/hub.js';
import { dayLogText, siteConfigFor, simulateDay } from '../bench/history.js';
import { GENESIS, sha256 } from '../../server/store/day-log.js';
import { click, textOf, waitForSelectorText, type TestPage } from './counter-helpers.js';

const W = 1440, H = 900;
let hub: HubHandle;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: TestPage;
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const d2 = addDays(today, -2), d1 = addDays(today, -1);
const dayFile = (date: string) => join(hub.dataDir, 'sites', 'demo', `${date}.jsonl`);
const lines = (text: string) => text.split('\n').filter(Boolean);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** Append entries to the audit log, chained as the hub chains them. */
function appendAudit(dir: string, entries: object[]): void {
  const path = join(dir, 'audit.jsonl');
  const existing = lines(readFileSync(path, 'utf8'));
  let prev = sha256(existing.at(-1)!);
  let n = existing.length;
  let text = '';
  for (const e of entries) {
    const line = JSON.stringify({ n: ++n, prev, ...e });
    prev = sha256(line);
    text += line + '\n';
  }
  appendFileSync(path, text);
}

beforeAll(async () => {
  ensureBuilt();
  // A first start makes the demo's configuration and audit log; then two finished days, chained,
  // each closed at its midnight with its digest (what the hub records in rollOver).
  const first = await startHub({ env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  await first.stop();
  const dir = first.dataDir;
  mkdirSync(join(dir, 'sites', 'demo'), { recursive: true });
  const a = dayLogText(simulateDay(siteConfigFor('demo'), d2, 30, rng(3)), GENESIS);
  const b = dayLogText(simulateDay(siteConfigFor('demo'), d1, 30, rng(4)), a.last);
  writeFileSync(join(dir, 'sites', 'demo', `${d2}.jsonl`), a.text);
  writeFileSync(join(dir, 'sites', 'demo', `${d1}.jsonl`), b.text);
  const close = (date: string, text: string) => ({
    t: 'audit', at: Date.parse(`${addDays(date, 1)}T00:00:00+07:00`), actor: 'system', action: 'day.close', target: 'site:demo',
    detail: { date, digest: sha256(lines(text).at(-1)!), entries: lines(text).length },
  });
  appendAudit(dir, [close(d2, a.text), close(d1, b.text)]);
  hub = await startHub({ dataDir: dir, env: { LUOT_TZ: 'Asia/Ho_Chi_Minh' } });
  browser = await launchBrowser();
  page = await openPage(browser, `${hub.url}/admin#audit`, W, H);
  await page.locator('>>> #username').fill('admin');
  await page.locator('>>> #password').fill(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
}, 180_000);

afterAll(async () => {
  await browser?.cleanup();
  await hub?.stop();
  hub?.cleanup();
});

describe('admin audit page', () => {
  it('lists each finished day with its digest, matching the close', async () => {
    await waitForSelectorText(page, `#digests tr[data-date="${d1}"]`, 'Khớp');
    const { body } = await api(hub.url, hub.adminToken)('GET', '/api/audit/digests?siteId=demo');
    expect(body.days.map((x: { date: string }) => x.date)).toEqual([d2, d1]);
    for (const day of body.days) {
      const row = await textOf(page, `#digests tr[data-date="${day.date}"]`);
      expect(row).toContain(day.digest);
      expect(row).toContain('Khớp lúc đóng ngày'.slice(0, 4));
      expect(row).toContain(`${day.date.slice(8, 10)}/${day.date.slice(5, 7)}/${day.date.slice(0, 4)}`);
    }
    expect(await textOf(page, '#audit-head')).toContain(body.audit.digest);
  });

  it('checks every chain and says it is intact, with files and entries counted', async () => {
    await click(page, '#verify');
    const text = await waitForSelectorText(page, '#verdict', 'Mọi chuỗi băm nguyên vẹn');
    const v = (await api(hub.url, hub.adminToken)('GET', '/api/audit/verify')).body;
    expect(v.ok).toBe(true);
    expect(text).toContain(`Đã kiểm tra ${v.files} tệp, ${v.entries.toLocaleString('vi-VN')} mục`);
    await screenshot(page, 'admin-audit-01-intact');
  });

  it('prints only the site, the date printed and the table', async () => {
    await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
    await click(page, '#print');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMediaType('print');
    await page.setViewport({ width: 794, height: 1123 });
    const visible = await page.evaluate(() => {
      const app = document.querySelector('admin-app')!.shadowRoot!;
      const audit = app.querySelector('admin-audit')!.shadowRoot!;
      const shown = (el: Element | null) => !!el && getComputedStyle(el).display !== 'none';
      return {
        header: shown(app.querySelector('header')), nav: shown(app.querySelector('nav')),
        verify: shown(audit.querySelector('#verify')?.closest('.bar') ?? null), verdict: shown(audit.querySelector('#verdict')),
        printHead: shown(audit.querySelector('#print-head')), table: shown(audit.querySelector('#digests')),
        digestFont: getComputedStyle(audit.querySelector('td.digest')!).fontFamily,
      };
    });
    expect(visible).toMatchObject({ header: false, nav: false, verify: false, verdict: false, printHead: true, table: true });
    expect(visible.digestFont).toMatch(/Mono|monospace/);
    const head = await textOf(page, '#print-head');
    expect(head).toContain('Bảng mã băm nhật ký');
    expect(head).toContain('Trung tâm');
    await screenshot(page, 'admin-audit-02-print');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    await page.emulateMediaType('screen');
    await page.setViewport({ width: W, height: H });
  });

  it('names the file and the line when a finished day was altered', async () => {
    const text = readFileSync(dayFile(d2), 'utf8');
    const ls = lines(text);
    const e = JSON.parse(ls[4]);
    e.at += 60_000; // a call moved by a minute: the kind of edit that improves a wait time
    ls[4] = JSON.stringify(e);
    writeFileSync(dayFile(d2), ls.join('\n') + '\n');
    await click(page, '#verify');
    await waitForSelectorText(page, '#verdict', 'Phát hiện sai lệch trong nhật ký');
    const where = await waitForSelectorText(page, '#bad-where', `sites/demo/${d2}.jsonl`);
    expect(where).toBe(`Tệp sites/demo/${d2}.jsonl, dòng 5`);
    expect(await textOf(page, '#verdict')).toContain('line 5 was altered');
    const v = (await api(hub.url, hub.adminToken)('GET', '/api/audit/verify')).body;
    expect(v.firstBad).toMatchObject({ file: `sites/demo/${d2}.jsonl`, line: 5 });
    await screenshot(page, 'admin-audit-03-tampered');
    await click(page, 'luot-lang-switch >>> button');
    await waitForSelectorText(page, '#verdict', 'The record has been altered');
    expect(await textOf(page, '#bad-where')).toBe(`File sites/demo/${d2}.jsonl, line 5`);
    await screenshot(page, 'admin-audit-04-tampered-en');
    await click(page, 'luot-lang-switch >>> button');
    expect(page.errors, page.errors.join('\n')).toEqual([]);
  });
});
