// The core's own records. Config (sites, services, counters, users, devices) changes rarely and is
// handed to the core; the day (tickets, counter seats, ratings) is the fold of the day's events.
import type { CounterStatus, Priority, RatingLevel, Service, Site } from '../../common/types.js';

export interface CounterConfig { id: string; siteId: string; number: number; name: string; serviceIds: string[] }

/** What the core needs to know of a site to decide. */
export interface SiteConfig {
  site: Site;
  services: Map<string, Service>;
  counters: Map<string, CounterConfig>;
}

export type Actor =
  | { kind: 'user'; id: string; name: string; role: 'admin' | 'officer'; siteIds: string[] }
  | { kind: 'device'; id: string; deviceKind: 'kiosk' | 'display' | 'pad'; siteId: string; counterId: string | null; name: string }
  | { kind: 'ticket'; ticketId: string }
  /** Another system (the one-stop software) with an integration key: its sites and scopes only. */
  | { kind: 'integration'; id: string; name: string; siteIds: string[]; scopes: IntegrationScope[] }
  | { kind: 'system' };

/** What an integration key may do (docs/integration.md). */
export const INTEGRATION_SCOPES = ['events:read', 'tickets:issue', 'tickets:link', 'reports:read'] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

/**
 * Whether an integration may act with `scope` at `siteId`: 'ok', or the error that refuses it
 * (a scope it lacks is `forbidden`, a site outside its list `wrong_site`; both 403).
 */
export function integrationAllows(actor: Actor & { kind: 'integration' }, scope: IntegrationScope, siteId: string | null): 'ok' | 'forbidden' | 'wrong_site' {
  if (!actor.scopes.includes(scope)) return 'forbidden';
  if (siteId !== null && !actor.siteIds.includes(siteId)) return 'wrong_site';
  return 'ok';
}

/** Events as persisted in the day's log; `at` is epoch milliseconds. */
export type DayEvent =
  | { t: 'issued'; at: number; id: string; seq: number; number: string; serviceId: string; priority: Priority | null; by: string; appointmentAt?: number; procedureCode?: string }
  | { t: 'called'; at: number; id: string; counterId: string; officerId: string; manual?: boolean }
  | { t: 'recalled'; at: number; id: string; counterId: string }
  | { t: 'no_show'; at: number; id: string; counterId: string; auto?: boolean }
  | { t: 'transferred'; at: number; id: string; counterId: string; officerId: string; from: string; to: string }
  | { t: 'completed'; at: number; id: string; counterId: string; officerId: string; dossierCode?: string }
  | { t: 'rated'; at: number; id: string; ratingId: string; counterId: string; officerId: string | null; deviceId: string; level: RatingLevel; reasons: string[]; comment: string | null;
      /** What the rating is about (the one-stop link); absent in logs written before it. */
      dossierCodes?: string[]; procedureCode?: string | null; agencyCode?: string | null }
  /** A dossier code (mã hồ sơ) attached to a ticket; `by` is "user:<id>" or another actor's label. */
  | { t: 'dossier_linked'; at: number; id: string; dossierCode: string; by: string }
  | { t: 'counter_opened'; at: number; counterId: string; officerId: string; officerName: string }
  | { t: 'counter_paused'; at: number; counterId: string; reason: string }
  | { t: 'counter_resumed'; at: number; counterId: string }
  | { t: 'counter_closed'; at: number; counterId: string; by: string }
  | { t: 'cancelled'; at: number; id: string; by: string; reason: string };

export interface TicketRec {
  id: string;
  seq: number;
  number: string;
  serviceId: string;
  /** The service it was issued for (transfers change serviceId, not this). */
  issuedServiceId: string;
  priority: Priority | null;
  status: 'waiting' | 'called' | 'done' | 'no_show' | 'cancelled';
  issuedAt: number;
  calledAt?: number;
  firstCalledAt?: number;
  doneAt?: number;
  counterId?: string;
  officerId?: string;
  recalls: number;
  transfers: number;
  /** The first of dossierCodes (v1 field). */
  dossierCode?: string;
  dossierCodes: string[];
  procedureCode?: string;
  rating?: { level: RatingLevel; at: number };
  appointmentAt?: number;
}

export interface CounterRuntime {
  status: CounterStatus;
  officerId: string | null;
  officerName: string | null;
  pauseReason: string | null;
  currentTicketId: string | null;
  /** Priority calls in a row at this counter (the anti-starvation rule). */
  priorityStreak: number;
  lastCompletedTicketId: string | null;
}

export interface RecentCall { ticketId: string; counterId: string; at: number }

export interface DayState {
  siteId: string;
  date: string;
  tickets: Map<string, TicketRec>;
  /** Last sequence number per service letter (numbering is per service per day). */
  seqByService: Map<string, number>;
  /** Tickets issued per service (for the daily cap; transfers do not count). */
  issuedByService: Map<string, number>;
  /** Waiting ticket ids per service, ordered by issue time; normal and priority apart. */
  waitingNormal: Map<string, string[]>;
  waitingPriority: Map<string, string[]>;
  /** Waiting tickets of booked appointments (checked in at the kiosk), by id. */
  waitingAppointments: Set<string>;
  counters: Map<string, CounterRuntime>;
  recentCalls: RecentCall[];
  /** Service durations (called → done) per service, the most recent last, for estimates. */
  serviceSeconds: Map<string, number[]>;
  eventCount: number;
  /**
   * What the wait estimate learns from, kept by applyEvent so that a replay after a restart
   * rebuilds it exactly: the first issue time, priority issues [serviceId, at], and the officers'
   * turnaround (seconds from a completion to the counter's next call while tickets were waiting).
   */
  learning: { firstIssuedAt: number; priorityIssued: [string, number][]; callGaps: number[] };
}

export function emptyDay(siteId: string, date: string): DayState {
  return {
    siteId, date, tickets: new Map(), seqByService: new Map(), issuedByService: new Map(),
    waitingNormal: new Map(), waitingPriority: new Map(), waitingAppointments: new Set(), counters: new Map(), recentCalls: [],
    serviceSeconds: new Map(), eventCount: 0,
    learning: { firstIssuedAt: Infinity, priorityIssued: [], callGaps: [] },
  };
}

export function counterRuntime(day: DayState, counterId: string): CounterRuntime {
  return day.counters.get(counterId) ?? {
    status: 'closed', officerId: null, officerName: null, pauseReason: null, currentTicketId: null,
    priorityStreak: 0, lastCompletedTicketId: null,
  };
}
