// Wait estimates. The counters that are working now are played forward through today's waiting
// tickets under the real ordering policy (priority rules, appointments, arrival order across each
// counter's services), each ticket taking its service's recent mean time. A ticket's estimate is
// when it would be called in that play; a new arrival's is when the first counter that serves its
// service would run out of older work. So a counter that serves A and B spends its time on both, in
// the order it would really call them, and a paused or closed counter is not counted as serving.
//
// Pure (no clock): "now" is the time of the latest thing the day knows (an issue, a call, a
// completion). The plan is cached per day and rebuilt only when the queue changed in a way other
// than tickets joining at the end of their lines, which is extended in O(counters) per ticket: the
// hot path of issuing stays cheap whatever the length of the queue.
import type { OrderingPolicy } from '../../common/types.js';
import { issuedBefore } from './apply.js';
import { DEFAULT_SERVICE_SECONDS } from './defaults.js';
import type { CounterConfig, CounterRuntime, DayState, SiteConfig, TicketRec } from './model.js';

export const ESTIMATE_TUNING = {
  /** Weight, in samples, of the prior (the site's mean today, or DEFAULT_SERVICE_SECONDS) in a service's mean. */
  priorSamples: 3,
  /** A paused counter is assumed to resume after this long. */
  pauseSeconds: 300,
  /** A ticket in service longer than the mean is assumed to need at least this share of the mean more. */
  residualShare: 0.3,
  /**
   * The officer's time between a completion and the next call, learnt from today's calls made
   * while tickets were waiting (the last `turnaroundSamples`), starting from the prior.
   */
  turnaroundPriorSeconds: 15,
  turnaroundPriorWeight: 5,
  turnaroundSamples: 50,
  turnaroundMaxSeconds: 600,
  /**
   * Priority tickets still to come go ahead of waiting normal ones: each counter is slowed by the
   * share of its time that the last hour's rate of priority tickets of its services would take
   * (at most `maxPriorityLoad`).
   */
  priorityWindowSeconds: 3600,
  priorityMinWindowSeconds: 900,
  maxPriorityLoad: 0.5,
};

interface SimCounter { id: string; number: number; serviceIds: string[]; free: number; streak: number; done: boolean; slow: number }

interface ListPrint { len: number; head: string | undefined; tail: string | undefined }

export interface Plan {
  eventCount: number;
  cfg: SiteConfig;
  settings: object;
  counterRt: Map<string, CounterRuntime | undefined>;
  normal: Map<string, ListPrint>;
  priority: Map<string, ListPrint>;
  appointments: number;
  /** The time the plan is for (epoch ms). */
  now: number;
  /** Seconds a ticket of each service occupies a counter: its mean service time and the turnaround. */
  duration: Map<string, number>;
  /** When each waiting ticket would be called (epoch ms). */
  callAt: Map<string, number>;
  /** The simulated counters; `free` is when each runs out of the work it would take. */
  counters: SimCounter[];
}

const plans = new WeakMap<DayState, Plan>();

/** What the day has taught beyond its samples of service times (derived from the day, so a replay gives the same). */
interface Learning {
  /** Seconds between a completion and the counter's next call, while tickets were waiting. */
  gaps: number[];
  /** Priority tickets issued: [serviceId, issuedAt]. */
  priority: [string, number][];
  firstIssuedAt: number;
}

function learn(day: DayState): Learning {
  const T = ESTIMATE_TUNING;
  const gaps = day.learning.callGaps.filter((g) => g <= T.turnaroundMaxSeconds).slice(-T.turnaroundSamples);
  return { gaps, priority: day.learning.priorityIssued, firstIssuedAt: day.learning.firstIssuedAt };
}

function turnaroundSeconds(l: Learning): number {
  const T = ESTIMATE_TUNING;
  let sum = T.turnaroundPriorSeconds * T.turnaroundPriorWeight;
  for (const g of l.gaps) sum += g;
  return sum / (l.gaps.length + T.turnaroundPriorWeight);
}

/** Priority tickets per second and service over the last hour (or since the first ticket). */
function priorityRates(l: Learning, now: number): Map<string, number> {
  const T = ESTIMATE_TUNING;
  const windowMs = Math.max(T.priorityMinWindowSeconds * 1000, Math.min(T.priorityWindowSeconds * 1000, now - l.firstIssuedAt));
  const out = new Map<string, number>();
  for (const [sid, at] of l.priority) if (at > now - windowMs && at <= now) out.set(sid, (out.get(sid) ?? 0) + 1000 / windowMs);
  return out;
}

function print(list: string[] | undefined): ListPrint {
  return { len: list?.length ?? 0, head: list?.[0], tail: list?.[list.length - 1] };
}

/** Mean service seconds per service: recent samples, shrunk towards the site's mean today. */
export function serviceMeans(cfg: SiteConfig, day: DayState): Map<string, number> {
  const k = ESTIMATE_TUNING.priorSamples;
  let sum = 0, n = 0;
  for (const s of day.serviceSeconds.values()) for (const x of s) { sum += x; n++; }
  const site = (sum + k * DEFAULT_SERVICE_SECONDS) / (n + k);
  const out = new Map<string, number>();
  for (const id of cfg.services.keys()) {
    const s = day.serviceSeconds.get(id) ?? [];
    let ss = 0;
    for (const x of s) ss += x;
    out.set(id, (ss + k * site) / (s.length + k));
  }
  return out;
}

/** The latest moment the day knows of, without scanning every ticket. */
function dayNow(day: DayState, prev: number): number {
  let now = prev;
  const rc = day.recentCalls[0];
  if (rc && rc.at > now) now = rc.at;
  for (const lists of [day.waitingNormal, day.waitingPriority]) {
    for (const l of lists.values()) {
      const tail = l.length ? day.tickets.get(l[l.length - 1]!) : undefined;
      if (tail && tail.issuedAt > now) now = tail.issuedAt;
    }
  }
  for (const rt of day.counters.values()) {
    const last = rt.lastCompletedTicketId ? day.tickets.get(rt.lastCompletedTicketId) : undefined;
    if (last?.doneAt !== undefined && last.doneAt > now) now = last.doneAt;
    const cur = rt.currentTicketId ? day.tickets.get(rt.currentTicketId) : undefined;
    if (cur?.calledAt !== undefined && cur.calledAt > now) now = cur.calledAt;
  }
  return now;
}

/** Play the counters forward through the waiting tickets. */
function simulate(cfg: SiteConfig, day: DayState, prevNow: number): Plan {
  const now = dayNow(day, prevNow);
  const l = learn(day);
  const mean = serviceMeans(cfg, day);
  const turnaround = turnaroundSeconds(l);
  const duration = new Map([...mean].map(([sid, m]) => [sid, m + turnaround]));
  const meanMs = (sid: string) => (mean.get(sid) ?? DEFAULT_SERVICE_SECONDS) * 1000;
  const policy = cfg.site.settings.ordering;
  const counters: SimCounter[] = [];
  const served = new Set<string>();
  const configured = [...cfg.counters.values()].sort((a, b) => a.number - b.number);
  const add = (c: CounterConfig, free: number, streak: number) => {
    counters.push({ id: c.id, number: c.number, serviceIds: c.serviceIds, free, streak, done: false, slow: 1 });
    for (const s of c.serviceIds) served.add(s);
  };
  for (const c of configured) {
    const rt = day.counters.get(c.id);
    if (!rt || rt.status === 'closed') continue;
    let free = now;
    if (rt.status === 'paused') free = now + ESTIMATE_TUNING.pauseSeconds * 1000;
    const cur = rt.currentTicketId ? day.tickets.get(rt.currentTicketId) : undefined;
    if (cur && cur.calledAt !== undefined) {
      const m = meanMs(cur.serviceId);
      free = Math.max(free, now + Math.max(cur.calledAt + m - now, ESTIMATE_TUNING.residualShare * m));
    }
    add(c, free, rt.priorityStreak);
  }
  // A service that no working counter serves (before opening, or its counters closed): assume its
  // counters start now; a service with no counter at all gets one of its own.
  for (const sid of cfg.services.keys()) {
    if (served.has(sid)) continue;
    const own = configured.filter((c) => c.serviceIds.includes(sid) && !counters.some((x) => x.id === c.id));
    if (own.length) for (const c of own) add(c, now, 0);
    else add({ id: `virtual:${sid}`, siteId: cfg.site.id, number: 1e6 + counters.length, name: '', serviceIds: [sid] }, now, 0);
  }

  // Priority tickets still to come take their share of each counter's time.
  const rates = priorityRates(l, now);
  if (rates.size) {
    const servers = new Map<string, number>();
    for (const c of counters) for (const sid of c.serviceIds) servers.set(sid, (servers.get(sid) ?? 0) + 1);
    for (const c of counters) {
      let load = 0;
      for (const sid of c.serviceIds) load += ((rates.get(sid) ?? 0) * (duration.get(sid) ?? DEFAULT_SERVICE_SECONDS)) / (servers.get(sid) ?? 1);
      c.slow = 1 / (1 - Math.min(ESTIMATE_TUNING.maxPriorityLoad, load));
    }
  }
  const durMs = (c: SimCounter, sid: string) => (duration.get(sid) ?? DEFAULT_SERVICE_SECONDS) * 1000 * c.slow;

  // Heads of the waiting lines, as indexes into the day's own lists (nothing is copied or mutated).
  const nIdx = new Map<string, number>();
  const pIdx = new Map<string, number>();
  const taken = new Set<string>();
  const appts = [...day.waitingAppointments].map((id) => day.tickets.get(id)!).filter(Boolean);
  const head = (lists: Map<string, string[]>, idx: Map<string, number>, sid: string): TicketRec | null => {
    const l = lists.get(sid);
    if (!l) return null;
    let i = idx.get(sid) ?? 0;
    while (i < l.length && taken.has(l[i]!)) i++;
    idx.set(sid, i);
    return i < l.length ? day.tickets.get(l[i]!)! : null;
  };
  const oldest = (lists: Map<string, string[]>, idx: Map<string, number>, sids: string[]): TicketRec | null => {
    let best: TicketRec | null = null;
    for (const sid of sids) {
      const t = head(lists, idx, sid);
      if (t && (!best || issuedBefore(t, best))) best = t;
    }
    return best;
  };
  const select = (c: SimCounter, at: number): TicketRec | null => {
    const due = dueAt(appts, taken, c.serviceIds, policy, at);
    if (due) return due;
    const normal = oldest(day.waitingNormal, nIdx, c.serviceIds);
    const priority = oldest(day.waitingPriority, pIdx, c.serviceIds);
    if (!priority) return normal;
    if (!normal) return priority;
    if (policy.maxWaitSeconds > 0 && at - normal.issuedAt >= policy.maxWaitSeconds * 1000) return issuedBefore(priority, normal) ? priority : normal;
    if (policy.maxPriorityInRow > 0 && c.streak >= policy.maxPriorityInRow) return normal;
    return priority;
  };

  const callAt = new Map<string, number>();
  let active = counters.length;
  while (active > 0) {
    let c: SimCounter | null = null;
    for (const x of counters) if (!x.done && (!c || x.free < c.free || (x.free === c.free && x.number < c.number))) c = x;
    const t = select(c!, c!.free);
    if (!t) { c!.done = true; active--; continue; }
    taken.add(t.id);
    callAt.set(t.id, c!.free);
    c!.streak = t.priority ? c!.streak + 1 : 0;
    c!.free += durMs(c!, t.serviceId);
  }

  return {
    eventCount: day.eventCount, cfg, settings: cfg.site.settings,
    counterRt: new Map([...cfg.counters.keys()].map((id) => [id, day.counters.get(id)])),
    normal: new Map([...day.waitingNormal].map(([sid, l]) => [sid, print(l)])),
    priority: new Map([...day.waitingPriority].map(([sid, l]) => [sid, print(l)])),
    appointments: day.waitingAppointments.size,
    now, duration, callAt, counters,
  };
}

function dueAt(appts: TicketRec[], taken: Set<string>, serviceIds: string[], policy: OrderingPolicy, at: number): TicketRec | null {
  if (appts.length === 0) return null;
  const windowMs = policy.appointmentWindowSeconds * 1000;
  let best: TicketRec | null = null;
  for (const t of appts) {
    if (taken.has(t.id)) continue;
    const slot = t.appointmentAt!;
    if (!serviceIds.includes(t.serviceId) || at < slot - windowMs || t.issuedAt > slot + windowMs) continue;
    if (!best || slot < best.appointmentAt! || (slot === best.appointmentAt && issuedBefore(t, best))) best = t;
  }
  return best;
}

/**
 * Bring a plan up to date when the only change to the queue is normal tickets joining the end of
 * their lines (the common case: issuing). Each new ticket is the youngest, so it is called when the
 * first of its service's counters runs out of older work: the rest of the plan stands. Returns false
 * when anything else changed, and the plan must be rebuilt.
 */
function extend(p: Plan, cfg: SiteConfig, day: DayState): boolean {
  if (p.cfg !== cfg || p.settings !== cfg.site.settings) return false;
  if (day.waitingAppointments.size !== p.appointments) return false;
  for (const [id, rt] of p.counterRt) if (day.counters.get(id) !== rt) return false;
  for (const [sid, l] of day.waitingPriority) {
    const f = p.priority.get(sid) ?? print(undefined);
    if (l.length !== f.len || l[0] !== f.head || l[l.length - 1] !== f.tail) return false;
  }
  const joined: TicketRec[] = [];
  for (const [sid, l] of day.waitingNormal) {
    const f = p.normal.get(sid) ?? print(undefined);
    if (l.length < f.len || (f.len > 0 && (l[0] !== f.head || l[f.len - 1] !== f.tail))) return false;
    for (let i = f.len; i < l.length; i++) joined.push(day.tickets.get(l[i]!)!);
  }
  if (joined.some((t) => t.priority || t.appointmentAt)) return false;
  joined.sort((a, b) => (issuedBefore(a, b) ? -1 : 1));
  for (const t of joined) {
    if (t.issuedAt > p.now) p.now = t.issuedAt;
    let best: SimCounter | null = null;
    for (const c of p.counters) {
      if (!c.serviceIds.includes(t.serviceId)) continue;
      if (!best || Math.max(c.free, t.issuedAt) < Math.max(best.free, t.issuedAt)) best = c;
    }
    if (!best) return false;
    const at = Math.max(best.free, t.issuedAt);
    p.callAt.set(t.id, at);
    best.free = at + (p.duration.get(t.serviceId) ?? DEFAULT_SERVICE_SECONDS) * 1000 * best.slow;
  }
  for (const [sid, l] of day.waitingNormal) p.normal.set(sid, print(l));
  p.eventCount = day.eventCount;
  return true;
}

/** The day's plan, rebuilt or extended as needed. */
export function planFor(cfg: SiteConfig, day: DayState): Plan {
  const p = plans.get(day);
  if (p && p.eventCount === day.eventCount && p.cfg === cfg && p.settings === cfg.site.settings) return p;
  if (p && extend(p, cfg, day)) return p;
  const fresh = simulate(cfg, day, p?.now ?? 0);
  plans.set(day, fresh);
  return fresh;
}

/**
 * Estimated seconds until `ticket` is called, or, without a ticket, until a ticket of `serviceId`
 * issued now would be called. 0 for a ticket that no longer waits.
 */
export function estimateSeconds(cfg: SiteConfig, day: DayState, serviceId: string, ticket?: TicketRec): number {
  if (ticket && ticket.status !== 'waiting') return 0;
  const p = planFor(cfg, day);
  let at: number | undefined = ticket ? p.callAt.get(ticket.id) : undefined;
  if (at === undefined) {
    at = Infinity;
    for (const c of p.counters) if (c.serviceIds.includes(serviceId) && c.free < at) at = c.free;
    if (at === Infinity) at = p.now;
  }
  return Math.max(0, Math.round((at - p.now) / 1000));
}

/**
 * The first estimator, kept for comparison (test/bench/estimates.ts): people ahead times the
 * service's mean time, divided by the counters serving it that are not closed.
 */
export function naiveEstimateSeconds(day: DayState, counters: Iterable<CounterConfig>, serviceId: string, ahead: number): number {
  let serving = 0;
  for (const c of counters) {
    if (!c.serviceIds.includes(serviceId)) continue;
    const rt = day.counters.get(c.id);
    if (rt && rt.status !== 'closed') serving++;
  }
  const s = day.serviceSeconds.get(serviceId);
  const avg = !s || s.length === 0 ? DEFAULT_SERVICE_SECONDS : s.reduce((a, b) => a + b, 0) / s.length;
  return Math.round((ahead * avg) / Math.max(1, serving));
}

/**
 * People of the same service the plan calls before `ticket`: for a booked appointment that goes
 * ahead at its slot this is fewer than its place by arrival (policy.ts peopleAhead).
 */
export function aheadInPlan(cfg: SiteConfig, day: DayState, ticket: TicketRec): number {
  if (ticket.status !== 'waiting') return 0;
  const p = planFor(cfg, day);
  const mine = p.callAt.get(ticket.id);
  if (mine === undefined) return 0;
  let n = 0;
  for (const list of [day.waitingPriority.get(ticket.serviceId), day.waitingNormal.get(ticket.serviceId)]) {
    for (const id of list ?? []) {
      if (id === ticket.id) continue;
      const at = p.callAt.get(id);
      // Called at the same moment (at two counters) is not ahead.
      if (at !== undefined && at < mine) n++;
    }
  }
  return n;
}
