// Report rows from ticket facts. Definitions (docs/api.md, "Reports"):
//   issued   tickets issued for the service (by service/day); handled at the counter/officer
//   served   tickets completed; noShow: marked no-show (by hand or after the recall limit)
//   wait     first call − issue time, of tickets that were called
//   service  completion − the call that was completed, of served tickets
//   satisfactionRate = (very_satisfied + satisfied) / all ratings, null without ratings
import type { RatingLevel } from '../../common/types.js';
import type { TicketFact } from './facts.js';

export type GroupBy = 'service' | 'counter' | 'officer' | 'day';
/** `all` puts every ticket in one row: the period's total. */
type Grouping = GroupBy | 'all';

export interface ReportRow {
  key: string;
  label: string;
  issued: number;
  served: number;
  noShow: number;
  transferred: number;
  unserved: number;
  waitAvgSeconds: number | null;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  serviceAvgSeconds: number | null;
  serviceMedianSeconds: number | null;
  serviceP90Seconds: number | null;
  /** Share of called tickets called within the target wait (0..1), null when none was called. */
  withinTargetRate: number | null;
  ratings: Record<RatingLevel, number>;
  satisfactionRate: number | null;
  unsatisfiedReasons: { reason: string; count: number }[];
}

interface Acc {
  issued: number; served: number; noShow: number; transferred: number; unserved: number;
  waits: number[]; services: number[]; ratings: Record<RatingLevel, number>; reasons: Map<string, number>;
}

const newAcc = (): Acc => ({ issued: 0, served: 0, noShow: 0, transferred: 0, unserved: 0, waits: [], services: [], ratings: { very_satisfied: 0, satisfied: 0, unsatisfied: 0 }, reasons: new Map() });

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r1 = (x: number | null) => (x === null ? null : Math.round(x));

export function groupKeys(f: TicketFact, by: Grouping): { issuedKey: string | null; outcomeKey: string | null; ratingKey: string | null } {
  switch (by) {
    case 'service': return { issuedKey: f.issuedServiceId, outcomeKey: f.serviceId, ratingKey: f.serviceId };
    case 'day': return { issuedKey: f.date, outcomeKey: f.date, ratingKey: f.date };
    case 'all': return { issuedKey: 'total', outcomeKey: 'total', ratingKey: 'total' };
    case 'counter': return { issuedKey: f.counterId, outcomeKey: f.counterId, ratingKey: f.rating?.counterId ?? f.counterId };
    case 'officer': return { issuedKey: f.officerId, outcomeKey: f.officerId, ratingKey: f.rating?.officerId ?? f.officerId };
  }
}

export function aggregate(facts: Iterable<TicketFact>, by: Grouping, labels: (key: string) => string, targetWaitSeconds = 30 * 60): ReportRow[] {
  const accs = new Map<string, Acc>();
  const acc = (k: string) => { let a = accs.get(k); if (!a) { a = newAcc(); accs.set(k, a); } return a; };
  for (const f of facts) {
    const { issuedKey, outcomeKey, ratingKey } = groupKeys(f, by);
    if (issuedKey !== null) acc(issuedKey).issued++;
    if (outcomeKey !== null) {
      const a = acc(outcomeKey);
      if (f.status === 'done') a.served++;
      else if (f.status === 'no_show') a.noShow++;
      else a.unserved++;
      if (f.transfers > 0) a.transferred++;
      if (f.firstCalledAt !== null) a.waits.push((f.firstCalledAt - f.issuedAt) / 1000);
      if (f.status === 'done' && f.calledAt !== null && f.doneAt !== null) a.services.push((f.doneAt - f.calledAt) / 1000);
    }
    if (f.rating && ratingKey !== null) {
      const a = acc(ratingKey);
      a.ratings[f.rating.level]++;
      if (f.rating.level === 'unsatisfied') {
        for (const r of f.rating.reasons.length ? f.rating.reasons : [f.rating.comment ? '(ý kiến khác)' : '']) {
          if (r) a.reasons.set(r, (a.reasons.get(r) ?? 0) + 1);
        }
      }
    }
  }
  const rows: ReportRow[] = [];
  for (const [key, a] of accs) {
    a.waits.sort((x, y) => x - y);
    a.services.sort((x, y) => x - y);
    const rated = a.ratings.very_satisfied + a.ratings.satisfied + a.ratings.unsatisfied;
    rows.push({
      key, label: labels(key), issued: a.issued, served: a.served, noShow: a.noShow, transferred: a.transferred, unserved: a.unserved,
      waitAvgSeconds: r1(avg(a.waits)), waitMedianSeconds: r1(percentile(a.waits, 50)), waitP90Seconds: r1(percentile(a.waits, 90)),
      serviceAvgSeconds: r1(avg(a.services)), serviceMedianSeconds: r1(percentile(a.services, 50)), serviceP90Seconds: r1(percentile(a.services, 90)),
      withinTargetRate: a.waits.length ? a.waits.filter((w) => w <= targetWaitSeconds).length / a.waits.length : null,
      ratings: a.ratings,
      satisfactionRate: rated ? (a.ratings.very_satisfied + a.ratings.satisfied) / rated : null,
      unsatisfiedReasons: [...a.reasons].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count),
    });
  }
  return rows.sort((x, y) => x.label.localeCompare(y.label, 'vi', { numeric: true }));
}
