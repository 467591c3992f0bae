// The ordering policy: which waiting ticket a counter calls next, and the estimate shown on tickets.
import type { OrderingPolicy } from '../../common/types.js';
import { issuedBefore } from './apply.js';
import { DEFAULT_SERVICE_SECONDS } from './defaults.js';
import { estimateSeconds } from './estimate.js';
import type { CounterConfig, CounterRuntime, DayState, SiteConfig, TicketRec } from './model.js';

function oldestHead(day: DayState, lists: Map<string, string[]>, serviceIds: string[]): TicketRec | null {
  let best: TicketRec | null = null;
  for (const sid of serviceIds) {
    const head = lists.get(sid)?.[0];
    if (!head) continue;
    const t = day.tickets.get(head)!;
    if (!best || issuedBefore(t, best)) best = t;
  }
  return best;
}

/**
 * The next ticket for a counter: priority tickets first, except that (1) after
 * `maxPriorityInRow` priority calls in a row a waiting normal ticket goes next, and (2) once the
 * oldest normal ticket has waited `maxWaitSeconds`, arrival order wins. Otherwise arrival order
 * across the counter's services.
 */
export function selectNext(day: DayState, counter: CounterConfig, runtime: CounterRuntime, policy: OrderingPolicy, now: number): TicketRec | null {
  const booked = dueAppointment(day, counter.serviceIds, policy, now);
  if (booked) return booked;
  const normal = oldestHead(day, day.waitingNormal, counter.serviceIds);
  const priority = oldestHead(day, day.waitingPriority, counter.serviceIds);
  if (!priority) return normal;
  if (!normal) return priority;
  if (policy.maxWaitSeconds > 0 && now - normal.issuedAt >= policy.maxWaitSeconds * 1000) {
    return issuedBefore(priority, normal) ? priority : normal;
  }
  if (policy.maxPriorityInRow > 0 && runtime.priorityStreak >= policy.maxPriorityInRow) return normal;
  return priority;
}

/**
 * A booked appointment whose slot has come (from `appointmentWindowSeconds` before it) goes ahead
 * of walk-ins, earliest slot first. One that checked in after its slot + window is late: it keeps
 * only its place by arrival, like a walk-in.
 */
export function dueAppointment(day: DayState, serviceIds: string[], policy: OrderingPolicy, now: number): TicketRec | null {
  if (day.waitingAppointments.size === 0) return null;
  const windowMs = policy.appointmentWindowSeconds * 1000;
  let best: TicketRec | null = null;
  for (const id of day.waitingAppointments) {
    const t = day.tickets.get(id)!;
    const at = t.appointmentAt!;
    if (!serviceIds.includes(t.serviceId) || now < at - windowMs || t.issuedAt > at + windowMs) continue;
    if (!best || at < best.appointmentAt! || (at === best.appointmentAt && issuedBefore(t, best))) best = t;
  }
  return best;
}

/** Waiting tickets of a counter's services in the order the counter would call them (ignoring streaks). */
export function waitingForCounter(day: DayState, serviceIds: string[]): TicketRec[] {
  const pick = (lists: Map<string, string[]>) => serviceIds.flatMap((sid) => (lists.get(sid) ?? []).map((id) => day.tickets.get(id)!));
  const byArrival = (a: TicketRec, b: TicketRec) => (issuedBefore(a, b) ? -1 : 1);
  return [...pick(day.waitingPriority).sort(byArrival), ...pick(day.waitingNormal).sort(byArrival)];
}

export function waitingCount(day: DayState, serviceId: string): number {
  return (day.waitingNormal.get(serviceId)?.length ?? 0) + (day.waitingPriority.get(serviceId)?.length ?? 0);
}

/** People ahead of a waiting ticket in its service: priority tickets ahead of everyone normal. */
export function peopleAhead(day: DayState, t: TicketRec): number {
  if (t.status !== 'waiting') return 0;
  const pri = day.waitingPriority.get(t.serviceId) ?? [];
  if (t.priority) return Math.max(0, pri.indexOf(t.id));
  const normal = day.waitingNormal.get(t.serviceId) ?? [];
  // The ticket just issued sits last: avoid the scan in the hot path.
  const idx = normal[normal.length - 1] === t.id ? normal.length - 1 : normal.indexOf(t.id);
  return pri.length + Math.max(0, idx);
}

export function averageServiceSeconds(day: DayState, serviceId: string): number {
  const s = day.serviceSeconds.get(serviceId);
  if (!s || s.length === 0) return DEFAULT_SERVICE_SECONDS;
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/**
 * Estimated wait of a waiting `ticket`, or of a ticket of `serviceId` issued now: the counters that
 * work now, played forward through the queue under this policy (server/domain/estimate.ts).
 */
export function estimateWaitSeconds(cfg: SiteConfig, day: DayState, serviceId: string, ticket?: TicketRec): number {
  return estimateSeconds(cfg, day, serviceId, ticket);
}
