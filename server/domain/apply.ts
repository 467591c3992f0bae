// Folding events into the day's state. `decide` (commands.ts) never mutates; `applyEvent` is the only
// place the day changes, so a restart that replays the log rebuilds exactly the same state.
import type { DayEvent, DayState, TicketRec } from './model.js';
import { counterRuntime } from './model.js';

const RECENT_CALLS = 20;
const SERVICE_SAMPLES = 30;
const CALL_GAP_SAMPLES = 200;

function listFor(map: Map<string, string[]>, serviceId: string): string[] {
  let l = map.get(serviceId);
  if (!l) { l = []; map.set(serviceId, l); }
  return l;
}

/** Insert keeping issue order (a transferred ticket keeps its place by issue time). */
function insertByIssue(day: DayState, list: string[], t: TicketRec): void {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = day.tickets.get(list[mid]!)!;
    if (issuedBefore(other, t)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, t.id);
}

/** Arrival order: issue time, then the number (two services can issue in the same millisecond). */
export function issuedBefore(a: TicketRec, b: TicketRec): boolean {
  return a.issuedAt < b.issuedAt || (a.issuedAt === b.issuedAt && a.number < b.number);
}

export function enqueueWaiting(day: DayState, t: TicketRec): void {
  const list = listFor(t.priority ? day.waitingPriority : day.waitingNormal, t.serviceId);
  if (list.length === 0 || day.tickets.get(list[list.length - 1]!)!.issuedAt <= t.issuedAt) list.push(t.id);
  else insertByIssue(day, list, t);
}

function removeWaiting(day: DayState, t: TicketRec): void {
  day.waitingAppointments.delete(t.id);
  const list = (t.priority ? day.waitingPriority : day.waitingNormal).get(t.serviceId);
  if (!list) return;
  // The head is by far the most common case (call next).
  if (list[0] === t.id) { list.shift(); return; }
  const i = list.indexOf(t.id);
  if (i >= 0) list.splice(i, 1);
}

function setCounter(day: DayState, counterId: string, patch: Partial<ReturnType<typeof counterRuntime>>): void {
  day.counters.set(counterId, { ...counterRuntime(day, counterId), ...patch });
}

export function applyEvent(day: DayState, e: DayEvent): void {
  day.eventCount++;
  switch (e.t) {
    case 'issued': {
      const t: TicketRec = {
        id: e.id, seq: e.seq, number: e.number, serviceId: e.serviceId, issuedServiceId: e.serviceId,
        priority: e.priority, status: 'waiting', issuedAt: e.at, recalls: 0, transfers: 0, dossierCodes: [],
        ...(e.appointmentAt ? { appointmentAt: e.appointmentAt } : {}),
        ...(e.procedureCode ? { procedureCode: e.procedureCode } : {}),
      };
      day.tickets.set(t.id, t);
      day.seqByService.set(e.serviceId, Math.max(day.seqByService.get(e.serviceId) ?? 0, e.seq));
      day.issuedByService.set(e.serviceId, (day.issuedByService.get(e.serviceId) ?? 0) + 1);
      enqueueWaiting(day, t);
      if (t.appointmentAt) day.waitingAppointments.add(t.id);
      if (e.at < day.learning.firstIssuedAt) day.learning.firstIssuedAt = e.at;
      if (e.priority) day.learning.priorityIssued.push([e.serviceId, e.at]);
      return;
    }
    case 'called': {
      const t = day.tickets.get(e.id)!;
      removeWaiting(day, t);
      t.status = 'called';
      t.calledAt = e.at;
      t.firstCalledAt ??= e.at;
      t.counterId = e.counterId;
      t.officerId = e.officerId;
      t.recalls = 0;
      const c = counterRuntime(day, e.counterId);
      const prev = c.lastCompletedTicketId ? day.tickets.get(c.lastCompletedTicketId) : undefined;
      // The counter's turnaround, when this ticket was already waiting at the last completion.
      if (prev?.doneAt !== undefined && t.issuedAt <= prev.doneAt && e.at >= prev.doneAt && !c.currentTicketId) {
        day.learning.callGaps.push((e.at - prev.doneAt) / 1000);
        if (day.learning.callGaps.length > CALL_GAP_SAMPLES) day.learning.callGaps.shift();
      }
      setCounter(day, e.counterId, { currentTicketId: t.id, priorityStreak: t.priority ? c.priorityStreak + 1 : 0 });
      pushRecent(day, t.id, e.counterId, e.at);
      return;
    }
    case 'recalled': {
      const t = day.tickets.get(e.id)!;
      t.recalls++;
      pushRecent(day, t.id, e.counterId, e.at);
      return;
    }
    case 'no_show': {
      const t = day.tickets.get(e.id)!;
      t.status = 'no_show';
      t.doneAt = e.at;
      setCounter(day, e.counterId, { currentTicketId: null });
      return;
    }
    case 'transferred': {
      const t = day.tickets.get(e.id)!;
      t.status = 'waiting';
      t.serviceId = e.to;
      // A transferred ticket queues by its issue time like any other; its slot was for the first service.
      delete t.appointmentAt;
      t.transfers++;
      delete t.counterId;
      delete t.calledAt;
      t.recalls = 0;
      enqueueWaiting(day, t);
      setCounter(day, e.counterId, { currentTicketId: null });
      return;
    }
    case 'completed': {
      const t = day.tickets.get(e.id)!;
      t.status = 'done';
      t.doneAt = e.at;
      t.officerId = e.officerId;
      if (e.dossierCode) addDossier(t, e.dossierCode);
      setCounter(day, e.counterId, { currentTicketId: null, lastCompletedTicketId: t.id });
      if (t.calledAt !== undefined) {
        const samples = day.serviceSeconds.get(t.serviceId) ?? [];
        samples.push((e.at - t.calledAt) / 1000);
        if (samples.length > SERVICE_SAMPLES) samples.shift();
        day.serviceSeconds.set(t.serviceId, samples);
      }
      return;
    }
    case 'rated': {
      const t = day.tickets.get(e.id)!;
      t.rating = { level: e.level, at: e.at };
      return;
    }
    case 'dossier_linked':
      addDossier(day.tickets.get(e.id)!, e.dossierCode);
      return;
    case 'counter_opened':
      setCounter(day, e.counterId, { status: 'open', officerId: e.officerId, officerName: e.officerName, pauseReason: null, priorityStreak: 0 });
      return;
    case 'counter_paused':
      setCounter(day, e.counterId, { status: 'paused', pauseReason: e.reason });
      return;
    case 'counter_resumed':
      setCounter(day, e.counterId, { status: 'open', pauseReason: null });
      return;
    case 'counter_closed':
      setCounter(day, e.counterId, { status: 'closed', officerId: null, officerName: null, pauseReason: null, currentTicketId: null });
      return;
    case 'cancelled': {
      const t = day.tickets.get(e.id)!;
      if (t.status === 'waiting') removeWaiting(day, t);
      t.status = 'cancelled';
      t.doneAt = e.at;
      return;
    }
  }
}

function addDossier(t: TicketRec, code: string): void {
  if (!t.dossierCodes.includes(code)) t.dossierCodes.push(code);
  t.dossierCode ??= code;
}

function pushRecent(day: DayState, ticketId: string, counterId: string, at: number): void {
  day.recentCalls.unshift({ ticketId, counterId, at });
  if (day.recentCalls.length > RECENT_CALLS) day.recentCalls.length = RECENT_CALLS;
}
