// The pure core with an injected clock: numbering, hours, caps, ordering, recalls, ratings.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors.js';
import type { Priority, Service } from '../../common/types.js';
import { commit, decideCounter, decideIssue, decideRating, type Ctx } from './commands.js';
import { defaultSettings } from './defaults.js';
import { emptyDay, type Actor, type DayState, type SiteConfig } from './model.js';
import { peopleAhead, waitingForCounter } from './policy.js';
import { localDate, localParts } from './time.js';

const TZ = 'Asia/Ho_Chi_Minh';
// Monday 2026-11-23 08:00 in Hà Nội = 01:00Z
const MON_0800 = Date.UTC(2026, 10, 23, 1, 0, 0);
const MIN = 60_000;

function makeSite(overrides: { services?: Partial<Service>[]; settings?: Parameters<typeof defaultSettings>[0] } = {}): SiteConfig {
  const services = (overrides.services ?? [{ code: 'A' }, { code: 'B' }]).map((s, i) => ({
    id: `svc-${(s.code ?? String(i)).toLowerCase()}`, siteId: 's1', code: s.code ?? 'A', name: { vi: s.code ?? 'A' }, active: true,
    dailyCap: null, hours: null, ...s,
  })) as Service[];
  return {
    site: { id: 's1', name: 'Site', timeZone: TZ, settings: defaultSettings(overrides.settings) },
    services: new Map(services.map((s) => [s.id, s])),
    counters: new Map([
      ['c1', { id: 'c1', siteId: 's1', number: 1, name: 'Quầy 1', serviceIds: services.map((s) => s.id) }],
      ['c2', { id: 'c2', siteId: 's1', number: 2, name: 'Quầy 2', serviceIds: [services[0]!.id] }],
    ]),
  };
}

const kiosk: Actor = { kind: 'device', id: 'k1', deviceKind: 'kiosk', siteId: 's1', counterId: null, name: 'Kiosk' };
const officer: Actor = { kind: 'user', id: 'u1', name: 'Lan', role: 'officer', siteIds: ['s1'] };
const officer2: Actor = { kind: 'user', id: 'u2', name: 'Minh', role: 'officer', siteIds: ['s1'] };
const pad1: Actor = { kind: 'device', id: 'p1', deviceKind: 'pad', siteId: 's1', counterId: 'c1', name: 'Pad 1' };
const pad2: Actor = { kind: 'device', id: 'p2', deviceKind: 'pad', siteId: 's1', counterId: 'c2', name: 'Pad 2' };

/** A small world: config + day + a clock, running commands like the hub does. */
function world(cfg = makeSite(), start = MON_0800) {
  let now = start;
  let n = 0;
  const day: DayState = emptyDay('s1', localDate(now, TZ));
  const ctx = (actor: Actor): Ctx => ({ cfg, day, actor, now, newId: () => `t${++n}` });
  const w = {
    cfg, day,
    tick(ms: number) { now += ms; },
    get now() { return now; },
    issue(serviceId = 'svc-a', priority: Priority | null = null, actor: Actor = kiosk) {
      const d = decideIssue(ctx(actor), { serviceId, priority });
      commit(day, d.events);
      return day.tickets.get(d.result.ticketId)!;
    },
    counter(cmd: Parameters<typeof decideCounter>[1], args: Record<string, string> = {}, actor: Actor = officer, counterId = 'c1') {
      const d = decideCounter(ctx(actor), cmd, { counterId, ...args });
      commit(day, d.events);
      return { ticket: d.result.ticketId ? day.tickets.get(d.result.ticketId)! : null, events: d.events };
    },
    rate(ticketId: string, level: 'very_satisfied' | 'satisfied' | 'unsatisfied', extra: { reasons?: string[]; comment?: string } = {}, actor: Actor = pad1) {
      const d = decideRating(ctx(actor), { ticketId, level, ...extra });
      commit(day, d.events);
      return d;
    },
  };
  return w;
}

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
  return 'no error';
}

describe('site-local day', () => {
  it('rolls over at midnight in the site time zone, not at UTC midnight', () => {
    // 16:59:59Z is 23:59:59 in Hà Nội; 17:00:00Z is the next day there.
    expect(localDate(Date.UTC(2026, 10, 23, 16, 59, 59), TZ)).toBe('2026-11-23');
    expect(localDate(Date.UTC(2026, 10, 23, 17, 0, 0), TZ)).toBe('2026-11-24');
    // A UTC-based day would still say the 23rd at 17:00Z (the bug a peer had after 17:00).
    expect(new Date(Date.UTC(2026, 10, 23, 17, 0, 0)).toISOString().slice(0, 10)).toBe('2026-11-23');
    expect(localParts(MON_0800, TZ)).toMatchObject({ hh: 8, mm: 0, weekday: 1, offsetMinutes: 420 });
  });

  it('numbers per service from 001 and never twice in a day', () => {
    const w = world();
    const a = [w.issue('svc-a'), w.issue('svc-a'), w.issue('svc-b'), w.issue('svc-a')];
    expect(a.map((t) => t.number)).toEqual(['A001', 'A002', 'B001', 'A003']);
    // A transferred ticket keeps its number; the next issue does not reuse it.
    w.counter('open');
    const called = w.counter('call-next').ticket!;
    w.counter('transfer', { serviceId: 'svc-b' });
    expect(w.day.tickets.get(called.id)!.number).toBe('A001');
    expect(w.issue('svc-b').number).toBe('B002');
    expect(w.issue('svc-a').number).toBe('A004');
  });

  it('a new day starts numbering again at 001', () => {
    const w1 = world();
    w1.issue(); w1.issue();
    const w2 = world(makeSite(), MON_0800 + 24 * 3600_000);
    expect(w2.day.date).toBe('2026-11-24');
    expect(w2.issue().number).toBe('A001');
  });
});

describe('caps and hours', () => {
  it('refuses beyond the daily cap with daily_cap_reached, other services unaffected', () => {
    const w = world(makeSite({ services: [{ code: 'A', dailyCap: 2 }, { code: 'B' }] }));
    w.issue(); w.issue();
    expect(code(() => w.issue())).toBe('daily_cap_reached');
    expect(w.issue('svc-b').number).toBe('B001');
    expect(w.day.tickets.size).toBe(3);
  });

  it('issues only within the sessions of the day, with distinct codes', () => {
    const hours = { sessions: [{ start: '07:00', end: '11:15' }, { start: '13:15', end: '16:30' }], weekdays: [1, 2, 3, 4, 5], closedDates: ['2026-11-25'] };
    const cfg = makeSite({ services: [{ code: 'A', hours }] });
    const at = (h: number, m: number, dayOffset = 0) => world(cfg, Date.UTC(2026, 10, 23 + dayOffset, h - 7, m));
    expect(at(7, 0).issue().number).toBe('A001');
    expect(code(() => at(6, 59).issue())).toBe('outside_hours');
    expect(code(() => at(11, 15).issue())).toBe('outside_hours'); // end is exclusive
    expect(code(() => at(12, 0).issue())).toBe('outside_hours');
    expect(at(13, 15).issue().number).toBe('A001');
    expect(code(() => at(16, 30).issue())).toBe('outside_hours');
    expect(code(() => at(9, 0, 5).issue())).toBe('closed_day'); // Saturday 28th
    expect(code(() => at(9, 0, 2).issue())).toBe('closed_day'); // holiday 25th
  });

  it('refuses an inactive service, priority when disabled, and a kiosk of another site', () => {
    const w = world(makeSite({ services: [{ code: 'A', active: false }, { code: 'B' }], settings: { priorityEnabled: false } }));
    expect(code(() => w.issue('svc-a'))).toBe('service_inactive');
    expect(code(() => w.issue('svc-b', 'elderly'))).toBe('priority_disabled');
    expect(code(() => w.issue('svc-zz'))).toBe('service_not_found');
    expect(code(() => w.issue('svc-b', null, { ...kiosk, siteId: 's2' } as Actor))).toBe('wrong_site');
    expect(code(() => w.issue('svc-b', null, { kind: 'device', id: 'd', deviceKind: 'display', siteId: 's1', counterId: null, name: 'd' }))).toBe('forbidden');
    expect(w.day.tickets.size).toBe(0);
  });
});

describe('ordering policy', () => {
  it('calls in arrival order across the counter services', () => {
    const w = world();
    const a1 = w.issue('svc-a'); w.tick(MIN);
    const b1 = w.issue('svc-b'); w.tick(MIN);
    const a2 = w.issue('svc-a');
    w.counter('open');
    const order: string[] = [];
    for (let i = 0; i < 3; i++) { order.push(w.counter('call-next').ticket!.number); w.counter('complete'); }
    expect(order).toEqual([a1.number, b1.number, a2.number]);
    expect(w.counter('call-next').ticket).toBeNull();
  });

  it('puts priority first but at most N priority calls in a row while normal tickets wait', () => {
    const w = world(makeSite({ settings: { ordering: { maxPriorityInRow: 2, maxWaitSeconds: 0, appointmentWindowSeconds: 0 } } }));
    w.issue('svc-a'); w.tick(MIN); // A001 normal, oldest
    for (let i = 0; i < 5; i++) { w.issue('svc-a', 'elderly'); w.tick(MIN); } // A002..A006 priority
    w.issue('svc-a'); // A007 normal
    w.counter('open');
    const order: string[] = [];
    for (let i = 0; i < 7; i++) { order.push(w.counter('call-next').ticket!.number); w.counter('complete'); }
    expect(order).toEqual(['A002', 'A003', 'A001', 'A004', 'A005', 'A007', 'A006']);
  });

  it('lets arrival order win once a normal ticket has waited the maximum', () => {
    const w = world(makeSite({ settings: { ordering: { maxPriorityInRow: 100, maxWaitSeconds: 30 * 60, appointmentWindowSeconds: 0 } } }));
    const old = w.issue('svc-a');
    w.tick(10 * MIN);
    w.issue('svc-a', 'pregnant');
    w.counter('open');
    expect(w.counter('call-next').ticket!.priority).toBe('pregnant'); // 10 min: priority first
    w.counter('complete');
    w.issue('svc-a', 'merit');
    w.tick(21 * MIN); // the normal ticket has now waited 31 min
    expect(w.counter('call-next').ticket!.id).toBe(old.id);
  });

  it('a transferred ticket keeps its place by issue time in the new queue', () => {
    const w = world();
    const a1 = w.issue('svc-a'); w.tick(MIN);
    const b1 = w.issue('svc-b'); w.tick(MIN);
    w.issue('svc-b');
    w.counter('open', {}, officer2, 'c2'); // c2 serves A only
    expect(w.counter('call-next', {}, officer2, 'c2').ticket!.id).toBe(a1.id);
    w.counter('transfer', { serviceId: 'svc-b' }, officer2, 'c2');
    const t = w.day.tickets.get(a1.id)!;
    expect(t).toMatchObject({ status: 'waiting', serviceId: 'svc-b', number: 'A001', transfers: 1 });
    expect(waitingForCounter(w.day, ['svc-b']).map((x) => x.number)).toEqual(['A001', 'B001', 'B002']);
    expect(peopleAhead(w.day, w.day.tickets.get(b1.id)!)).toBe(1);
    expect(code(() => w.counter('transfer', { serviceId: 'svc-b' }, officer2, 'c2'))).toBe('no_current_ticket');
  });

  it('calls a specific waiting ticket out of order', () => {
    const w = world();
    w.issue(); const second = w.issue();
    w.counter('open');
    expect(w.counter('call', { ticketId: second.id }).ticket!.number).toBe('A002');
    w.counter('complete');
    expect(code(() => w.counter('call', { ticketId: second.id }))).toBe('ticket_not_waiting');
    expect(code(() => w.counter('call', { ticketId: 'nope' }))).toBe('ticket_not_found');
  });
});

describe('appointments', () => {
  function issueBooked(w: ReturnType<typeof world>, slotAt: number) {
    const d = decideIssue({ cfg: w.cfg, day: w.day, actor: kiosk, now: w.now, newId: () => `ap${slotAt}-${w.now}` }, { serviceId: 'svc-a', appointmentAt: slotAt });
    commit(w.day, d.events);
    return w.day.tickets.get(d.result.ticketId)!;
  }
  const cfg = () => makeSite({ settings: { ordering: { maxPriorityInRow: 3, maxWaitSeconds: 0, appointmentWindowSeconds: 10 * 60 } } });

  it('calls a checked-in appointment at its slot ahead of walk-ins and priority tickets', () => {
    const w = world(cfg());
    const slot = MON_0800 + 60 * MIN; // 09:00
    w.issue(); w.issue('svc-a', 'elderly');
    const booked = issueBooked(w, slot); // checked in at 08:00, an hour early
    w.counter('open');
    // Before its window (08:50) it is not ahead of anyone: priority, then arrival.
    expect(w.counter('call-next').ticket!.priority).toBe('elderly');
    w.counter('complete');
    w.issue(); w.issue();
    w.tick(52 * MIN); // 08:52, inside the 10-minute window before 09:00
    expect(w.counter('call-next').ticket!.id).toBe(booked.id);
    w.counter('complete');
    expect(w.counter('call-next').ticket!.number).toBe('A001');
  });

  it('a late check-in falls back to arrival order; the earliest slot goes first', () => {
    const w = world(cfg(), MON_0800 + 60 * MIN); // 09:00
    w.issue(); // walk-in A001 at 09:00
    w.tick(20 * MIN); // 09:20
    const late = issueBooked(w, MON_0800 + 30 * MIN); // slot 08:30, checked in 09:20: late
    const b2 = issueBooked(w, MON_0800 + 90 * MIN); // slot 09:30, in window
    const b1 = issueBooked(w, MON_0800 + 75 * MIN); // slot 09:15, in window
    w.counter('open');
    const order: string[] = [];
    for (let i = 0; i < 4; i++) { order.push(w.counter('call-next').ticket!.id); w.counter('complete'); }
    expect(order).toEqual([b1.id, b2.id, w.day.tickets.values().next().value!.id, late.id]);
  });
});

describe('counters', () => {
  it('one officer per seat, one seat per officer, pause with a reason', () => {
    const w = world();
    w.counter('open');
    expect(code(() => w.counter('open', {}, officer2))).toBe('counter_held');
    expect(code(() => w.counter('open', {}, officer, 'c2'))).toBe('officer_seated_elsewhere');
    expect(code(() => w.counter('call-next', {}, officer2))).toBe('counter_not_held');
    expect(code(() => w.counter('call-next', {}, officer, 'c2'))).toBe('counter_not_open');
    w.counter('pause', { reason: 'Họp giao ban' });
    expect(w.day.counters.get('c1')).toMatchObject({ status: 'paused', pauseReason: 'Họp giao ban' });
    w.issue();
    expect(code(() => w.counter('call-next'))).toBe('counter_paused');
    w.counter('resume');
    w.counter('call-next');
    expect(code(() => w.counter('call-next'))).toBe('ticket_in_service');
    expect(code(() => w.counter('close'))).toBe('ticket_in_service');
    w.counter('complete');
    w.counter('close');
    expect(w.day.counters.get('c1')).toMatchObject({ status: 'closed', officerId: null });
    w.counter('open', {}, officer2); // the seat is free again
  });

  it('after the set number of recalls the ticket becomes a no-show', () => {
    const w = world(makeSite({ settings: { recallLimit: 2 } }));
    const t = w.issue();
    w.counter('open');
    w.counter('call-next');
    expect(w.counter('recall').events[0]!.t).toBe('recalled');
    expect(w.counter('recall').events[0]!.t).toBe('recalled');
    expect(w.day.tickets.get(t.id)!.recalls).toBe(2);
    const third = w.counter('recall');
    expect(third.events[0]).toMatchObject({ t: 'no_show', auto: true });
    expect(w.day.tickets.get(t.id)!.status).toBe('no_show');
    expect(w.day.counters.get('c1')!.currentTicketId).toBeNull();
    expect(code(() => w.counter('recall'))).toBe('no_current_ticket');
  });
});

describe('ratings', () => {
  function served(w: ReturnType<typeof world>) {
    const t = w.issue();
    w.counter('open');
    w.counter('call-next');
    w.counter('complete', { dossierCode: 'H15.50.05.13-261008-0975' });
    return w.day.tickets.get(t.id)!;
  }

  it('one rating per done ticket, from the pad of the counter that completed it', () => {
    const w = world();
    const t = served(w);
    expect(code(() => w.rate(t.id, 'satisfied', {}, pad2))).toBe('wrong_counter');
    expect(code(() => w.rate(t.id, 'satisfied', {}, officer))).toBe('forbidden');
    w.rate(t.id, 'very_satisfied');
    expect(w.day.tickets.get(t.id)!.rating!.level).toBe('very_satisfied');
    expect(code(() => w.rate(t.id, 'unsatisfied', { comment: 'x' }))).toBe('already_rated');
  });

  it('unsatisfied only with a reason or a comment; blanks do not count', () => {
    const w = world();
    const t = served(w);
    expect(code(() => w.rate(t.id, 'unsatisfied'))).toBe('reason_required');
    expect(code(() => w.rate(t.id, 'unsatisfied', { reasons: ['  '], comment: ' ' }))).toBe('reason_required');
    const d = w.rate(t.id, 'unsatisfied', { reasons: ['Thời gian chờ quá lâu'] });
    expect(d.events[0]).toMatchObject({ level: 'unsatisfied', reasons: ['Thời gian chờ quá lâu'], officerId: 'u1', counterId: 'c1' });
  });

  it('within the window only, and only the ticket the counter just completed', () => {
    const w = world(makeSite({ settings: { ratingWindowSeconds: 120 } }));
    const t = served(w);
    w.tick(121_000);
    expect(code(() => w.rate(t.id, 'satisfied'))).toBe('rating_window_closed');
    const w2 = world();
    const first = served(w2);
    w2.issue();
    w2.counter('call-next');
    w2.counter('complete');
    expect(code(() => w2.rate(first.id, 'satisfied'))).toBe('rating_superseded');
    const waiting = w2.issue();
    expect(code(() => w2.rate(waiting.id, 'satisfied'))).toBe('wrong_counter');
  });
});

describe('replay', () => {
  it('a restart (replaying the day\'s events) gives the same queue, order and estimates as the live day', async () => {
    const { applyEvent } = await import('./apply.js');
    const { waitingView } = await import('./project.js');
    const cfg = makeSite({ settings: { ordering: { maxPriorityInRow: 1, maxWaitSeconds: 3600, appointmentWindowSeconds: 600 } } });
    const day = emptyDay('s1', localDate(MON_0800, TZ));
    const events: import('./model.js').DayEvent[] = [];
    let now = MON_0800, n = 0, seed = 7;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const run = (actor: Actor, fn: (ctx: Ctx) => { events: import('./model.js').DayEvent[] }) => {
      try {
        const d = fn({ cfg, day, actor, now, newId: () => `r${++n}` });
        commit(day, d.events);
        events.push(...d.events);
      } catch (e) { if (!(e instanceof DomainError)) throw e; }
      waitingView(cfg, day); // the live hub asks for estimates after every change
    };
    run(officer, (c) => decideCounter(c, 'open', { counterId: 'c1' }));
    run(officer2, (c) => decideCounter(c, 'open', { counterId: 'c2' }));
    for (let i = 0; i < 300; i++) {
      now += Math.floor(rand() * 90_000);
      const r = rand();
      if (r < 0.5) run(kiosk, (c) => decideIssue(c, { serviceId: rand() < 0.6 ? 'svc-a' : 'svc-b', priority: rand() < 0.15 ? 'elderly' : null }));
      else {
        const [who, cid] = rand() < 0.5 ? [officer, 'c1'] : [officer2, 'c2'];
        const cmd = (['call-next', 'complete', 'recall', 'complete', 'call-next'] as const)[Math.floor(rand() * 5)]!;
        run(who, (c) => decideCounter(c, cmd, { counterId: cid }));
      }
    }
    const replayed = emptyDay('s1', day.date);
    for (const e of events) applyEvent(replayed, e);
    expect(waitingView(cfg, replayed)).toEqual(waitingView(cfg, day));
    expect(waitingForCounter(replayed, ['svc-a', 'svc-b']).map((t) => t.id)).toEqual(waitingForCounter(day, ['svc-a', 'svc-b']).map((t) => t.id));
    expect([...replayed.counters]).toEqual([...day.counters]);
  });
});
