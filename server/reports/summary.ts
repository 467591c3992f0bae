// One site-day of ticket facts in a compact, columnar form: what a report reads. A finished day's
// summary is computed once (at day close, or the first time a report needs it) and kept in
// <data>/reports/<siteId>/<date>.json; it is derived data, rebuilt from the day log when missing
// or when the log's size no longer matches. Times are milliseconds after the site-local midnight.
import type { RatingLevel, TicketStatus } from '../../common/types.js';
import { localParts } from '../domain/time.js';
import type { TicketFact } from './facts.js';

export const NONE = -2147483648;
export const STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'done', 'no_show', 'cancelled'];
export const LEVELS: readonly RatingLevel[] = ['very_satisfied', 'satisfied', 'unsatisfied'];
/** The reason counted for an unsatisfied rating that gave only a comment. */
export const COMMENT_REASON = '(ý kiến khác)';
const PRIORITY_CODES = ['elderly', 'disability', 'pregnant', 'child', 'merit'] as const;

export interface DaySummary {
  siteId: string;
  date: string;
  /** Epoch ms of the site-local midnight that starts the day. */
  dayStartMs: number;
  /** The log it was computed from: its size in bytes and the hash of its last line. */
  source: { size: number; lastHash: string };
  services: string[];
  counters: string[];
  officers: string[];
  reasons: string[];
  n: number;
  issuedAt: Int32Array;
  firstCalledAt: Int32Array;
  calledAt: Int32Array;
  doneAt: Int32Array;
  issuedSvc: Uint16Array;
  svc: Uint16Array;
  /** Index + 1 into `counters` / `officers`; 0 = none. */
  counter: Uint16Array;
  officer: Uint16Array;
  /** Index into STATUSES. */
  status: Uint8Array;
  transfers: Uint8Array;
  recalls: Uint8Array;
  /** 0 = none, else index + 1 of the priority group. */
  priority: Uint8Array;
  /** 0 = not rated, else index + 1 into LEVELS. */
  rLevel: Uint8Array;
  rCounter: Uint16Array;
  rOfficer: Uint16Array;
  /** Pairs [ticket index, reason index] of unsatisfied ratings. */
  rReasons: Int32Array;
}

const INT32 = ['issuedAt', 'firstCalledAt', 'calledAt', 'doneAt', 'rReasons'] as const;
const UINT16 = ['issuedSvc', 'svc', 'counter', 'officer', 'rCounter', 'rOfficer'] as const;
const UINT8 = ['status', 'transfers', 'recalls', 'priority', 'rLevel'] as const;

/** Epoch ms of local midnight at the start of `date` in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let start = guess - localParts(guess, timeZone).offsetMinutes * 60_000;
  start = guess - localParts(start, timeZone).offsetMinutes * 60_000;
  return start;
}

class Dict {
  readonly list: string[] = [];
  private idx = new Map<string, number>();
  of(s: string): number {
    let i = this.idx.get(s);
    if (i === undefined) { i = this.list.length; this.list.push(s); this.idx.set(s, i); }
    return i;
  }
}

/** Compact a day's facts. */
export function summarize(siteId: string, date: string, dayStartMs: number, facts: TicketFact[], source = { size: 0, lastHash: '' }): DaySummary {
  const n = facts.length;
  const services = new Dict(), counters = new Dict(), officers = new Dict(), reasons = new Dict();
  const s: DaySummary = {
    siteId, date, dayStartMs, source, services: services.list, counters: counters.list, officers: officers.list, reasons: reasons.list, n,
    issuedAt: new Int32Array(n), firstCalledAt: new Int32Array(n), calledAt: new Int32Array(n), doneAt: new Int32Array(n),
    issuedSvc: new Uint16Array(n), svc: new Uint16Array(n), counter: new Uint16Array(n), officer: new Uint16Array(n),
    status: new Uint8Array(n), transfers: new Uint8Array(n), recalls: new Uint8Array(n), priority: new Uint8Array(n),
    rLevel: new Uint8Array(n), rCounter: new Uint16Array(n), rOfficer: new Uint16Array(n), rReasons: new Int32Array(0),
  };
  const rel = (t: number | null) => (t === null ? NONE : t - dayStartMs);
  const pairs: number[] = [];
  facts.forEach((f, i) => {
    s.issuedAt[i] = rel(f.issuedAt);
    s.firstCalledAt[i] = rel(f.firstCalledAt);
    s.calledAt[i] = rel(f.calledAt);
    s.doneAt[i] = rel(f.doneAt);
    s.issuedSvc[i] = services.of(f.issuedServiceId);
    s.svc[i] = services.of(f.serviceId);
    s.counter[i] = f.counterId === null ? 0 : counters.of(f.counterId) + 1;
    s.officer[i] = f.officerId === null ? 0 : officers.of(f.officerId) + 1;
    s.status[i] = STATUSES.indexOf(f.status);
    s.transfers[i] = Math.min(255, f.transfers);
    s.recalls[i] = Math.min(255, f.recalls);
    s.priority[i] = f.priority ? PRIORITY_CODES.indexOf(f.priority) + 1 : 0;
    if (f.rating) {
      s.rLevel[i] = LEVELS.indexOf(f.rating.level) + 1;
      s.rCounter[i] = counters.of(f.rating.counterId) + 1;
      s.rOfficer[i] = f.rating.officerId === null ? 0 : officers.of(f.rating.officerId) + 1;
      if (f.rating.level === 'unsatisfied') {
        const rs = f.rating.reasons.length ? f.rating.reasons : f.rating.comment ? [COMMENT_REASON] : [];
        for (const r of rs) pairs.push(i, reasons.of(r));
      }
    }
  });
  s.rReasons = Int32Array.from(pairs);
  return s;
}

export function summaryToJson(s: DaySummary): string {
  const cols: Record<string, number[]> = {};
  for (const k of [...INT32, ...UINT16, ...UINT8]) cols[k] = Array.from(s[k]);
  return JSON.stringify({
    v: 1, siteId: s.siteId, date: s.date, dayStartMs: s.dayStartMs, source: s.source,
    services: s.services, counters: s.counters, officers: s.officers, reasons: s.reasons, n: s.n, cols,
  });
}

export function summaryFromJson(text: string): DaySummary | null {
  const o = JSON.parse(text) as { v: number; cols: Record<string, number[]> } & Omit<DaySummary, (typeof INT32)[number] | (typeof UINT16)[number] | (typeof UINT8)[number]>;
  if (o.v !== 1) return null;
  const s = { siteId: o.siteId, date: o.date, dayStartMs: o.dayStartMs, source: o.source, services: o.services, counters: o.counters, officers: o.officers, reasons: o.reasons, n: o.n } as DaySummary;
  for (const k of INT32) s[k] = Int32Array.from(o.cols[k] ?? []);
  for (const k of UINT16) s[k] = Uint16Array.from(o.cols[k] ?? []);
  for (const k of UINT8) s[k] = Uint8Array.from(o.cols[k] ?? []);
  return s;
}
