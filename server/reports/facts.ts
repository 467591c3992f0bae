// From a day's events to one compact fact per ticket: what reports are computed from.
import { hadValue } from '../privacy/seal.js';
import type { Priority, RatingLevel } from '../../common/types.js';
import type { DayEvent } from '../domain/model.js';

export interface TicketFact {
  id: string;
  number: string;
  date: string;
  /** The service the ticket was issued for, and the one it ended in (after transfers). */
  issuedServiceId: string;
  serviceId: string;
  priority: Priority | null;
  status: 'waiting' | 'called' | 'done' | 'no_show' | 'cancelled';
  issuedAt: number;
  firstCalledAt: number | null;
  calledAt: number | null;
  doneAt: number | null;
  /** The counter and officer that last handled it (completed, no-show or still called). */
  counterId: string | null;
  officerId: string | null;
  transfers: number;
  recalls: number;
  rating: { level: RatingLevel; reasons: string[]; comment: string | null; counterId: string; officerId: string | null } | null;
}

/** Folds events one at a time (a live day is read incrementally as its log grows). */
export class FactsBuilder {
  private byId = new Map<string, TicketFact>();
  constructor(readonly date: string) {}

  add(e: DayEvent): void {
    const byId = this.byId;
    switch (e.t) {
      case 'issued':
        byId.set(e.id, {
          id: e.id, number: e.number, date: this.date, issuedServiceId: e.serviceId, serviceId: e.serviceId, priority: e.priority,
          status: 'waiting', issuedAt: e.at, firstCalledAt: null, calledAt: null, doneAt: null, counterId: null,
          officerId: null, transfers: 0, recalls: 0, rating: null,
        });
        break;
      case 'called': {
        const f = byId.get(e.id);
        if (!f) break;
        f.status = 'called';
        f.calledAt = e.at;
        f.firstCalledAt ??= e.at;
        f.counterId = e.counterId;
        f.officerId = e.officerId;
        break;
      }
      case 'recalled': { const f = byId.get(e.id); if (f) f.recalls++; break; }
      case 'no_show': { const f = byId.get(e.id); if (f) { f.status = 'no_show'; f.doneAt = e.at; } break; }
      case 'transferred': { const f = byId.get(e.id); if (f) { f.status = 'waiting'; f.serviceId = e.to; f.transfers++; } break; }
      case 'completed': { const f = byId.get(e.id); if (f) { f.status = 'done'; f.doneAt = e.at; f.officerId = e.officerId; f.counterId = e.counterId; } break; }
      case 'cancelled': { const f = byId.get(e.id); if (f) { f.status = 'cancelled'; f.doneAt = e.at; } break; }
      case 'rated': {
        const f = byId.get(e.id);
        // Reports only count that a comment was given; a sealed one is not resolved (server/privacy).
        if (f) f.rating = { level: e.level, reasons: e.reasons, comment: hadValue(e, 'comment') ? (e.comment ?? SEALED) : null, counterId: e.counterId, officerId: e.officerId };
        break;
      }
      default:
        break;
    }
  }

  facts(): TicketFact[] { return [...this.byId.values()]; }
  get size(): number { return this.byId.size; }
}

export function factsOfDay(date: string, events: Iterable<DayEvent>): TicketFact[] {
  const b = new FactsBuilder(date);
  for (const e of events) b.add(e);
  return b.facts();
}

/** The comment of a rating whose text is in the vault, as far as reports are concerned. */
const SEALED = '(sealed)';
