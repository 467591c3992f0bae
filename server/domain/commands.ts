// The pure core: (site config, day state, actor, command, now) → events + result, or a DomainError.
// No I/O: the clock and the id generator are passed in; the caller persists the events and then
// folds them into the day with applyEvent.
import type { Priority, RatingLevel } from '../../common/types.js';
import { DomainError } from '../../common/errors.js';
import { applyEvent } from './apply.js';
import type { Actor, DayEvent, DayState, SiteConfig, TicketRec } from './model.js';
import { counterRuntime, integrationAllows } from './model.js';
import { selectNext } from './policy.js';
import { hhmmToMinutes, localParts } from './time.js';
import { DEFAULT_DOSSIER_PATTERN } from '../../common/procedures.js';

export interface Ctx {
  cfg: SiteConfig;
  day: DayState;
  actor: Actor;
  now: number;
  newId: () => string;
}

export interface Decision<R> { events: DayEvent[]; result: R }

function fail(code: ConstructorParameters<typeof DomainError>[0], params: Record<string, string | number> = {}, field?: string): never {
  throw new DomainError(code, field, params);
}

// ---------------------------------------------------------------- issuing
export function formatNumber(code: string, seq: number): string {
  return code + String(seq).padStart(3, '0');
}

/** Why a service cannot issue now, or null. Also used to show the state of each kiosk button. */
export function issueBlock(cfg: SiteConfig, day: DayState, serviceId: string, now: number): 'service_inactive' | 'closed_day' | 'outside_hours' | 'daily_cap_reached' | null {
  const svc = cfg.services.get(serviceId)!;
  if (!svc.active) return 'service_inactive';
  if (svc.hours) {
    const p = localParts(now, cfg.site.timeZone);
    if (svc.hours.closedDates.includes(p.date) || !svc.hours.weekdays.includes(p.weekday)) return 'closed_day';
    const open = svc.hours.sessions.some((s) => p.minutes >= hhmmToMinutes(s.start) && p.minutes < hhmmToMinutes(s.end));
    if (!open) return 'outside_hours';
  }
  if (svc.dailyCap !== null && (day.issuedByService.get(serviceId) ?? 0) >= svc.dailyCap) return 'daily_cap_reached';
  return null;
}

export function decideIssue(ctx: Ctx, args: { serviceId: string; priority?: Priority | null; appointmentAt?: number; procedureCode?: string }): Decision<{ ticketId: string }> {
  const { cfg, day, actor, now } = ctx;
  assertCanIssue(ctx);
  const svc = cfg.services.get(args.serviceId);
  if (!svc || svc.siteId !== cfg.site.id) fail('service_not_found', {}, 'serviceId');
  const priority = args.priority ?? null;
  if (priority && !cfg.site.settings.priorityEnabled) fail('priority_disabled', {}, 'priority');
  const block = issueBlock(cfg, day, svc.id, now);
  if (block) fail(block, { code: svc.code });
  const seq = (day.seqByService.get(svc.id) ?? 0) + 1;
  const id = ctx.newId();
  const by = actor.kind === 'device' ? `device:${actor.id}` : actor.kind === 'user' ? `user:${actor.id}` : actor.kind === 'integration' ? `integration:${actor.id}` : 'system';
  const e: DayEvent = { t: 'issued', at: now, id, seq, number: formatNumber(svc.code, seq), serviceId: svc.id, priority, by };
  if (args.appointmentAt) e.appointmentAt = args.appointmentAt;
  if (args.procedureCode) e.procedureCode = args.procedureCode;
  return { events: [e], result: { ticketId: id } };
}

function assertCanIssue({ cfg, actor }: Ctx): void {
  if (actor.kind === 'device') {
    if (actor.deviceKind !== 'kiosk') fail('forbidden');
    if (actor.siteId !== cfg.site.id) fail('wrong_site');
    return;
  }
  if (actor.kind === 'user') {
    if (actor.role === 'officer' && actor.siteIds.length > 0 && !actor.siteIds.includes(cfg.site.id)) fail('wrong_site');
    return;
  }
  if (actor.kind === 'integration') {
    const ok = integrationAllows(actor, 'tickets:issue', cfg.site.id);
    if (ok !== 'ok') fail(ok);
    return;
  }
  if (actor.kind !== 'system') fail('forbidden');
}

// ---------------------------------------------------------------- counters
type CounterCmd = 'open' | 'pause' | 'resume' | 'close' | 'call-next' | 'call' | 'recall' | 'no-show' | 'transfer' | 'complete';

function userActor(ctx: Ctx) {
  if (ctx.actor.kind !== 'user') fail('forbidden');
  const a = ctx.actor;
  if (a.role === 'officer' && a.siteIds.length > 0 && !a.siteIds.includes(ctx.cfg.site.id)) fail('wrong_site');
  return a;
}

function counterOf(ctx: Ctx, counterId: string) {
  const c = ctx.cfg.counters.get(counterId);
  if (!c) fail('counter_not_found', {}, 'counterId');
  return { config: c, rt: counterRuntime(ctx.day, counterId) };
}

/** The officer must hold the counter; returns the current called ticket when `needTicket`. */
function held(ctx: Ctx, counterId: string) {
  const user = userActor(ctx);
  const c = counterOf(ctx, counterId);
  if (c.rt.officerId !== user.id) fail(c.rt.officerId ? 'counter_not_held' : 'counter_not_open');
  return { user, ...c };
}

function currentTicket(ctx: Ctx, ticketId: string | null): TicketRec {
  if (!ticketId) fail('no_current_ticket');
  return ctx.day.tickets.get(ticketId)!;
}

export function decideCounter(
  ctx: Ctx, cmd: CounterCmd,
  args: { counterId: string; reason?: string; ticketId?: string; serviceId?: string; dossierCode?: string },
): Decision<{ ticketId: string | null }> {
  const { now, day, cfg } = ctx;
  const counterId = args.counterId;
  const none = { events: [] as DayEvent[], result: { ticketId: null } };
  switch (cmd) {
    case 'open': {
      const user = userActor(ctx);
      const { rt } = counterOf(ctx, counterId);
      if (rt.officerId === user.id) return none;
      if (rt.officerId) fail('counter_held', { name: rt.officerName ?? '' });
      for (const [otherId, other] of day.counters) {
        if (other.officerId === user.id) fail('officer_seated_elsewhere', { number: cfg.counters.get(otherId)?.number ?? '' });
      }
      return { events: [{ t: 'counter_opened', at: now, counterId, officerId: user.id, officerName: user.name }], result: { ticketId: null } };
    }
    case 'close': {
      const user = userActor(ctx);
      const { rt } = counterOf(ctx, counterId);
      if (rt.status === 'closed') return none;
      // An admin may free a seat an officer left; anyone else must hold it.
      if (rt.officerId !== user.id && user.role !== 'admin') fail('counter_not_held');
      if (rt.currentTicketId) fail('ticket_in_service', { number: day.tickets.get(rt.currentTicketId)!.number });
      return { events: [{ t: 'counter_closed', at: now, counterId, by: user.id }], result: { ticketId: null } };
    }
    case 'pause': {
      const { rt } = held(ctx, counterId);
      if (rt.status === 'paused') fail('counter_paused');
      if (rt.currentTicketId) fail('ticket_in_service', { number: day.tickets.get(rt.currentTicketId)!.number });
      return { events: [{ t: 'counter_paused', at: now, counterId, reason: args.reason! }], result: { ticketId: null } };
    }
    case 'resume': {
      const { rt } = held(ctx, counterId);
      if (rt.status !== 'paused') return none;
      return { events: [{ t: 'counter_resumed', at: now, counterId }], result: { ticketId: null } };
    }
    case 'call-next':
    case 'call': {
      const { user, config, rt } = held(ctx, counterId);
      if (rt.status === 'paused') fail('counter_paused');
      if (rt.currentTicketId) fail('ticket_in_service', { number: day.tickets.get(rt.currentTicketId)!.number });
      let t: TicketRec | null;
      if (cmd === 'call') {
        t = day.tickets.get(args.ticketId!) ?? null;
        if (!t) fail('ticket_not_found', {}, 'ticketId');
        if (t.status !== 'waiting') fail('ticket_not_waiting');
      } else {
        t = selectNext(day, config, rt, cfg.site.settings.ordering, now);
        if (!t) return none;
      }
      return { events: [{ t: 'called', at: now, id: t.id, counterId, officerId: user.id, ...(cmd === 'call' ? { manual: true } : {}) }], result: { ticketId: t.id } };
    }
    case 'recall': {
      const { rt } = held(ctx, counterId);
      const t = currentTicket(ctx, rt.currentTicketId);
      if (t.recalls >= cfg.site.settings.recallLimit) {
        return { events: [{ t: 'no_show', at: now, id: t.id, counterId, auto: true }], result: { ticketId: t.id } };
      }
      return { events: [{ t: 'recalled', at: now, id: t.id, counterId }], result: { ticketId: t.id } };
    }
    case 'no-show': {
      const { rt } = held(ctx, counterId);
      const t = currentTicket(ctx, rt.currentTicketId);
      return { events: [{ t: 'no_show', at: now, id: t.id, counterId }], result: { ticketId: t.id } };
    }
    case 'transfer': {
      const { user, rt } = held(ctx, counterId);
      const t = currentTicket(ctx, rt.currentTicketId);
      const to = cfg.services.get(args.serviceId!);
      if (!to) fail('service_not_found', {}, 'serviceId');
      if (!to.active) fail('service_inactive');
      if (to.id === t.serviceId) fail('same_service');
      return { events: [{ t: 'transferred', at: now, id: t.id, counterId, officerId: user.id, from: t.serviceId, to: to.id }], result: { ticketId: t.id } };
    }
    case 'complete': {
      const { user, rt } = held(ctx, counterId);
      const t = currentTicket(ctx, rt.currentTicketId);
      const e: DayEvent = { t: 'completed', at: now, id: t.id, counterId, officerId: user.id };
      if (args.dossierCode) e.dossierCode = checkDossierCode(cfg, args.dossierCode);
      return { events: [e], result: { ticketId: t.id } };
    }
  }
}

// ---------------------------------------------------------------- ratings
export function decideRating(
  ctx: Ctx, args: { ticketId: string; level: RatingLevel; reasons?: string[]; comment?: string },
): Decision<{ ratingId: string }> {
  const { actor, day, cfg, now } = ctx;
  if (actor.kind !== 'device' || actor.deviceKind !== 'pad') fail('forbidden');
  if (actor.siteId !== cfg.site.id) fail('wrong_site');
  const t = day.tickets.get(args.ticketId);
  if (!t) fail('ticket_not_found', {}, 'ticketId');
  if (t.counterId !== actor.counterId) fail('wrong_counter');
  if (t.status !== 'done') fail('ticket_not_done');
  if (t.rating) fail('already_rated');
  if (counterRuntime(day, t.counterId!).lastCompletedTicketId !== t.id) fail('rating_superseded');
  if (now - t.doneAt! > cfg.site.settings.ratingWindowSeconds * 1000) fail('rating_window_closed');
  const reasons = (args.reasons ?? []).map((r) => r.trim()).filter(Boolean);
  const comment = args.comment?.trim() || null;
  if (args.level === 'unsatisfied' && reasons.length === 0 && !comment) fail('reason_required', {}, 'reasons');
  const ratingId = ctx.newId();
  return {
    events: [{
      t: 'rated', at: now, id: t.id, ratingId, counterId: t.counterId!, officerId: t.officerId ?? null, deviceId: actor.id, level: args.level, reasons, comment,
      dossierCodes: [...t.dossierCodes], procedureCode: t.procedureCode ?? null, agencyCode: cfg.site.agencyCode ?? null,
    }],
    result: { ratingId },
  };
}

// ---------------------------------------------------------------- dossiers (the one-stop link)
export const MAX_DOSSIERS_PER_TICKET = 20;
const patterns = new Map<string, RegExp>();

/** A dossier code, upper-cased, when it matches the site's pattern (default: the national shapes). */
export function checkDossierCode(cfg: SiteConfig, raw: string): string {
  const code = raw.trim().toUpperCase();
  const source = cfg.site.dossierPattern || DEFAULT_DOSSIER_PATTERN;
  let re = patterns.get(source);
  if (!re) { re = new RegExp(source); patterns.set(source, re); }
  if (!code || code.length > 64 || !re.test(code)) fail('invalid_dossier_code', { code: raw.trim().slice(0, 64) }, 'dossierCode');
  return code;
}

/**
 * Attach a dossier code to a ticket of the day: the officer serving it (called at the counter he
 * holds, or done by him), or an admin of the site; the same code twice is a no-op.
 * An integration key needs the `tickets:link` scope and the ticket's site.
 */
export function decideLinkDossier(ctx: Ctx, args: { ticketId: string; dossierCode: string }): Decision<{ ticketId: string }> {
  const { cfg, day, actor, now } = ctx;
  const t = day.tickets.get(args.ticketId);
  if (!t) fail('ticket_not_found', {}, 'ticketId');
  let by: string;
  if (actor.kind === 'user') {
    if (actor.siteIds.length > 0 && !actor.siteIds.includes(cfg.site.id)) fail('wrong_site');
    if (actor.role !== 'admin') {
      const serving = t.status === 'called' && t.counterId !== undefined && counterRuntime(day, t.counterId).officerId === actor.id;
      const served = t.status === 'done' && t.officerId === actor.id;
      if (!serving && !served) fail('ticket_not_yours');
    }
    by = `user:${actor.id}`;
  } else if (actor.kind === 'integration') {
    const ok = integrationAllows(actor, 'tickets:link', cfg.site.id);
    if (ok !== 'ok') fail(ok);
    by = `integration:${actor.id}`;
  } else if (actor.kind === 'system') {
    by = 'system';
  } else {
    fail('forbidden');
  }
  const code = checkDossierCode(cfg, args.dossierCode);
  if (t.dossierCodes.includes(code)) return { events: [], result: { ticketId: t.id } };
  if (t.dossierCodes.length >= MAX_DOSSIERS_PER_TICKET) fail('too_many_dossiers');
  return { events: [{ t: 'dossier_linked', at: now, id: t.id, dossierCode: code, by }], result: { ticketId: t.id } };
}

/** Apply a decision's events to the day (the caller persists them too). */
export function commit(day: DayState, events: DayEvent[]): void {
  for (const e of events) applyEvent(day, e);
}
