// Whether a service issues tickets now, as the kiosk shows it. The hub decides (its 409 codes are
// remembered here); the kiosk only shows the likely state ahead of a touch, from the snapshot's
// service flags and hours and the site's clock, so that a closed service is greyed, not hidden.
import type { Service } from '../common/types.js';
import type { LocalTime } from '../common/ui/site-clock.js';

export type Availability =
  | { state: 'open' }
  | { state: 'inactive' }
  | { state: 'cap' }
  | { state: 'closed_day' }
  | { state: 'outside_hours'; opensAt: string | null };

/** A refusal the hub gave for a service: `date` = the local day it holds for (cap), or until `untilMs`. */
export interface Refusal { code: string; date: string; untilMs: number }

/** The hub's 409 codes that say a service cannot issue now. */
export const REFUSAL_CODES = ['daily_cap_reached', 'outside_hours', 'closed_day', 'service_inactive'] as const;

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * `hubBlock`: what the hub's issue-state said for the service (null = issuing; undefined = not
 * known yet); `refusal`: a 409 the hub gave to this kiosk's last attempt.
 */
export function serviceAvailability(service: Service, now: LocalTime, refusal?: Refusal, nowMs = Date.now(), hubBlock?: string | null): Availability {
  if (!service.active) return { state: 'inactive' };
  // What the hub said wins while it holds: a cap for the rest of the local day, the rest briefly.
  if (refusal) {
    if (refusal.code === 'daily_cap_reached' && refusal.date === now.date) return { state: 'cap' };
    if (refusal.code !== 'daily_cap_reached' && nowMs < refusal.untilMs) {
      if (refusal.code === 'service_inactive') return { state: 'inactive' };
      if (refusal.code === 'closed_day') return { state: 'closed_day' };
      if (refusal.code === 'outside_hours') return { state: 'outside_hours', opensAt: nextStart(service, now) };
    }
  }
  if (hubBlock !== undefined) return fromCode(hubBlock, service, now);
  const h = service.hours;
  if (!h) return { state: 'open' };
  if (h.closedDates?.includes(now.date)) return { state: 'closed_day' };
  if (h.weekdays && h.weekdays.length > 0 && !h.weekdays.includes(now.weekday)) return { state: 'closed_day' };
  if (!h.sessions || h.sessions.length === 0) return { state: 'open' };
  for (const s of h.sessions) {
    if (now.minutes >= toMinutes(s.start) && now.minutes < toMinutes(s.end)) return { state: 'open' };
  }
  return { state: 'outside_hours', opensAt: nextStart(service, now) };
}

function fromCode(code: string | null, service: Service, now: LocalTime): Availability {
  switch (code) {
    case null: return { state: 'open' };
    case 'daily_cap_reached': return { state: 'cap' };
    case 'closed_day': return { state: 'closed_day' };
    case 'outside_hours': return { state: 'outside_hours', opensAt: nextStart(service, now) };
    default: return { state: 'inactive' };
  }
}

/** The start of the next issuing session later today, "HH:MM", or null. */
function nextStart(service: Service, now: LocalTime): string | null {
  const starts = (service.hours?.sessions ?? []).map((s) => s.start).filter((s) => toMinutes(s) > now.minutes);
  starts.sort((a, b) => toMinutes(a) - toMinutes(b));
  return starts[0] ?? null;
}
