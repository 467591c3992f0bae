// Report rows from day summaries. Definitions (docs/api.md "Reports", docs/reports.md):
//   issued   tickets issued for the service (by service/day/site); handled at the counter/officer
//   served   tickets completed; noShow: marked no-show (by hand or after the recall limit)
//   wait     first call − issue time, of tickets that were called
//   service  completion − the call that was completed, of served tickets
//   withinTargetRate  share of called tickets whose wait was at most the target
//   satisfactionRate = (very_satisfied + satisfied) / all ratings, null without ratings
// Rates are rounded to 4 decimals and durations to whole seconds here, once, so that the JSON, the
// CSV and the XLSX carry the same figures. Percentiles are nearest-rank, counted in a histogram of
// whole seconds: O(n), and equal to rounding the exact nearest-rank value (rounding keeps order).
import type { RatingLevel } from '../../common/types.js';
import type { TicketFact } from './facts.js';
import { LEVELS, NONE, summarize, type DaySummary } from './summary.js';

export type GroupBy = 'service' | 'counter' | 'officer' | 'day' | 'site';
/** `all` puts every ticket in one row (the period's total); `month` is used by series. */
export type Grouping = GroupBy | 'all' | 'month';

export const DEFAULT_TARGET_WAIT_SECONDS = 30 * 60;

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

/** Counts of whole seconds; grows as needed. */
export class SecondsHistogram {
  private a = new Uint32Array(256);
  n = 0;
  sumMs = 0;
  add(ms: number): void {
    const v = Math.max(0, Math.round(ms / 1000));
    if (v >= this.a.length) {
      let len = this.a.length * 2;
      while (len <= v) len *= 2;
      const b = new Uint32Array(len);
      b.set(this.a);
      this.a = b;
    }
    this.a[v]!++;
    this.n++;
    this.sumMs += ms;
  }
  /** Nearest-rank percentile in whole seconds, null when empty. */
  percentile(p: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.min(this.n, Math.max(1, Math.ceil((p / 100) * this.n)));
    let seen = 0;
    for (let i = 0; i < this.a.length; i++) {
      seen += this.a[i]!;
      if (seen >= rank) return i;
    }
    return null;
  }
  avgSeconds(): number | null { return this.n ? Math.round(this.sumMs / this.n / 1000) : null; }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const rate4 = (num: number, den: number): number | null => (den ? Math.round((num / den) * 10_000) / 10_000 : null);

class Acc {
  issued = 0; served = 0; noShow = 0; transferred = 0; unserved = 0; within = 0;
  waits = new SecondsHistogram();
  services = new SecondsHistogram();
  ratings: Record<RatingLevel, number> = { very_satisfied: 0, satisfied: 0, unsatisfied: 0 };
  reasons = new Map<string, number>();
}

/** Accumulates days one at a time, so that a long period can be computed in slices. */
export class Aggregator {
  private accs = new Map<string, Acc>();
  private readonly targetMs: number;
  constructor(readonly by: Grouping, targetWaitSeconds = DEFAULT_TARGET_WAIT_SECONDS) {
    this.targetMs = targetWaitSeconds * 1000;
  }

  private acc(k: string): Acc {
    let a = this.accs.get(k);
    if (!a) { a = new Acc(); this.accs.set(k, a); }
    return a;
  }

  addDay(s: DaySummary): void {
    const by = this.by;
    // Accumulators by dictionary index for this day, so that the loop does no string work.
    const cache = new Map<string, Acc>();
    const accOf = (k: string) => { let a = cache.get(k); if (!a) { a = this.acc(k); cache.set(k, a); } return a; };
    const fixed = by === 'all' ? accOf('total') : by === 'day' ? accOf(s.date) : by === 'month' ? accOf(s.date.slice(0, 7)) : by === 'site' ? accOf(s.siteId) : null;
    const dimAcc = (dict: string[], plusOne: boolean, idx: number): Acc | null => {
      const j = plusOne ? idx - 1 : idx;
      return j < 0 ? null : accOf(dict[j]!);
    };
    for (let i = 0; i < s.n; i++) {
      let issuedAcc: Acc | null, outAcc: Acc | null, rateAcc: Acc | null;
      if (fixed) { issuedAcc = outAcc = rateAcc = fixed; }
      else if (by === 'service') { issuedAcc = dimAcc(s.services, false, s.issuedSvc[i]!); outAcc = rateAcc = dimAcc(s.services, false, s.svc[i]!); }
      else if (by === 'counter') { issuedAcc = outAcc = dimAcc(s.counters, true, s.counter[i]!); rateAcc = s.rLevel[i] ? dimAcc(s.counters, true, s.rCounter[i]!) : outAcc; }
      else { issuedAcc = outAcc = dimAcc(s.officers, true, s.officer[i]!); rateAcc = s.rLevel[i] ? dimAcc(s.officers, true, s.rOfficer[i]!) : outAcc; }
      if (issuedAcc) issuedAcc.issued++;
      if (outAcc) {
        const st = s.status[i]!;
        if (st === 2) outAcc.served++;
        else if (st === 3) outAcc.noShow++;
        else outAcc.unserved++;
        if (s.transfers[i]! > 0) outAcc.transferred++;
        const fc = s.firstCalledAt[i]!;
        if (fc !== NONE) {
          const w = fc - s.issuedAt[i]!;
          outAcc.waits.add(w);
          if (w <= this.targetMs) outAcc.within++;
        }
        if (st === 2 && s.calledAt[i] !== NONE && s.doneAt[i] !== NONE) outAcc.services.add(s.doneAt[i]! - s.calledAt[i]!);
      }
      const lv = s.rLevel[i]!;
      if (lv && rateAcc) rateAcc.ratings[LEVELS[lv - 1]!]++;
    }
    // Reasons of unsatisfied ratings.
    for (let p = 0; p < s.rReasons.length; p += 2) {
      const i = s.rReasons[p]!;
      const reason = s.reasons[s.rReasons[p + 1]!]!;
      const a = fixed ?? (by === 'service' ? dimAcc(s.services, false, s.svc[i]!)
        : by === 'counter' ? dimAcc(s.counters, true, s.rCounter[i]!) : dimAcc(s.officers, true, s.rOfficer[i]!));
      if (a) a.reasons.set(reason, (a.reasons.get(reason) ?? 0) + 1);
    }
  }

  rows(labels: (key: string) => string): ReportRow[] {
    const rows: ReportRow[] = [];
    for (const [key, a] of this.accs) rows.push(rowOf(key, labels(key), a));
    return rows.sort((x, y) => (this.by === 'day' || this.by === 'month' ? x.key.localeCompare(y.key) : x.label.localeCompare(y.label, 'vi', { numeric: true })));
  }

  /** The single row of an `all` grouping (an empty one when nothing happened). */
  total(label = 'Tổng cộng / Total'): ReportRow {
    const a = this.accs.get('total') ?? new Acc();
    return rowOf('total', label, a);
  }
}

function rowOf(key: string, label: string, a: Acc): ReportRow {
  const rated = a.ratings.very_satisfied + a.ratings.satisfied + a.ratings.unsatisfied;
  return {
    key, label, issued: a.issued, served: a.served, noShow: a.noShow, transferred: a.transferred, unserved: a.unserved,
    waitAvgSeconds: a.waits.avgSeconds(), waitMedianSeconds: a.waits.percentile(50), waitP90Seconds: a.waits.percentile(90),
    serviceAvgSeconds: a.services.avgSeconds(), serviceMedianSeconds: a.services.percentile(50), serviceP90Seconds: a.services.percentile(90),
    withinTargetRate: rate4(a.within, a.waits.n),
    ratings: { ...a.ratings },
    satisfactionRate: rate4(a.ratings.very_satisfied + a.ratings.satisfied, rated),
    unsatisfiedReasons: [...a.reasons].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason, 'vi')),
  };
}

/** Rows of one day's facts (tests, and small periods): the same code as the summaries' path. */
export function aggregate(facts: TicketFact[], by: Grouping, labels: (key: string) => string, targetWaitSeconds = DEFAULT_TARGET_WAIT_SECONDS): ReportRow[] {
  const byDate = new Map<string, TicketFact[]>();
  for (const f of facts) { const l = byDate.get(f.date); if (l) l.push(f); else byDate.set(f.date, [f]); }
  const agg = new Aggregator(by, targetWaitSeconds);
  // Times are kept relative to the day's first ticket here (no time zone needed for these figures).
  for (const [date, fs] of byDate) agg.addDay(summarize('site', date, fs.reduce((m, f) => Math.min(m, f.issuedAt), Infinity), fs));
  return agg.rows(labels);
}

// ------------------------------------------------------------------ series for charts
export interface HourPoint {
  hour: number;
  issued: number;
  called: number;
  served: number;
  /** Average wait of the tickets issued in this hour that were called. */
  waitAvgSeconds: number | null;
  waitP90Seconds: number | null;
}

/** Per site-local hour of the day, summed over the days given. */
export class HourlySeries {
  private issued = new Array<number>(24).fill(0);
  private called = new Array<number>(24).fill(0);
  private served = new Array<number>(24).fill(0);
  private waits = Array.from({ length: 24 }, () => new SecondsHistogram());
  days = 0;
  addDay(s: DaySummary): void {
    if (s.n > 0) this.days++;
    const hour = (rel: number) => Math.min(23, Math.max(0, Math.floor(rel / 3_600_000)));
    for (let i = 0; i < s.n; i++) {
      const h = hour(s.issuedAt[i]!);
      this.issued[h]!++;
      const fc = s.firstCalledAt[i]!;
      if (fc !== NONE) { this.called[hour(fc)]!++; this.waits[h]!.add(fc - s.issuedAt[i]!); }
      if (s.status[i] === 2 && s.doneAt[i] !== NONE) this.served[hour(s.doneAt[i]!)]!++;
    }
  }
  points(): HourPoint[] {
    return this.issued.map((issued, hour) => ({
      hour, issued, called: this.called[hour]!, served: this.served[hour]!,
      waitAvgSeconds: this.waits[hour]!.avgSeconds(), waitP90Seconds: this.waits[hour]!.percentile(90),
    }));
  }
}
