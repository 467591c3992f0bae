// The demo's four weeks of past: made by the real core with an injected clock (deterministic for a
// seed), written as ordinary day logs, so that the reports show real figures the first minute.
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTERS, DEMO_SERVICES, defaultSettings } from '../../server/domain/defaults.js';
import type { SiteConfig } from '../../server/domain/model.js';
import { simulateHistory } from '../../server/demo/history.js';
import { verifyDataDir } from '../../server/store/verify.js';
import { api, startTestHub, type HubHandle } from '../integration/support.js';

function demoCfg(): SiteConfig {
  const services = new Map(DEMO_SERVICES.map((s) => [`svc-${s.code.toLowerCase()}`, { id: `svc-${s.code.toLowerCase()}`, siteId: 'demo', code: s.code, name: s.name, active: true, dailyCap: 300, hours: null }]));
  const counters = new Map(DEMO_COUNTERS.map((c) => [`counter-${c.number}`, { id: `counter-${c.number}`, siteId: 'demo', number: c.number, name: `Quầy ${c.number}`, serviceIds: c.codes.map((k) => `svc-${k.toLowerCase()}`) }]));
  return { site: { id: 'demo', name: 'Demo', timeZone: 'Asia/Ho_Chi_Minh', settings: defaultSettings() }, services, counters };
}
const officers = new Map(DEMO_COUNTERS.map((c) => [`counter-${c.number}`, { id: `u${c.number}`, name: `Cán bộ ${c.number}` }]));

let h: HubHandle | null = null;
afterAll(async () => { await h?.stop(); h?.cleanup(); });

describe('the demo history', () => {
  it('is deterministic for a seed and plausible: weekdays, peaks at 8-9 h and 14 h, Mondays heavier', () => {
    const now = Date.parse('2026-12-03T05:00:00Z');
    const a = simulateHistory({ cfg: demoCfg(), officers, kioskId: 'k', now });
    const b = simulateHistory({ cfg: demoCfg(), officers, kioskId: 'k', now });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.length).toBe(20);
    const hourOf = (at: number) => (new Date(at).getUTCHours() + 7) % 24;
    const byHour = new Map<number, number>();
    const perWeekday = new Map<number, number[]>();
    for (const d of a) {
      const issued = d.events.filter((e) => e.t === 'issued');
      for (const e of issued) byHour.set(hourOf(e.at), (byHour.get(hourOf(e.at)) ?? 0) + 1);
      const wd = new Date(`${d.date}T12:00:00Z`).getUTCDay();
      expect(wd).not.toBe(0);
      expect(wd).not.toBe(6);
      perWeekday.set(wd, [...(perWeekday.get(wd) ?? []), issued.length]);
    }
    const h = (x: number) => byHour.get(x) ?? 0;
    expect(h(8)).toBeGreaterThan(h(10));
    expect(h(8)).toBeGreaterThan(h(7));
    expect(h(14)).toBeGreaterThan(h(13));
    expect(h(14)).toBeGreaterThan(h(16));
    expect(h(12)).toBe(0);
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    for (const wd of [2, 3, 4, 5]) expect(avg(perWeekday.get(1)!)).toBeGreaterThan(avg(perWeekday.get(wd)!));
  });

  it('fills the reports of the last four weeks on a fresh demo hub, through ordinary day logs', async () => {
    h = await startTestHub({ env: { LUOT_DEMO_HISTORY_WEEKS: '4' } });
    expect(h.output()).toMatch(/demo: 20 days of history, \d+ tickets/);
    const admin = api(h.url, h.adminToken);
    const today = (await admin('GET', '/api/reports/today?siteId=demo')).body.date as string;
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 28 * 86_400_000).toISOString().slice(0, 10);
    const byDay = await admin('GET', `/api/reports?siteId=demo&from=${from}&to=${today}&groupBy=day`);
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200);
    expect(byDay.body.rows.filter((r: { issued: number }) => r.issued > 0).length).toBe(20);
    const t = byDay.body.total;
    expect(t.issued).toBeGreaterThan(3000);
    expect(t.noShow).toBeGreaterThan(0);
    expect(t.transferred).toBeGreaterThan(0);
    expect(t.ratings.unsatisfied).toBeGreaterThan(0);
    expect(t.unsatisfiedReasons.length).toBeGreaterThan(0);
    // The slow counter: counter 3 has the longest average service.
    const byCounter = (await admin('GET', `/api/reports?siteId=demo&from=${from}&to=${today}&groupBy=counter`)).body.rows as { key: string; serviceAvgSeconds: number }[];
    const slowest = [...byCounter].sort((a, b) => b.serviceAvgSeconds - a.serviceAvgSeconds)[0];
    expect(slowest.key).toBe('counter-3');
    expect((await verifyDataDir(h.dataDir)).ok).toBe(true);
  });
});
