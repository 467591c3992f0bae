// Reports over any period: read the site's day logs (today from memory), turn them into ticket
// facts, aggregate. Finished days never change, so their facts are cached.
import { DomainError } from '../../common/errors.js';
import type { Hub } from '../app/hub.js';
import type { Actor, DayEvent } from '../domain/model.js';
import { dateRange } from '../domain/time.js';
import { parse } from '../app/validate.js';
import { aggregate, type GroupBy, type ReportRow } from './aggregate.js';
import { factsOfDay, type TicketFact } from './facts.js';

const MAX_DAYS = 400;
const CACHE_DAYS = 800;

export class Reports {
  private cache = new Map<string, TicketFact[]>();
  constructor(private hub: Hub) {}

  /** Facts of one site-day: from the live day for today, else from its (finished) log. */
  async dayFacts(siteId: string, date: string): Promise<TicketFact[]> {
    const live = this.hub.dayOf(siteId);
    if (live && live.date === date) {
      const events = await this.hub.store.readDay<DayEvent>(siteId, date);
      return factsOfDay(date, events ?? []);
    }
    const key = `${siteId}/${date}`;
    const hit = this.cache.get(key);
    if (hit) { this.cache.delete(key); this.cache.set(key, hit); return hit; }
    const events = await this.hub.store.readDay<DayEvent>(siteId, date);
    const facts = factsOfDay(date, events ?? []);
    if (date < (live?.date ?? '9999')) {
      this.cache.set(key, facts);
      if (this.cache.size > CACHE_DAYS) this.cache.delete(this.cache.keys().next().value!);
    }
    return facts;
  }

  async facts(siteId: string, from: string, to: string): Promise<TicketFact[]> {
    const days = new Set(await this.hub.store.listDays(siteId));
    const out: TicketFact[] = [];
    for (const date of dateRange(from, to)) {
      if (!days.has(date)) continue;
      for (const f of await this.dayFacts(siteId, date)) out.push(f);
    }
    return out;
  }

  async report(actor: Actor, query: unknown): Promise<{ siteId: string; from: string; to: string; groupBy: GroupBy; rows: ReportRow[]; total: ReportRow }> {
    const q = parse('report', query);
    this.hub.assertAdmin(actor, q.siteId);
    const cfg = this.hub.siteConfigOf(q.siteId);
    if (!cfg) throw new DomainError('site_not_found', 'siteId');
    if (q.from > q.to) throw new DomainError('invalid_input', 'from', { field: 'from' });
    if (dateRange(q.from, q.to).length > MAX_DAYS) throw new DomainError('invalid_input', 'to', { field: 'to' });
    const facts = await this.facts(q.siteId, q.from, q.to);
    const users = new Map(this.hub.configData.users.map((u) => [u.id, u.name]));
    const label = (key: string): string => {
      switch (q.groupBy) {
        case 'service': { const s = cfg.services.get(key); return s ? `${s.code} – ${s.name.vi}` : key; }
        case 'counter': { const c = cfg.counters.get(key); return c ? c.name : key; }
        case 'officer': return users.get(key) ?? key;
        case 'day': return key;
      }
    };
    const rows = aggregate(facts, q.groupBy, label);
    const total = aggregate(facts, 'all', () => 'Tổng cộng / Total')[0] ?? emptyTotal();
    return { siteId: q.siteId, from: q.from, to: q.to, groupBy: q.groupBy, rows, total };
  }
}

function emptyTotal(): ReportRow {
  return {
    key: 'total', label: 'Tổng cộng / Total', issued: 0, served: 0, noShow: 0, transferred: 0, unserved: 0, waitAvgSeconds: null,
    waitMedianSeconds: null, waitP90Seconds: null, serviceAvgSeconds: null, serviceMedianSeconds: null, serviceP90Seconds: null,
    withinTargetRate: null, ratings: { very_satisfied: 0, satisfied: 0, unsatisfied: 0 }, satisfactionRate: null, unsatisfiedReasons: [],
  };
}
