// A year of history for benchmarks: 250 working days x 600 tickets x 3 sites, made by running the
// real core on a simulated day (arrivals through the day, counters calling, rating), and written as
// the hub writes them: hash-chained day logs under <dataDir>/sites/<siteId>/<date>.jsonl.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service } from '../../common/types.js';
import { commit, decideCounter, decideIssue, decideRating, type Ctx } from '../../server/domain/commands.js';
import { DEMO_COUNTERS, DEMO_SERVICES, defaultSettings } from '../../server/domain/defaults.js';
import { emptyDay, type Actor, type DayEvent, type SiteConfig } from '../../server/domain/model.js';
import { localDate } from '../../server/domain/time.js';
import { GENESIS, sha256 } from '../../server/store/day-log.js';

export interface HistoryOptions { days: number; ticketsPerDay: number; siteIds: string[]; endDate: string; seed?: number }

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function siteConfigFor(siteId: string): SiteConfig {
  const services: Service[] = DEMO_SERVICES.map((s) => ({ id: `svc-${s.code.toLowerCase()}`, siteId, code: s.code, name: s.name, active: true, dailyCap: null, hours: null }));
  const byCode = new Map(services.map((s) => [s.code, s.id]));
  return {
    site: { id: siteId, name: siteId, timeZone: 'Asia/Ho_Chi_Minh', settings: defaultSettings({ ratingWindowSeconds: 3600 }) },
    services: new Map(services.map((s) => [s.id, s])),
    counters: new Map(DEMO_COUNTERS.map((c) => [`counter-${c.number}`, { id: `counter-${c.number}`, siteId, number: c.number, name: `Quầy ${c.number}`, serviceIds: c.codes.map((k) => byCode.get(k)!) }])),
  };
}

/** Working days (Mon-Fri) ending at endDate, oldest first. */
export function workingDays(n: number, endDate: string): string[] {
  const out: string[] = [];
  const d = new Date(endDate + 'T00:00:00Z');
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.unshift(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return out;
}

/** Simulate one site-day with the real core; returns its events in order. */
export function simulateDay(cfg: SiteConfig, date: string, tickets: number, rand: () => number): DayEvent[] {
  const tz = cfg.site.timeZone;
  const dayStart = Date.parse(`${date}T07:00:00+07:00`);
  const day = emptyDay(cfg.site.id, date);
  const events: DayEvent[] = [];
  let idn = 0;
  const newId = () => `${cfg.site.id}-${date}-${++idn}`;
  const kiosk: Actor = { kind: 'device', id: 'kiosk', deviceKind: 'kiosk', siteId: cfg.site.id, counterId: null, name: 'kiosk' };
  const services = [...cfg.services.keys()];
  const counters = [...cfg.counters.values()];
  const officers = counters.map((c, i): Actor => ({ kind: 'user', id: `officer-${i + 1}`, name: `Cán bộ ${i + 1}`, role: 'officer', siteIds: [cfg.site.id] }));
  const pads = counters.map((c): Actor => ({ kind: 'device', id: `pad-${c.number}`, deviceKind: 'pad', siteId: cfg.site.id, counterId: c.id, name: 'pad' }));
  const run = <R,>(actor: Actor, now: number, fn: (ctx: Ctx) => { events: DayEvent[]; result: R }) => {
    const d = fn({ cfg, day, actor, now, newId });
    commit(day, d.events);
    events.push(...d.events);
    return d;
  };
  // Arrivals spread over 9.5 hours, busier in the morning.
  const arrivals = Array.from({ length: tickets }, () => dayStart + Math.floor(Math.pow(rand(), 1.4) * 9.5 * 3600_000)).sort((a, b) => a - b);
  const freeAt = counters.map(() => dayStart + 15 * 60_000);
  counters.forEach((c, i) => run(officers[i]!, dayStart, (ctx) => decideCounter(ctx, 'open', { counterId: c.id })));
  let ai = 0;
  const end = dayStart + 11 * 3600_000;
  for (let now = dayStart; now < end && (ai < arrivals.length || day.waitingNormal.size > 0); now += 20_000) {
    while (ai < arrivals.length && arrivals[ai]! <= now) {
      const pr = rand() < 0.08 ? 'elderly' : null;
      run(kiosk, arrivals[ai]!, (ctx) => decideIssue(ctx, { serviceId: services[Math.floor(rand() * services.length)]!, priority: pr }));
      ai++;
    }
    counters.forEach((c, i) => {
      if (freeAt[i]! > now) return;
      const d = run(officers[i]!, now, (ctx) => decideCounter(ctx, 'call-next', { counterId: c.id }));
      if (!d.result.ticketId) return;
      const r = rand();
      const serviceMs = (90 + Math.floor(rand() * 360)) * 1000;
      if (r < 0.05) {
        run(officers[i]!, now + 60_000, (ctx) => decideCounter(ctx, 'no-show', { counterId: c.id }));
        freeAt[i] = now + 60_000;
        return;
      }
      if (r < 0.08) run(officers[i]!, now + 30_000, (ctx) => decideCounter(ctx, 'recall', { counterId: c.id }));
      if (r > 0.97) {
        const to = services.find((s) => s !== day.tickets.get(d.result.ticketId!)!.serviceId)!;
        run(officers[i]!, now + serviceMs / 2, (ctx) => decideCounter(ctx, 'transfer', { counterId: c.id, serviceId: to }));
        freeAt[i] = now + serviceMs / 2;
        return;
      }
      run(officers[i]!, now + serviceMs, (ctx) => decideCounter(ctx, 'complete', { counterId: c.id }));
      if (rand() < 0.7) {
        const x = rand();
        const level = x < 0.6 ? 'very_satisfied' : x < 0.93 ? 'satisfied' : 'unsatisfied';
        run(pads[i]!, now + serviceMs + 20_000, (ctx) => decideRating(ctx, { ticketId: d.result.ticketId!, level, reasons: level === 'unsatisfied' ? ['Thời gian chờ quá lâu'] : [] }));
      }
      freeAt[i] = now + serviceMs + 30_000;
    });
  }
  void localDate(dayStart, tz);
  return events;
}

/** Serialise a day's events as the hub's day log, chained from `prev`; returns text and last hash. */
export function dayLogText(events: DayEvent[], prev: string): { text: string; last: string } {
  let text = '';
  events.forEach((e, i) => {
    const line = JSON.stringify({ n: i + 1, prev, ...e });
    prev = sha256(line);
    text += line + '\n';
  });
  return { text, last: prev };
}

export function writeHistory(dataDir: string, opts: HistoryOptions): { files: number; events: number; bytes: number } {
  const rand = rng(opts.seed ?? 42);
  let files = 0, events = 0, bytes = 0;
  const days = workingDays(opts.days, opts.endDate);
  for (const siteId of opts.siteIds) {
    const dir = join(dataDir, 'sites', siteId);
    mkdirSync(dir, { recursive: true });
    const cfg = siteConfigFor(siteId);
    let prev = GENESIS;
    for (const date of days) {
      const ev = simulateDay(cfg, date, opts.ticketsPerDay, rand);
      const { text, last } = dayLogText(ev, prev);
      prev = last;
      writeFileSync(join(dir, `${date}.jsonl`), text);
      files++; events += ev.length; bytes += text.length;
    }
  }
  return { files, events, bytes };
}
