// Public events (docs/integration.md) are derived from the day log, one pure function: the log is
// the outbox. An event exists exactly when the entry it comes from is durable, and it carries the
// id of that entry, (day, n) → yyyymmdd·10⁶ + n, so ids increase per site across days and the feed
// and the webhooks (and a receiver de-duplicating both) agree on them.
import type { CounterRef, Priority, RatingLevel } from '../../common/types.js';
import type { DayEvent, DayState, SiteConfig, TicketRec } from '../domain/model.js';
import { isoLocal } from '../domain/time.js';

export const EVENT_TYPES = [
  'ticket.issued', 'ticket.called', 'ticket.completed', 'ticket.no_show', 'ticket.transferred',
  'ticket.dossier_linked', 'rating.submitted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Entries of a day: at most 10⁶ - 1 (a site writes a few thousand). */
const PER_DAY = 1_000_000;

export function eventId(date: string, n: number): number {
  return Number(date.replaceAll('-', '')) * PER_DAY + n;
}

/** The (day, n) an event id points at; null for an id that cannot be one (0 = before everything). */
export function eventPosition(id: number): { date: string; n: number } | null {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const d = String(Math.floor(id / PER_DAY)).padStart(8, '0');
  return { date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, n: id % PER_DAY };
}

export interface EventTicket {
  id: string; number: string; siteId: string; serviceId: string; serviceCode: string | null; priority: Priority | null;
  status: TicketRec['status']; issuedAt: string; calledAt: string | null; doneAt: string | null; counterId: string | null;
  recalls: number; transfers: number; procedureCode: string | null; dossierCodes: string[];
}
export interface OfficerRef { id: string; username: string; name: string }

export interface PublicEvent {
  id: number;
  type: EventType;
  siteId: string;
  occurredAt: string;
  data: {
    ticket: EventTicket;
    counter: CounterRef | null;
    officer: OfficerRef | null;
    level: RatingLevel | null;
    reasons: string[];
    dossierCodes: string[];
    procedureCode: string | null;
    agencyCode: string | null;
    /** ticket.transferred: the services it left and joined. */
    fromServiceId?: string;
    toServiceId?: string;
    /** ticket.dossier_linked: the code just attached. */
    dossierCode?: string;
    /** ticket.called: whether this call repeats an earlier one. */
    recall?: boolean;
  };
}

/** What a mapping may look up besides the day: the site, its counters and services, the accounts. */
export interface MapContext {
  cfg: SiteConfig;
  officer(id: string | null | undefined): OfficerRef | null;
}

/** Fields of a ticket or a site that the one-stop work adds (read loosely so both sides build alone). */
type Extra = { procedureCode?: string; dossierCodes?: string[]; dossierCode?: string };

function dossierCodesOf(t: TicketRec): string[] {
  const x = t as TicketRec & Extra;
  if (Array.isArray(x.dossierCodes)) return [...x.dossierCodes];
  return x.dossierCode ? [x.dossierCode] : [];
}

function ticketOf(ctx: MapContext, t: TicketRec): EventTicket {
  const tz = ctx.cfg.site.timeZone;
  return {
    id: t.id, number: t.number, siteId: ctx.cfg.site.id, serviceId: t.serviceId,
    serviceCode: ctx.cfg.services.get(t.serviceId)?.code ?? null, priority: t.priority, status: t.status,
    issuedAt: isoLocal(t.issuedAt, tz), calledAt: t.calledAt !== undefined ? isoLocal(t.calledAt, tz) : null,
    doneAt: t.doneAt !== undefined ? isoLocal(t.doneAt, tz) : null, counterId: t.counterId ?? null,
    recalls: t.recalls, transfers: t.transfers, procedureCode: (t as TicketRec & Extra).procedureCode ?? null,
    dossierCodes: dossierCodesOf(t),
  };
}

function typeOf(e: DayEvent): EventType | null {
  switch ((e as { t: string }).t) {
    case 'issued': return 'ticket.issued';
    case 'called': case 'recalled': return 'ticket.called';
    case 'completed': return 'ticket.completed';
    case 'no_show': return 'ticket.no_show';
    case 'transferred': return 'ticket.transferred';
    case 'dossier_linked': return 'ticket.dossier_linked';
    case 'rated': return 'rating.submitted';
    default: return null;
  }
}

/**
 * The public event of the day's entry number `n` (1-based), given the day folded up to and
 * including it; null for entries that are not public (counter seats, cancellations).
 */
export function publicEventOf(ctx: MapContext, day: DayState, n: number, e: DayEvent): PublicEvent | null {
  const type = typeOf(e);
  if (!type || !('id' in e)) return null;
  const t = day.tickets.get(e.id);
  if (!t) return null;
  const ticket = ticketOf(ctx, t);
  const counterId = 'counterId' in e ? e.counterId : t.counterId;
  const c = counterId ? ctx.cfg.counters.get(counterId) : undefined;
  const officerId = 'officerId' in e ? e.officerId : t.officerId;
  const site = ctx.cfg.site as typeof ctx.cfg.site & { agencyCode?: string | null };
  const out: PublicEvent = {
    id: eventId(day.date, n), type, siteId: ctx.cfg.site.id, occurredAt: isoLocal(e.at, ctx.cfg.site.timeZone),
    data: {
      ticket,
      counter: c && type !== 'ticket.issued' ? { id: c.id, number: c.number, name: c.name } : null,
      officer: type === 'ticket.issued' ? null : ctx.officer(officerId),
      level: e.t === 'rated' ? e.level : null,
      reasons: e.t === 'rated' ? [...e.reasons] : [],
      dossierCodes: ticket.dossierCodes,
      procedureCode: ticket.procedureCode,
      agencyCode: site.agencyCode ?? null,
    },
  };
  // A rating carries what it was about when it was given (dossiers, procedure, agency code).
  if (e.t === 'rated') {
    if (e.dossierCodes) out.data.dossierCodes = [...e.dossierCodes];
    if (e.procedureCode !== undefined) out.data.procedureCode = e.procedureCode;
    if (e.agencyCode !== undefined) out.data.agencyCode = e.agencyCode;
  }
  if (e.t === 'transferred') { out.data.fromServiceId = e.from; out.data.toServiceId = e.to; }
  if (e.t === 'called' || e.t === 'recalled') out.data.recall = e.t === 'recalled';
  const linked = (e as { dossierCode?: unknown }).dossierCode;
  if (type === 'ticket.dossier_linked' && typeof linked === 'string') out.data.dossierCode = linked;
  return out;
}
