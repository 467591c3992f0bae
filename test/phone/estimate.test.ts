// The wait estimator against the real core with an injected clock: when every ticket takes exactly
// the time the estimator assumes, each ticket is called exactly when it said; a counter that also
// serves another service counts that work; closed and paused counters do not serve; the cheap path
// taken when tickets join the end of the line agrees with a full rebuild.
import { afterEach, describe, expect, it } from 'vitest';
import type { Priority, Service } from '../../common/types.js';
import { commit, decideCounter, decideIssue, type Ctx } from '../../server/domain/commands.js';
import { defaultSettings } from '../../server/domain/defaults.js';
import { ESTIMATE_TUNING, estimateSeconds, naiveEstimateSeconds } from '../../server/domain/estimate.js';
import { emptyDay, type Actor, type CounterConfig, type DayState, type SiteConfig } from '../../server/domain/model.js';
import { peopleAhead } from '../../server/domain/policy.js';
import { ticketView, waitingView } from '../../server/domain/project.js';
import { localDate } from '../../server/domain/time.js';

const TZ = 'Asia/Ho_Chi_Minh';
const MON_0800 = Date.UTC(2026, 10, 23, 1, 0, 0);
const MIN = 60_000;
const SERVICE_MS = 300_000; // DEFAULT_SERVICE_SECONDS: the estimator's mean before any sample

function site(counters: [string, string[]][], settings: Parameters<typeof defaultSettings>[0] = {}): SiteConfig {
  const services: Service[] = ['A', 'B', 'C'].map((code) => ({ id: `svc-${code.toLowerCase()}`, siteId: 's1', code, name: { vi: code }, active: true, dailyCap: null, hours: null }));
  return {
    site: { id: 's1', name: 'Site', timeZone: TZ, settings: defaultSettings(settings) },
    services: new Map(services.map((s) => [s.id, s])),
    counters: new Map(counters.map(([id, codes], i): [string, CounterConfig] => [id, { id, siteId: 's1', number: i + 1, name: id, serviceIds: codes.map((c) => `svc-${c.toLowerCase()}`) }])),
  };
}

const kiosk: Actor = { kind: 'device', id: 'k1', deviceKind: 'kiosk', siteId: 's1', counterId: null, name: 'Kiosk' };
const officer = (i: number): Actor => ({ kind: 'user', id: `u${i}`, name: `Officer ${i}`, role: 'officer', siteIds: ['s1'] });

function world(cfg: SiteConfig, start = MON_0800) {
  let now = start;
  let n = 0;
  const day: DayState = emptyDay('s1', localDate(now, TZ));
  const ctx = (actor: Actor): Ctx => ({ cfg, day, actor, now, newId: () => `t${++n}` });
  const counterIds = [...cfg.counters.keys()];
  return {
    cfg, day,
    get now() { return now; },
    set now(v: number) { now = v; },
    issue(code = 'A', priority: Priority | null = null, appointmentAt?: number) {
      const d = decideIssue(ctx(kiosk), { serviceId: `svc-${code.toLowerCase()}`, priority, ...(appointmentAt ? { appointmentAt } : {}) });
      commit(day, d.events);
      return day.tickets.get(d.result.ticketId)!;
    },
    counter(counterId: string, cmd: Parameters<typeof decideCounter>[1], args: Record<string, string> = {}) {
      const d = decideCounter(ctx(officer(counterIds.indexOf(counterId) + 1)), cmd, { counterId, ...args });
      commit(day, d.events);
      return d.result.ticketId ? day.tickets.get(d.result.ticketId)! : null;
    },
  };
}

const saved = { ...ESTIMATE_TUNING };
afterEach(() => { Object.assign(ESTIMATE_TUNING, saved); });

/** Make the estimator's assumptions exact: no turnaround, no allowance for priority still to come. */
function exact() {
  ESTIMATE_TUNING.turnaroundPriorSeconds = 0;
  ESTIMATE_TUNING.maxPriorityLoad = 0;
}

describe('wait estimates', () => {
  it('call each ticket when it said, when every service takes the assumed time (priority, appointment, shared counters)', () => {
    exact();
    const cfg = site([['c1', ['A', 'B']], ['c2', ['A']], ['c3', ['B', 'C']]], { ordering: { maxPriorityInRow: 2, maxWaitSeconds: 0, appointmentWindowSeconds: 10 * 60 } });
    const w = world(cfg);
    const plan: [string, string, Priority | null][] = [
      ['A', 'A', null], ['B', 'B', null], ['A', 'A', 'elderly'], ['C', 'C', null], ['A', 'A', null], ['B', 'B', 'pregnant'],
      ['A', 'A', 'merit'], ['A', 'A', 'elderly'], ['B', 'B', null], ['C', 'C', null], ['A', 'A', null], ['B', 'B', null],
    ];
    const tickets = plan.map(([code, , pr]) => { w.now += 7_000; return w.issue(code, pr); });
    tickets.push(w.issue('A', null, MON_0800 + 20 * MIN)); // a booked slot at 08:20
    for (const id of cfg.counters.keys()) w.counter(id, 'open');
    const t0 = w.now;
    const promised = new Map(tickets.map((t) => [t.id, t0 + estimateSeconds(cfg, w.day, t.serviceId, t) * 1000]));

    // Run the real counters: whoever is free first (lower number on a tie) calls next.
    const free = new Map([...cfg.counters.keys()].map((id) => [id, t0]));
    const calledAt = new Map<string, number>();
    for (;;) {
      const [id, at] = [...free].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
      if (at === Infinity) break;
      w.now = at;
      const t = w.counter(id, 'call-next');
      if (!t) { free.set(id, Infinity); continue; }
      calledAt.set(t.id, at);
      w.now = at + SERVICE_MS;
      w.counter(id, 'complete');
      free.set(id, at + SERVICE_MS);
    }
    expect(calledAt.size).toBe(tickets.length);
    for (const t of tickets) expect([t.number, calledAt.get(t.id)! - t0]).toEqual([t.number, promised.get(t.id)! - t0]);
  });

  it('a counter that also serves another service counts that work; the naive estimate did not', () => {
    exact();
    const cfg = site([['c1', ['A', 'B']]]);
    const w = world(cfg);
    for (let i = 0; i < 5; i++) { w.issue('B'); w.now += 1000; }
    w.counter('c1', 'open');
    const a = w.issue('A');
    expect(peopleAhead(w.day, a)).toBe(0);
    expect(naiveEstimateSeconds(w.day, cfg.counters.values(), a.serviceId, 0)).toBe(0);
    expect(estimateSeconds(cfg, w.day, a.serviceId, a)).toBe(5 * 300);
    // what the kiosk shows for the next A is what that ticket then gets
    const next = estimateSeconds(cfg, w.day, 'svc-a');
    const a2 = w.issue('A');
    expect(estimateSeconds(cfg, w.day, 'svc-a', a2)).toBe(next);
    expect(next).toBe(6 * 300);
  });

  it('counts the counters that work: two open share the line, a closed one does not serve, a paused one later', () => {
    exact();
    const cfg = site([['c1', ['A']], ['c2', ['A']]]);
    const w = world(cfg);
    const ts = Array.from({ length: 4 }, () => w.issue('A'));
    w.counter('c1', 'open');
    // only c1 works: 4 tickets one after the other
    expect(ts.map((t) => estimateSeconds(cfg, w.day, 'svc-a', t))).toEqual([0, 300, 600, 900]);
    w.counter('c2', 'open');
    expect(ts.map((t) => estimateSeconds(cfg, w.day, 'svc-a', t))).toEqual([0, 0, 300, 300]);
    w.counter('c2', 'pause', { reason: 'Họp' });
    expect(ts.map((t) => estimateSeconds(cfg, w.day, 'svc-a', t))).toEqual([0, 300, 300, 600]);
    // before any counter opens, the counters of the service are assumed to start now
    const w2 = world(cfg);
    const early = Array.from({ length: 4 }, () => w2.issue('A'));
    expect(early.map((t) => estimateSeconds(cfg, w2.day, 'svc-a', t))).toEqual([0, 0, 300, 300]);
  });

  it('a ticket in service holds its counter for the rest of its mean time', () => {
    exact();
    const cfg = site([['c1', ['A']]]);
    const w = world(cfg);
    w.issue('A');
    const second = w.issue('A');
    w.counter('c1', 'open');
    w.counter('c1', 'call-next');
    w.now += 2 * MIN;
    const third = w.issue('A'); // the day's "now" moves with this issue
    expect(estimateSeconds(cfg, w.day, 'svc-a', second)).toBe(180);
    expect(estimateSeconds(cfg, w.day, 'svc-a', third)).toBe(480);
  });

  it('tickets joining the end of the line get what a full rebuild gives', () => {
    const cfg = site([['c1', ['A', 'B']], ['c2', ['B']], ['c3', ['C', 'A']]]);
    const w = world(cfg);
    for (const id of cfg.counters.keys()) w.counter(id, 'open');
    w.issue('A', 'elderly');
    const seen: number[] = [];
    for (let i = 0; i < 60; i++) {
      w.now += 20_000;
      const t = w.issue('ABC'[i % 3]!);
      seen.push(estimateSeconds(cfg, w.day, t.serviceId, t)); // the cheap path
      if (i === 30) { w.counter('c2', 'call-next'); w.now += 1000; }
    }
    const fresh = { ...cfg }; // another config object: the plan is rebuilt from scratch
    for (const t of w.day.tickets.values()) {
      if (t.status !== 'waiting') continue;
      expect(estimateSeconds(cfg, w.day, t.serviceId, t)).toBe(estimateSeconds(fresh, w.day, t.serviceId, t));
    }
    expect(seen[59]).toBeGreaterThan(seen[0]!);
  });

  it('learns the officers\' time between tickets and the priority tickets still to come', () => {
    const cfg = site([['c1', ['A']]]);
    const w = world(cfg);
    w.counter('c1', 'open');
    for (let i = 0; i < 10; i++) w.issue('A');
    const last = w.issue('A');
    const before = estimateSeconds(cfg, w.day, 'svc-a', last);
    // each ticket takes 5 min and the next call comes 60 s after the completion
    for (let i = 0; i < 5; i++) {
      w.counter('c1', 'call-next');
      estimateSeconds(cfg, w.day, 'svc-a', last); // the hub asks after every change
      w.now += SERVICE_MS;
      w.counter('c1', 'complete');
      w.now += 60_000;
    }
    const after = estimateSeconds(cfg, w.day, 'svc-a', last);
    // 5 tickets still ahead; each counts its 300 s and the turnaround learnt from four 60 s gaps,
    // starting from the prior of 15 s with the weight of 5 samples: (5·15 + 4·60) / 9 = 35 s
    expect(after).toBe(5 * (300 + 35));
    expect(before).toBeGreaterThan(0);
    // priority tickets arriving now and then slow the normal line down
    const w2 = world(cfg);
    w2.counter('c1', 'open');
    for (let i = 0; i < 10; i++) w2.issue('A');
    const normal = w2.issue('A');
    const plain = estimateSeconds(cfg, w2.day, 'svc-a', normal);
    for (let i = 0; i < 3; i++) { w2.now += 10 * MIN; w2.issue('A', 'elderly'); }
    const last2 = w2.issue('A');
    expect(estimateSeconds(cfg, w2.day, 'svc-a', last2)).toBeGreaterThan(plain + 3 * 300);
  });

  it('the ticket view and the waiting view carry the estimates', () => {
    exact();
    const cfg = site([['c1', ['A']]]);
    const w = world(cfg);
    w.counter('c1', 'open');
    const ts = [w.issue('A'), w.issue('A'), w.issue('A')];
    expect(ts.map((t) => ticketView(cfg, w.day, t).estimatedWaitSeconds)).toEqual([0, 300, 600]);
    expect(waitingView(cfg, w.day).find((x) => x.serviceId === 'svc-a')).toEqual({ serviceId: 'svc-a', count: 3, estimatedWaitSeconds: 900 });
    w.counter('c1', 'call-next');
    expect(ticketView(cfg, w.day, ts[0]!).estimatedWaitSeconds).toBe(0);
    expect(ticketView(cfg, w.day, ts[2]!).estimatedWaitSeconds).toBe(600);
  });
});
