// The lobby display's transparency panel (công khai) and its readability from 10 m, in real Chromium
// against the real hub: the panel shows the figures the hub computes (compared with the
// transparency endpoint) after tickets are served and rated, says "chưa có đánh giá" before any
// rating, hides and returns live when an admin changes `showTransparency`, and no visible text on
// the display is smaller than 28 px while the newest call stays the largest thing on the screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Ticket } from '../../common/types.js';
import { durationParts, partsText, rateParts, servedParts, type Transparency } from '../../display/transparency.js';
import { deepText, launchBrowser, openPage, screenshot, waitForText as waitForTextShort } from '../helpers/browser.js';
import { ensureBuilt } from '../helpers/build.js';
import { api, createDevice, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';

const W = 1920, H = 1080;
/** The smallest text a citizen must read from 10 m on a 1920x1080 TV (--luot-size-xl). */
const MIN_TEXT_PX = 28;
/** Seconds per turn of the lower right panel in these tests (20 s and 12 s in the hall). */
const ROTATE = 3;

const waitForText = (page: Page, pattern: RegExp | string, timeoutMs = 30_000) => waitForTextShort(page, pattern, timeoutMs);

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`${what}: last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
    v = await fn();
  }
  return v;
}

interface PanelView {
  /** The panel is on screen (not waiting its turn, not switched off). */
  visible: boolean;
  /** The waiting counts are on screen (read at the same moment). */
  waiting: boolean;
  title: string;
  /** data-value of each figure ("" = the "none yet" words), and the month line's value. */
  served?: string; wait?: string; satisfaction?: string;
  servedMonth?: string; waitMonth?: string; satisfactionMonth?: string;
  text: string;
}

/** What the transparency panel shows now. */
async function panel(page: Page): Promise<PanelView> {
  return page.evaluate(() => {
    const el = document.querySelector('display-app')?.shadowRoot?.querySelector('display-transparency');
    const root = el?.shadowRoot;
    const r = el?.getBoundingClientRect();
    const w = document.querySelector('display-app')?.shadowRoot?.querySelector('display-waiting')?.getBoundingClientRect();
    const out: Record<string, unknown> = {
      waiting: !!w && w.width > 0 && w.height > 0,
      visible: !!el && !!r && r.width > 0 && r.height > 0 && !!root?.querySelector('[data-figure]'),
      title: (root?.querySelector('h2')?.textContent ?? '').trim(),
      text: (root?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    };
    for (const f of ['served', 'wait', 'satisfaction']) {
      const row = root?.querySelector(`[data-figure="${f}"]`);
      if (!row) continue;
      out[f] = row.querySelector('[data-value]')?.getAttribute('data-value') ?? undefined;
      const m = row.querySelector('[data-month]');
      if (m) out[`${f}Month`] = m.getAttribute('data-month');
    }
    return out as unknown as PanelView;
  });
}

async function waitingVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const r = document.querySelector('display-app')?.shadowRoot?.querySelector('display-waiting')?.getBoundingClientRect();
    return !!r && r.width > 0 && r.height > 0;
  });
}

interface TextBox { text: string; px: number; where: string }

/** Every visible element with text of its own, across shadow roots, with its computed font size. */
async function visibleTexts(page: Page): Promise<TextBox[]> {
  return page.evaluate(() => {
    const out: { text: string; px: number; where: string }[] = [];
    const visit = (root: Document | ShadowRoot, host: string) => {
      const ownText = (n: Node) => Array.from(n.childNodes)
        .filter((c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? '').trim())
        .map((c) => (c.textContent ?? '').trim()).join(' ');
      const check = (el: Element, text: string) => {
        if (!text) return;
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return;
        if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return;
        out.push({ text: text.slice(0, 60), px: parseFloat(cs.fontSize), where: `${host} ${el.tagName.toLowerCase()}.${el.className}` });
      };
      // text placed directly in a shadow root takes the host's style
      if (root instanceof ShadowRoot) check(root.host, ownText(root));
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (el.shadowRoot) visit(el.shadowRoot, el.tagName.toLowerCase());
        check(el, ownText(el));
      }
    };
    visit(document, 'document');
    return out;
  });
}

/** No visible text smaller than the minimum, and the newest call's number the largest text. */
async function expectReadable(page: Page, what: string): Promise<TextBox[]> {
  const texts = await visibleTexts(page);
  expect(texts.length, what).toBeGreaterThan(20);
  const small = texts.filter((t) => t.px < MIN_TEXT_PX - 0.01);
  expect(small, `${what}: texts under ${MIN_TEXT_PX} px`).toEqual([]);
  return texts;
}

describe('lobby display: transparency panel and readability from 10 m', { timeout: 240_000 }, () => {
  let hub: HubHandle;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page & { errors: string[] };
  let officer: ReturnType<typeof api>;
  let pad: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;

  const counter = async (what: 'open' | 'call-next' | 'complete' | 'recall') => {
    const r = await officer<{ ticket: Ticket }>('POST', `/api/counters/counter-1/${what}`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.ticket;
  };
  const endpoint = async () => {
    const r = await admin<Transparency>('GET', '/api/reports/transparency?siteId=demo');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    browser = await launchBrowser();
    admin = api(hub.url, hub.adminToken);
    officer = api(hub.url, await login(hub, 'canbo1', hub.demo.canbo1));
    pad = api(hub.url, (await pairDevice(hub, { kind: 'pad', name: 'Máy đánh giá quầy 1', counterId: 'counter-1' })).token);
    for (const svc of ['svc-a', 'svc-a', 'svc-a', 'svc-a', 'svc-a', 'svc-b', 'svc-e', 'svc-f', 'svc-g']) {
      expect((await admin('POST', '/api/tickets', { serviceId: svc })).status).toBe(201);
    }
    expect((await admin('PATCH', '/api/sites/demo/settings', { voice: { enabled: false, repeat: 1, chime: false } })).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.cleanup();
    await hub?.stop();
    hub?.cleanup();
  });

  it('before any rating: the day\'s figures as the hub has them, "chưa có đánh giá", and every text at least 28 px', async () => {
    const { pairingCode } = await createDevice(hub, { kind: 'display', name: 'TV sảnh' });
    page = await openPage(browser, `${hub.url}/display?pair=${pairingCode}&rotate=${ROTATE}`, W, H);
    await waitForText(page, 'Xin kính chào quý công dân');
    await waitForText(page, 'Đã kết nối');

    // the waiting counts and the panel take turns at the lower right
    await waitFor(() => waitingVisible(page), (v) => v, 'waiting counts shown');
    await expectReadable(page, 'welcome, waiting counts');
    await screenshot(page, 'display-transparency-1-waiting');

    const view = await waitFor(() => panel(page), (v) => v.visible, 'panel shown');
    expect(view.waiting).toBe(false);
    const ep = await endpoint();
    expect(ep).toMatchObject({ siteId: 'demo', show: true, served: 0, satisfactionRate: null });
    expect(view.title).toBe('CÔNG KHAI KẾT QUẢ HÔM NAY');
    expect(view.text).toContain('TODAY\'S RESULTS');
    expect(view.served).toBe('0 lượt');
    expect(view.satisfaction).toBe('');
    expect(view.text).toContain('chưa có đánh giá');
    expect(view.text).toContain('no ratings yet');
    await expectReadable(page, 'welcome, transparency panel');
    await screenshot(page, 'display-transparency-2-no-ratings');
  });

  it('after tickets are served and rated it shows the figures the hub computes, and the call stays the largest', async () => {
    await counter('open');
    const levels = ['very_satisfied', 'satisfied', 'unsatisfied', null] as const;
    let now: Ticket | null = null;
    for (const level of levels) {
      now = await counter('call-next');
      await counter('complete');
      if (!level) continue; // the last one is not rated: its "done" tells the display to ask again
      const body = level === 'unsatisfied' ? { ticketId: now.id, level, comment: 'Chờ lâu' } : { ticketId: now.id, level };
      const r = await pad('POST', '/api/ratings', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // the last call stays on the large panel after it is done
    await waitForText(page, `MỜI CÔNG DÂN CÓ SỐ ${now!.number} ĐẾN QUẦY SỐ 1`);

    const ep = await waitFor(endpoint, (e) => e.served === 4, 'hub counts 4 served');
    expect(ep.ratings).toEqual({ very_satisfied: 1, satisfied: 1, unsatisfied: 1 });
    expect(ep.satisfactionRate).toBeCloseTo(2 / 3, 4);
    expect(ep.waitAvgSeconds).not.toBeNull();
    const expected = {
      served: partsText(servedParts(ep.served, 'vi')),
      wait: partsText(durationParts(ep.waitAvgSeconds, 'vi')!),
      satisfaction: partsText(rateParts(ep.satisfactionRate, 'vi')!),
    };
    expect(expected.served).toBe('4 lượt');
    expect(expected.satisfaction).toBe('66,7 %');
    const view = await waitFor(() => panel(page), (v) => v.visible && v.served === expected.served && v.satisfaction === expected.satisfaction, 'panel with the hub\'s figures', 90_000);
    expect(view.wait).toBe(expected.wait);
    expect(view.wait).toMatch(/^\d+ giây$|phút/);
    // the month so far, from the same payload (the demo's history is today only)
    expect(ep.month).toBeDefined();
    expect(view.servedMonth).toBe(partsText(servedParts(ep.month!.served, 'vi')));
    expect(view.satisfactionMonth).toBe(partsText(rateParts(ep.month!.satisfactionRate, 'vi')!));
    expect(view.text).toMatch(/Tháng \d+: 4 lượt/);

    // the newest call is still the largest text on the screen, beside the panel
    const texts = await expectReadable(page, 'call and transparency panel');
    const largest = texts.reduce((a, b) => (b.px > a.px ? b : a));
    expect(largest.text).toBe(now!.number);
    expect(largest.where).toContain('display-now-calling');
    expect(texts.filter((t) => t.where.startsWith('display-transparency')).every((t) => t.px < largest.px / 2)).toBe(true);
    await screenshot(page, 'display-transparency-3-figures');

    // and the waiting counts, in their turn, as readable
    await waitFor(() => waitingVisible(page), (v) => v, 'waiting counts back');
    await expectReadable(page, 'call and waiting counts');
    await screenshot(page, 'display-transparency-4-call-waiting');
  });

  it('hides when an admin turns showTransparency off, and returns when it is turned on', async () => {
    expect((await admin('PATCH', '/api/sites/demo/settings', { showTransparency: false })).status).toBe(200);
    await waitFor(() => deepText(page), (t) => !t.includes('CÔNG KHAI KẾT QUẢ HÔM NAY'), 'panel gone');
    // the waiting counts keep the place for themselves: turn after turn, they are what is shown
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, ROTATE * 1000));
      const v = await panel(page);
      expect(v.waiting).toBe(true);
      expect(v.visible).toBe(false);
    }
    expect((await endpoint()).show).toBe(false);
    await expectReadable(page, 'panel off');
    await screenshot(page, 'display-transparency-5-off');

    expect((await admin('PATCH', '/api/sites/demo/settings', { showTransparency: true })).status).toBe(200);
    const view = await waitFor(() => panel(page), (v) => v.visible, 'panel back');
    expect(view.served).toBe('4 lượt');
    expect(page.errors).toEqual([]);
  });

  it('in English first (?lang=en) the figures read the same, Vietnamese under them, every text at least 28 px', async () => {
    const { pairingCode } = await createDevice(hub, { kind: 'display', name: 'TV sảnh (EN)' });
    const en = await openPage(browser, `${hub.url}/display?pair=${pairingCode}&lang=en&rotate=${ROTATE}`, W, H);
    await waitForText(en, 'Connected');
    const view = await waitFor(() => panel(en), (v) => v.visible && v.served === '4', 'English panel');
    expect(view.title).toBe('TODAY\'S RESULTS, MADE PUBLIC');
    expect(view.text).toContain('CÔNG KHAI KẾT QUẢ HÔM NAY');
    expect(view.satisfaction).toBe('66.7 %');
    await expectReadable(en, 'English, transparency panel');
    await screenshot(en, 'display-transparency-6-en');
    await en.close();
  });
});
