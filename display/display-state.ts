// The lobby display's state as pure functions of the hub's messages: a snapshot replaces it all
// (so a display that was away converges), each event changes only what it names.
import type { ServerToClientEvents } from '../common/events.js';
import type { Counter, CounterRef, QueueSnapshot, Service, SiteSettings, Ticket } from '../common/types.js';

export interface Call { ticket: Ticket; counter: CounterRef; at: string }

export interface DisplayState {
  siteId: string;
  siteName: string;
  date: string;
  serverTime: string;
  services: Service[];
  counters: Counter[];
  /** The ticket at each counter, by counter id; absent or null = none. */
  current: Record<string, Ticket | null>;
  /** Newest first. */
  recentCalls: Call[];
  waiting: QueueSnapshot['waiting'];
  settings: SiteSettings;
  /** Bumped by every live call or recall (not by a snapshot): drives the flash. */
  callSeq: number;
}

export const RECENT_CALLS_KEPT = 12;

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export function fromSnapshot(snap: QueueSnapshot, prev?: DisplayState | null): DisplayState {
  const current: Record<string, Ticket | null> = {};
  for (const c of snap.current) current[c.counterId] = c.ticket;
  return {
    siteId: snap.siteId,
    siteName: snap.siteName,
    date: snap.date,
    serverTime: snap.serverTime,
    services: [...snap.services].sort((a, b) => a.code.localeCompare(b.code)),
    counters: [...snap.counters].sort((a, b) => a.number - b.number),
    current,
    recentCalls: uniqueByTicket(snap.recentCalls).slice(0, RECENT_CALLS_KEPT),
    waiting: snap.waiting,
    settings: snap.settings,
    callSeq: prev?.callSeq ?? 0,
  };
}

/** A recalled ticket appears once, at its newest call (the hub's list keeps every call). */
function uniqueByTicket(calls: Call[]): Call[] {
  const seen = new Set<string>();
  return calls.filter((c) => (seen.has(c.ticket.id) ? false : (seen.add(c.ticket.id), true)));
}

/** Put `ticket` wherever the state shows it (recent calls, counters); drop it where it no longer is. */
function placeTicket(s: DisplayState, ticket: Ticket): Record<string, Ticket | null> {
  const current = { ...s.current };
  for (const [counterId, tk] of Object.entries(current)) {
    if (tk?.id === ticket.id && (ticket.status !== 'called' || ticket.counterId !== counterId)) current[counterId] = null;
  }
  if (ticket.status === 'called' && ticket.counterId) current[ticket.counterId] = ticket;
  return current;
}

function refreshRecent(calls: Call[], ticket: Ticket): Call[] {
  return calls.map((c) => (c.ticket.id === ticket.id ? { ...c, ticket } : c));
}

export function onCalled(s: DisplayState, e: Payload<'ticket:called'>, nowIso = new Date().toISOString()): DisplayState {
  const ticket: Ticket = { ...e.ticket, counterId: e.ticket.counterId ?? e.counter.id, status: 'called' };
  const call: Call = { ticket, counter: e.counter, at: ticket.calledAt ?? nowIso };
  const counters = s.counters.map((c) => (c.id === e.counter.id ? { ...c, currentTicketId: ticket.id } : c));
  return {
    ...s,
    counters,
    current: placeTicket(s, ticket),
    recentCalls: [call, ...s.recentCalls.filter((c) => c.ticket.id !== ticket.id)].slice(0, RECENT_CALLS_KEPT),
    callSeq: s.callSeq + 1,
  };
}

/** `ticket:done` and `ticket:updated` (transfer, no-show, cancel): the ticket leaves its counter unless still called there. */
export function onTicketChanged(s: DisplayState, e: Payload<'ticket:done'>): DisplayState {
  return { ...s, current: placeTicket(s, e.ticket), recentCalls: refreshRecent(s.recentCalls, e.ticket) };
}

export function onCounterChanged(s: DisplayState, e: Payload<'counter:changed'>): DisplayState {
  const c = e.counter;
  if (c.siteId && c.siteId !== s.siteId) return s;
  const exists = s.counters.some((x) => x.id === c.id);
  const counters = (exists ? s.counters.map((x) => (x.id === c.id ? c : x)) : [...s.counters, c]).sort((a, b) => a.number - b.number);
  const current = { ...s.current };
  if (!c.currentTicketId) current[c.id] = null;
  else if (current[c.id] && current[c.id]!.id !== c.currentTicketId) current[c.id] = null;
  return { ...s, counters, current };
}

export function onWaiting(s: DisplayState, e: Payload<'queue:waiting'>): DisplayState {
  return { ...s, waiting: e.waiting };
}

export function onSettings(s: DisplayState, e: Payload<'settings:changed'>): DisplayState {
  return e.siteId === s.siteId ? { ...s, settings: e.settings } : s;
}

/** The newest call, the one shown large. */
export function latestCall(s: DisplayState): Call | null {
  return s.recentCalls[0] ?? null;
}

/** Services on one page of waiting counts at 1920x1080: ten rows of 28 px names. */
export const WAITING_PER_PAGE = 10;

/** The active services, in code order, cut into as few pages as fit, of even size (at least one page). */
export function waitingPages(services: Service[], perPage = WAITING_PER_PAGE): Service[][] {
  const active = services.filter((s) => s.active);
  const size = Math.ceil(active.length / Math.max(1, Math.ceil(active.length / perPage)));
  const pages: Service[][] = [];
  for (let i = 0; i < active.length; i += size) pages.push(active.slice(i, i + size));
  return pages.length ? pages : [[]];
}

export type LowerPanel = { kind: 'waiting'; page: number } | { kind: 'transparency' };

/** The panels that take turns at the lower right: every page of waiting counts, then the figures. */
export function lowerPanels(waitingPageCount: number, transparency: boolean): LowerPanel[] {
  const out: LowerPanel[] = [];
  for (let page = 0; page < Math.max(1, waitingPageCount); page++) out.push({ kind: 'waiting', page });
  if (transparency) out.push({ kind: 'transparency' });
  return out;
}
