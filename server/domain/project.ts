// Projections: what each audience sees of the day. Pure functions of config + day.
import type { Counter, CounterRef, QueueSnapshot, Ticket } from '../../common/types.js';
import type { CounterConfig, DayState, SiteConfig, TicketRec } from './model.js';
import { counterRuntime } from './model.js';
import { estimateWaitSeconds, peopleAhead, waitingCount } from './policy.js';
import { aheadInPlan } from './estimate.js';
import { isoLocal } from './time.js';

export function ticketView(cfg: SiteConfig, day: DayState, t: TicketRec): Ticket {
  const tz = cfg.site.timeZone;
  // A booked ticket's place is where the plan calls it (its slot), not its arrival.
  const ahead = t.appointmentAt ? aheadInPlan(cfg, day, t) : peopleAhead(day, t);
  const out: Ticket = {
    id: t.id, number: t.number, siteId: cfg.site.id, serviceId: t.serviceId, priority: t.priority,
    status: t.status, issuedAt: isoLocal(t.issuedAt, tz), waitingAhead: ahead,
    estimatedWaitSeconds: t.status === 'waiting' ? estimateWaitSeconds(cfg, day, t.serviceId, t) : 0,
    recalls: t.recalls,
  };
  if (t.counterId) out.counterId = t.counterId;
  if (t.calledAt !== undefined) out.calledAt = isoLocal(t.calledAt, tz);
  if (t.doneAt !== undefined) out.doneAt = isoLocal(t.doneAt, tz);
  if (t.dossierCode) out.dossierCode = t.dossierCode;
  if (t.dossierCodes.length) out.dossierCodes = [...t.dossierCodes];
  if (t.procedureCode) out.procedureCode = t.procedureCode;
  if (t.officerId) out.officerId = t.officerId;
  if (t.rating) out.rated = true;
  return out;
}

/** The public ticket page sees its own ticket only, without staff ids. */
export function publicTicketView(cfg: SiteConfig, day: DayState, t: TicketRec): Ticket {
  const v = ticketView(cfg, day, t);
  delete v.officerId;
  delete v.dossierCode;
  delete v.dossierCodes;
  return v;
}

export function counterRef(c: CounterConfig): CounterRef {
  return { id: c.id, number: c.number, name: c.name };
}

export function counterView(day: DayState, c: CounterConfig): Counter {
  const rt = counterRuntime(day, c.id);
  return {
    id: c.id, siteId: c.siteId, number: c.number, name: c.name, serviceIds: c.serviceIds,
    status: rt.status, officer: rt.officerId ? { id: rt.officerId, name: rt.officerName ?? '' } : null,
    pauseReason: rt.pauseReason, currentTicketId: rt.currentTicketId,
  };
}

export function waitingView(cfg: SiteConfig, day: DayState): QueueSnapshot['waiting'] {
  const out: QueueSnapshot['waiting'] = [];
  for (const s of cfg.services.values()) {
    const count = waitingCount(day, s.id);
    out.push({ serviceId: s.id, count, estimatedWaitSeconds: estimateWaitSeconds(cfg, day, s.id) });
  }
  return out;
}

export function sortedCounters(cfg: SiteConfig): CounterConfig[] {
  return [...cfg.counters.values()].sort((a, b) => a.number - b.number);
}

export function snapshotView(cfg: SiteConfig, day: DayState, now: number, opts: { counterId?: string } = {}): QueueSnapshot {
  const counters = sortedCounters(cfg).filter((c) => !opts.counterId || c.id === opts.counterId);
  const services = [...cfg.services.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    siteId: cfg.site.id,
    date: day.date,
    siteName: cfg.site.name,
    services,
    counters: counters.map((c) => counterView(day, c)),
    waiting: waitingView(cfg, day),
    current: counters.map((c) => {
      const id = counterRuntime(day, c.id).currentTicketId;
      return { counterId: c.id, ticket: id ? ticketView(cfg, day, day.tickets.get(id)!) : null };
    }),
    recentCalls: opts.counterId ? [] : day.recentCalls.flatMap((rc) => {
      const c = cfg.counters.get(rc.counterId);
      const t = day.tickets.get(rc.ticketId);
      return c && t ? [{ ticket: ticketView(cfg, day, t), counter: counterRef(c), at: isoLocal(rc.at, cfg.site.timeZone) }] : [];
    }),
    settings: cfg.site.settings,
    serverTime: isoLocal(now, cfg.site.timeZone),
  };
}
