// Four weeks of the demo centre's past, made by running the real core (decideIssue, decideCounter,
// decideRating) with an injected clock, and written as ordinary day logs through the store, so that
// reports, charts, the transparency panel and estimates have real figures from the first minute.
// Deterministic: a seeded generator draws arrivals, services, durations and outcomes (and the ids).
// Weekdays only; arrivals peak at 8-9 h and 14 h, Mondays are heavier; a few no-shows, transfers,
// ratings (with reasons when unsatisfied); counter 3 (land) is the slow one.
import { commit, decideCounter, decideIssue, decideRating, type Ctx } from '../domain/commands.js';
import { emptyDay, type Actor, type DayEvent, type SiteConfig } from '../domain/model.js';
import { addDays, localDate, localParts } from '../domain/time.js';
import { localMidnight } from '../reports/summary.js';
import type { StorePort } from '../store/port.js';

export interface HistoryOptions {
  cfg: SiteConfig;
  /** Counter id → the officer seated there. */
  officers: Map<string, { id: string; name: string }>;
  kioskId: string;
  now: number;
  weeks?: number;
  seed?: number;
}

/** mulberry32: small, fast, good enough for a demo. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Arrivals an hour at an ordinary weekday, by local hour (peaks 8-9 h and 14 h). */
const PER_HOUR: Record<number, number> = { 7: 22, 8: 46, 9: 40, 10: 24, 11: 8, 13: 16, 14: 38, 15: 22, 16: 8 };
/** How often each service letter is asked for, and its mean service time in minutes. */
const MIX: Record<string, { w: number; min: number }> = {
  A: { w: 22, min: 6 }, B: { w: 26, min: 3 }, C: { w: 10, min: 11 }, D: { w: 5, min: 9 }, E: { w: 4, min: 7 },
  F: { w: 7, min: 6 }, G: { w: 6, min: 8 }, H: { w: 4, min: 5 }, K: { w: 2, min: 5 }, T: { w: 14, min: 2 },
};
const OPEN = [[7 * 60, 11 * 60 + 15], [13 * 60 + 15, 16 * 60 + 30]] as const;

export interface HistoryDay { date: string; events: DayEvent[] }

/** The simulated days, oldest first (pure: no I/O). */
export function simulateHistory(o: HistoryOptions): HistoryDay[] {
  const rand = rng(o.seed ?? 20261203);
  const tz = o.cfg.site.timeZone;
  const newId = () => { let s = ''; for (let i = 0; i < 16; i++) s += ALPHA[Math.floor(rand() * 64)]; return s; };
  const poisson = (l: number) => { let k = 0, p = Math.exp(-l), s = p; const u = rand(); while (u > s && k < 200) { k++; p *= l / k; s += p; } return k; };
  const services = [...o.cfg.services.values()].filter((s) => s.active && MIX[s.code]);
  const totalW = services.reduce((a, s) => a + MIX[s.code].w, 0);
  const pickService = () => { let r = rand() * totalW; for (const s of services) { r -= MIX[s.code].w; if (r <= 0) return s; } return services[0]; };
  const counters = [...o.cfg.counters.values()].sort((a, b) => a.number - b.number);
  const kiosk: Actor = { kind: 'device', id: o.kioskId, deviceKind: 'kiosk', siteId: o.cfg.site.id, counterId: null, name: 'kiosk' };
  const reasons = o.cfg.site.settings.unsatisfiedReasons.map((r) => r.vi);
  const today = localDate(o.now, tz);
  const days: HistoryDay[] = [];
  for (let back = (o.weeks ?? 4) * 7; back >= 1; back--) {
    const date = addDays(today, -back);
    const midnight = localMidnight(date, tz);
    const weekday = localParts(midnight + 12 * 3600_000, tz).weekday;
    if (weekday > 5) continue;
    const load = (weekday === 1 ? 1.45 : weekday === 5 ? 0.85 : 1) * (0.9 + rand() * 0.2);
    const day = emptyDay(o.cfg.site.id, date);
    const events: DayEvent[] = [];
    const run = <R>(actor: Actor, at: number, fn: (ctx: Ctx) => { events: DayEvent[]; result: R }) => {
      const d = fn({ cfg: o.cfg, day, actor, now: at, newId });
      for (const e of d.events) events.push(e);
      commit(day, d.events);
      return d;
    };
    const officerActor = (cid: string): Actor => { const u = o.officers.get(cid)!; return { kind: 'user', id: u.id, name: u.name, role: 'officer', siteIds: [o.cfg.site.id] }; };
    // Arrivals of the day, minute by minute.
    const arrivals: { at: number; serviceId: string; priority: boolean }[] = [];
    for (const [from, to] of OPEN) {
      for (let m = from; m < to; m++) {
        const n = poisson(((PER_HOUR[Math.floor(m / 60)] ?? 0) * load) / 60);
        for (let i = 0; i < n; i++) arrivals.push({ at: midnight + (m * 60 + Math.floor(rand() * 60)) * 1000, serviceId: pickService().id, priority: rand() < 0.06 });
      }
    }
    arrivals.sort((a, b) => a.at - b.at);
    // Counters: free at `busyUntil`; what they do at that moment was decided when they called.
    type Pending = { at: number; kind: 'done' | 'no_show' | 'transfer'; ticketId: string; rating: { level: 'very_satisfied' | 'satisfied' | 'unsatisfied'; reasons: string[] } | null; to?: string };
    const state = new Map(counters.map((c) => [c.id, { busyUntil: 0, pending: null as Pending | null }]));
    const open = midnight + OPEN[0][0] * 60_000 - 5 * 60_000;
    for (const c of counters) run(officerActor(c.id), open + c.number * 20_000, (ctx) => decideCounter(ctx, 'open', { counterId: c.id }));
    let next = 0;
    const end = midnight + 17 * 3600_000;
    for (let t = open + 3 * 60_000; t < end; t += 15_000) {
      while (next < arrivals.length && arrivals[next].at <= t) {
        const a = arrivals[next++];
        run(kiosk, a.at, (ctx) => decideIssue(ctx, { serviceId: a.serviceId, priority: a.priority ? 'elderly' : null }));
      }
      for (const c of counters) {
        const st = state.get(c.id)!;
        const officer = officerActor(c.id);
        if (st.pending && st.pending.at <= t) {
          const p = st.pending;
          st.pending = null;
          if (p.kind === 'no_show') run(officer, p.at, (ctx) => decideCounter(ctx, 'no-show', { counterId: c.id }));
          else if (p.kind === 'transfer') run(officer, p.at, (ctx) => decideCounter(ctx, 'transfer', { counterId: c.id, serviceId: p.to! }));
          else {
            run(officer, p.at, (ctx) => decideCounter(ctx, 'complete', { counterId: c.id, ...(rand() < 0.5 ? { dossierCode: `000.00.${String(20 + c.number).padStart(2, '0')}.H29-${date.replace(/-/g, '').slice(2)}-${String(Math.floor(rand() * 9000) + 1000)}` } : {}) }));
            if (p.rating) {
              const pad: Actor = { kind: 'device', id: `demo-pad-${c.id}`, deviceKind: 'pad', siteId: o.cfg.site.id, counterId: c.id, name: 'pad' };
              const r = p.rating;
              run(pad, p.at + (10 + Math.floor(rand() * 50)) * 1000, (ctx) => decideRating(ctx, { ticketId: p.ticketId, level: r.level, reasons: r.reasons }));
            }
          }
          st.busyUntil = p.at + (20 + Math.floor(rand() * 60)) * 1000;
        }
        if (st.pending || st.busyUntil > t) continue;
        const d = run(officer, t, (ctx) => decideCounter(ctx, 'call-next', { counterId: c.id }));
        const id = d.result.ticketId;
        if (!id) continue;
        const tk = day.tickets.get(id)!;
        const code = o.cfg.services.get(tk.serviceId)!.code;
        const slow = c.number === 3 ? 1.8 : 1;
        const minutes = MIX[code].min * slow * Math.exp((rand() - 0.5) * 0.9);
        const waited = (t - tk.issuedAt) / 60_000;
        const u = rand();
        let p: Pending;
        if (u < 0.045 && tk.transfers === 0) p = { at: t + 90_000, kind: 'no_show', ticketId: id, rating: null };
        else if (u < 0.075 && tk.transfers === 0 && services.length > 1) {
          const others = services.filter((s) => s.id !== tk.serviceId && s.code !== 'T');
          p = { at: t + 120_000, kind: 'transfer', ticketId: id, rating: null, to: others[Math.floor(rand() * others.length)].id };
        } else {
          let rating: Pending['rating'] = null;
          if (rand() < 0.72) {
            const unhappy = 0.03 + (waited > 30 ? 0.12 : 0) + (slow > 1 ? 0.1 : 0);
            const v = rand();
            if (v < unhappy) rating = { level: 'unsatisfied', reasons: [waited > 30 ? reasons[0] : reasons[Math.min(reasons.length - 1, 1 + Math.floor(rand() * (reasons.length - 1)))]].filter(Boolean) };
            else if (v < unhappy + 0.3 + (slow > 1 ? 0.15 : 0)) rating = { level: 'satisfied', reasons: [] };
            else rating = { level: 'very_satisfied', reasons: [] };
            if (rating.level === 'unsatisfied' && rating.reasons.length === 0) rating.reasons = ['Chờ lâu'];
          }
          p = { at: t + Math.round(minutes * 60_000), kind: 'done', ticketId: id, rating };
        }
        st.pending = p;
      }
      if (next >= arrivals.length && t > midnight + OPEN[1][1] * 60_000 && [...state.values()].every((s) => !s.pending) && [...day.tickets.values()].every((x) => x.status !== 'waiting')) break;
    }
    for (const c of counters) {
      if (state.get(c.id)!.pending) continue;
      run(officerActor(c.id), Math.max(midnight + OPEN[1][1] * 60_000, events[events.length - 1].at + 60_000), (ctx) => decideCounter(ctx, 'close', { counterId: c.id }));
    }
    days.push({ date, events });
  }
  return days;
}

/**
 * Write the demo's past through the store: one ordinary day log per day, oldest first (each chained
 * to the one before), and each day's digest in the audit log as the hub does when a day closes.
 */
export async function writeHistory(store: StorePort, siteId: string, days: HistoryDay[], closeDay: (date: string, digest: string, entries: number) => Promise<void>): Promise<{ days: number; events: number; tickets: number }> {
  let events = 0, tickets = 0;
  for (const d of days) {
    const have = await store.openDay<DayEvent>(siteId, d.date);
    if (have.length > 0) continue;
    await store.appendDay<DayEvent>(siteId, d.date, 0, (missed) => (missed.length > 0 ? [] : d.events));
    const head = await store.dayHead(siteId, d.date);
    await closeDay(d.date, head!.digest, d.events.length);
    events += d.events.length;
    tickets += d.events.filter((e) => e.t === 'issued').length;
  }
  return { days: days.length, events, tickets };
}

