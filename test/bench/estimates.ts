// How good are the wait estimates? Simulated days run through the real core (the hub's own
// decideIssue / decideCounter / applyEvent with an injected clock); for every ticket the estimate
// the ticket showed when it was issued is compared with the wait it then had (first call − issue).
// Two estimators: the first one ("naive": people ahead × the service's mean ÷ counters not closed
// that serve it) and the hub's (server/domain/estimate.ts). Prints the mean absolute error in
// minutes, overall and by hour of issue.
//
//   npx tsx test/bench/estimates.ts [--days 20] [--seed 1] [--json] [--ablation]
//
// The day (stated in docs/appointments.md, "Estimates"):
// - Arrivals: a Poisson process with a morning peak, issuing 07:00-11:15 and 13:15-16:30;
//   rate per hour 55 (7-8h), 70 (8-9h), 60 (9-10h), 40 (10-11:15h), 35 (13:15-14h), 40 (14-15h),
//   30 (15-16:30h): about 330 tickets a day. 8 % priority. 10 booked appointments a day (A and C,
//   slots 08:00-10:30 and 14:00-15:30), checked in 0-20 minutes before the slot.
// - Services: the ten of the demo centre with shares A 24 %, B 20 %, C 8 %, D 4 %, E 6 %, F 8 %,
//   G 6 %, H 4 %, K 3 %, T 17 %; service time lognormal (σ of the log 0.6) with means A 6, B 4, C 9,
//   D 8, E 6, F 6, G 7, H 6, K 6, T 3 minutes (6 minutes on average over the day's tickets).
// - Counters: the demo's six (1: A,B · 2: B,A · 3: C,D · 4: E,F · 5: G,H,K · 6: T). Each opens at
//   07:00-07:10 and 13:15-13:25, closes for lunch once the morning's queue of its services is empty,
//   takes 10-40 s between a completion and the next call, half of them pause once for 5-15 minutes
//   between 09:00 and 10:30, and 4 % of calls are no-shows (two recalls 30 s apart, then no-show).
import type { Priority } from '../../common/types.js';
import { commit, decideCounter, decideIssue, type Ctx } from '../../server/domain/commands.js';
import { ESTIMATE_TUNING, naiveEstimateSeconds } from '../../server/domain/estimate.js';
import { emptyDay, type Actor, type DayEvent, type DayState, type SiteConfig } from '../../server/domain/model.js';
import { estimateWaitSeconds, peopleAhead } from '../../server/domain/policy.js';
import { siteConfigFor, workingDays } from './history.js';

const MIN = 60_000;
const SHARES: Record<string, number> = { A: 0.24, B: 0.2, C: 0.08, D: 0.04, E: 0.06, F: 0.08, G: 0.06, H: 0.04, K: 0.03, T: 0.17 };
const MEAN_MIN: Record<string, number> = { A: 6, B: 4, C: 9, D: 8, E: 6, F: 6, G: 7, H: 6, K: 6, T: 3 };
const SIGMA = 0.6;
/** Arrivals per hour, [startHour, endHour, rate]. */
const RATES: [number, number, number][] = [[7, 8, 55], [8, 9, 70], [9, 10, 60], [10, 11.25, 40], [13.25, 14, 35], [14, 15, 40], [15, 16.5, 30]];
const PRIORITY_SHARE = 0.08;
const NO_SHOW = 0.04;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32; };
}
const uniform = (r: () => number, a: number, b: number) => a + (b - a) * r();
function normal(r: () => number): number {
  const u = 1 - r(), v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
/** Lognormal with the given mean and σ of the log. */
const lognormal = (r: () => number, mean: number, sigma: number) => Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * normal(r));

export interface Sample { issuedAt: number; hour: number; actual: number; mine: number; naive: number; priority: boolean; appointment: boolean }

/** One simulated day; returns a sample per ticket that was called. */
export function simulateEstimateDay(cfg: SiteConfig, date: string, r: () => number, timing?: { ms: number; calls: number }): Sample[] {
  const base = Date.parse(`${date}T00:00:00+07:00`);
  const at = (h: number) => base + h * 3600_000;
  const day: DayState = emptyDay(cfg.site.id, date);
  let idn = 0;
  const newId = () => `t${++idn}`;
  const kiosk: Actor = { kind: 'device', id: 'kiosk', deviceKind: 'kiosk', siteId: cfg.site.id, counterId: null, name: 'kiosk' };
  const run = <R,>(actor: Actor, now: number, fn: (ctx: Ctx) => { events: DayEvent[]; result: R }): R => {
    const d = fn({ cfg, day, actor, now, newId });
    commit(day, d.events);
    return d.result;
  };
  const codes = Object.keys(SHARES);
  const svcOf = (code: string) => [...cfg.services.values()].find((s) => s.code === code)!.id;
  const codeOf = new Map([...cfg.services.values()].map((s) => [s.id, s.code]));

  // Arrivals: thinning of a Poisson process at the peak rate.
  type Arrival = { at: number; serviceId: string; priority: Priority | null; appointmentAt?: number };
  const arrivals: Arrival[] = [];
  const peak = Math.max(...RATES.map((x) => x[2]));
  for (let h = 7; h < 16.5;) {
    h += -Math.log(1 - r()) / peak;
    const seg = RATES.find(([a, b]) => h >= a && h < b);
    if (!seg || r() > seg[2] / peak) continue;
    let x = r(), code = codes[codes.length - 1]!;
    for (const c of codes) { if (x < SHARES[c]!) { code = c; break; } x -= SHARES[c]!; }
    arrivals.push({ at: at(h), serviceId: svcOf(code), priority: r() < PRIORITY_SHARE ? 'elderly' : null });
  }
  const slots = [8, 8.5, 9, 9.5, 10, 10.5, 14, 14.5, 15, 15.5];
  for (const s of slots) {
    const slotAt = at(s);
    arrivals.push({ at: slotAt - Math.floor(uniform(r, 0, 20) * MIN), serviceId: svcOf(r() < 0.6 ? 'A' : 'C'), priority: null, appointmentAt: slotAt });
  }
  arrivals.sort((a, b) => a.at - b.at);

  interface C { id: string; officer: Actor; serviceIds: string[]; next: number; state: 'closed' | 'ready' | 'idle'; openAt: number;
    afternoon: boolean; pauseAt: number | null; pauseFor: number;
    /** Steps already decided (completion, recalls, resume), run at their time so the day's events stay in time order. */
    steps: { at: number; act: () => void }[] }
  const counters: C[] = [...cfg.counters.values()].map((c, i) => ({
    id: c.id, serviceIds: c.serviceIds, officer: { kind: 'user', id: `o${i}`, name: `Cán bộ ${i}`, role: 'officer', siteIds: [cfg.site.id] },
    next: at(7) + Math.floor(uniform(r, 0, 10) * MIN), state: 'closed', openAt: 0, afternoon: false,
    pauseAt: r() < 0.5 ? at(uniform(r, 9, 10.5)) : null, pauseFor: Math.floor(uniform(r, 5, 15) * MIN), steps: [],
  }));
  const step = (c: C, at: number, cmd: 'recall' | 'no-show' | 'complete' | 'resume') => {
    c.steps.push({ at, act: () => run(c.officer, at, (ctx) => decideCounter(ctx, cmd, { counterId: c.id })) });
  };
  const due = (c: C) => c.steps[0]?.at ?? c.next;
  const waitingFor = (c: C) => c.serviceIds.some((s) => (day.waitingNormal.get(s)?.length ?? 0) + (day.waitingPriority.get(s)?.length ?? 0) > 0);

  const samples = new Map<string, Omit<Sample, 'actual'>>();
  let ai = 0;
  for (let guard = 0; guard < 1e6; guard++) {
    const nextArrival = arrivals[ai]?.at ?? Infinity;
    let c: C | null = null;
    for (const x of counters) if ((x.steps.length > 0 || x.state !== 'idle') && due(x) < Infinity && (!c || due(x) < due(c))) c = x;
    const tc = c ? due(c) : Infinity;
    if (nextArrival === Infinity && tc === Infinity) break;
    if (nextArrival <= tc) {
      const a = arrivals[ai++]!;
      const { ticketId } = run(kiosk, a.at, (ctx) => decideIssue(ctx, { serviceId: a.serviceId, priority: a.priority, ...(a.appointmentAt ? { appointmentAt: a.appointmentAt } : {}) }));
      const t = day.tickets.get(ticketId)!;
      const t0 = performance.now();
      const mine = estimateWaitSeconds(cfg, day, t.serviceId, t);
      if (timing) { timing.ms += performance.now() - t0; timing.calls++; }
      const naive = naiveEstimateSeconds(day, cfg.counters.values(), t.serviceId, peopleAhead(day, t));
      const hour = Math.floor((a.at - base) / 3600_000);
      samples.set(t.id, { issuedAt: a.at, hour, mine, naive, priority: !!a.priority, appointment: !!a.appointmentAt });
      // Idle counters of this service wake up.
      for (const x of counters) if (x.state === 'idle' && x.serviceIds.includes(t.serviceId)) { x.state = 'ready'; x.next = Math.max(a.at, x.next === Infinity ? a.at : x.next); }
      continue;
    }
    const now = tc;
    const cc = c!;
    if (cc.steps.length > 0) { cc.steps.shift()!.act(); continue; }
    if (cc.state === 'closed') {
      run(cc.officer, now, (ctx) => decideCounter(ctx, 'open', { counterId: cc.id }));
      cc.state = 'ready';
      continue;
    }
    const lunch = now >= at(11.25) && now < at(13.25);
    const evening = now >= at(16.5);
    if ((lunch || evening) && !waitingFor(cc)) {
      run(cc.officer, now, (ctx) => decideCounter(ctx, 'close', { counterId: cc.id }));
      cc.state = 'closed';
      cc.next = lunch && !cc.afternoon ? at(13.25) + Math.floor(uniform(r, 0, 10) * MIN) : Infinity;
      cc.afternoon = true;
      continue;
    }
    if (cc.pauseAt !== null && now >= cc.pauseAt) {
      run(cc.officer, now, (ctx) => decideCounter(ctx, 'pause', { counterId: cc.id, reason: 'Nghỉ giải lao' }));
      step(cc, now + cc.pauseFor, 'resume');
      cc.pauseAt = null;
      cc.next = now + cc.pauseFor;
      continue;
    }
    const { ticketId } = run(cc.officer, now, (ctx) => decideCounter(ctx, 'call-next', { counterId: cc.id }));
    if (!ticketId) {
      // Nothing waits for this counter: at lunch or in the evening it closes next; otherwise it
      // waits for the next arrival of its services.
      if (lunch || evening) cc.next = now;
      else { cc.state = 'idle'; cc.next = Infinity; }
      continue;
    }
    const t = day.tickets.get(ticketId)!;
    const turnaround = Math.floor(uniform(r, 10, 40) * 1000);
    if (r() < NO_SHOW) {
      step(cc, now + 30_000, 'recall');
      step(cc, now + 60_000, 'recall');
      step(cc, now + 90_000, 'no-show');
      cc.next = now + 90_000 + turnaround;
    } else {
      const service = Math.floor(lognormal(r, MEAN_MIN[codeOf.get(t.serviceId)!]! * MIN, SIGMA));
      step(cc, now + service, 'complete');
      cc.next = now + service + turnaround;
    }
  }
  const out: Sample[] = [];
  for (const [id, s] of samples) {
    const t = day.tickets.get(id)!;
    if (t.firstCalledAt === undefined) continue;
    out.push({ ...s, actual: Math.round((t.firstCalledAt - t.issuedAt) / 1000) });
  }
  return out;
}

export interface Summary { n: number; actualMin: number; naiveMae: number; mineMae: number; naiveBias: number; mineBias: number; naiveWithin5: number; mineWithin5: number }

export function summarize(samples: Sample[]): Summary {
  const n = samples.length || 1;
  const m = (f: (s: Sample) => number) => samples.reduce((a, s) => a + f(s), 0) / n / 60;
  const within = (f: (s: Sample) => number) => samples.filter((s) => Math.abs(f(s) - s.actual) <= 300).length / n;
  return {
    n: samples.length,
    actualMin: m((s) => s.actual),
    naiveMae: m((s) => Math.abs(s.naive - s.actual)),
    mineMae: m((s) => Math.abs(s.mine - s.actual)),
    naiveBias: m((s) => s.naive - s.actual),
    mineBias: m((s) => s.mine - s.actual),
    naiveWithin5: within((s) => s.naive),
    mineWithin5: within((s) => s.mine),
  };
}

export function runEstimateBench(days = 20, seed = 1): { all: Summary; byHour: (Summary & { hour: number })[]; normal: Summary; priority: Summary; appointment: Summary; estimateMicros: number } {
  const cfg = siteConfigFor('bench');
  cfg.site.settings = { ...cfg.site.settings, ratingWindowSeconds: 180 };
  const r = rng(seed);
  const all: Sample[] = [];
  const timing = { ms: 0, calls: 0 };
  for (const date of workingDays(days, '2026-11-20')) all.push(...simulateEstimateDay(cfg, date, r, timing));
  const hours = [...new Set(all.map((s) => s.hour))].sort((a, b) => a - b);
  return {
    all: summarize(all),
    byHour: hours.map((hour) => ({ hour, ...summarize(all.filter((s) => s.hour === hour)) })),
    normal: summarize(all.filter((s) => !s.priority && !s.appointment)),
    priority: summarize(all.filter((s) => s.priority)),
    appointment: summarize(all.filter((s) => s.appointment)),
    estimateMicros: (timing.ms * 1000) / Math.max(1, timing.calls),
  };
}

function fmt(x: number, d = 1) { return x.toFixed(d); }

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (k: string, d: number) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
  const days = arg('days', 20), seed = arg('seed', 1);
  const res = runEstimateBench(days, seed);
  if (process.argv.includes('--json')) { console.log(JSON.stringify(res, null, 2)); process.exit(0); }
  const row = (label: string, s: Summary) => `| ${label} | ${s.n} | ${fmt(s.actualMin)} | ${fmt(s.naiveMae)} | ${fmt(s.mineMae)} | ${fmt(s.naiveBias)} | ${fmt(s.mineBias)} | ${fmt(s.naiveWithin5 * 100, 0)} % | ${fmt(s.mineWithin5 * 100, 0)} % |`;
  console.log(`Wait estimates on ${days} simulated days (seed ${seed}); minutes; error = estimate at issue − actual wait`);
  console.log('| issued | tickets | mean wait | MAE naive | MAE hub | bias naive | bias hub | within ±5 min naive | within ±5 min hub |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const h of res.byHour) console.log(row(`${String(h.hour).padStart(2, '0')}:00-${String(h.hour + 1).padStart(2, '0')}:00`, h));
  console.log(row('**all**', res.all));
  console.log(row('normal tickets', res.normal));
  console.log(row('priority tickets', res.priority));
  console.log(row('appointments', res.appointment));
  console.log(`estimate at issue: ${res.estimateMicros.toFixed(1)} µs per ticket (mean)`);
  if (process.argv.includes('--ablation')) {
    // What each part of the hub's estimator is worth: the same days without it.
    const saved = { ...ESTIMATE_TUNING };
    const variants: [string, Partial<typeof ESTIMATE_TUNING>][] = [
      ['without the learnt turnaround', { turnaroundPriorSeconds: 0, turnaroundMaxSeconds: -1 }],
      ['without priority still to come', { maxPriorityLoad: 0 }],
      ['without both (the queue played forward only)', { turnaroundPriorSeconds: 0, turnaroundMaxSeconds: -1, maxPriorityLoad: 0 }],
    ];
    console.log('\n| hub estimator | MAE all | bias all |\n|---|---|---|');
    console.log(`| as shipped | ${fmt(res.all.mineMae)} | ${fmt(res.all.mineBias)} |`);
    for (const [label, patch] of variants) {
      Object.assign(ESTIMATE_TUNING, saved, patch);
      const v = runEstimateBench(days, seed);
      console.log(`| ${label} | ${fmt(v.all.mineMae)} | ${fmt(v.all.mineBias)} |`);
    }
    Object.assign(ESTIMATE_TUNING, saved);
  }
}
