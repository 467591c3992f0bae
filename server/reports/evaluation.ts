// Evaluation reports (đánh giá cán bộ, đơn vị): the satisfaction ratings of a period grouped per
// officer, per unit (site, with its agency code), per procedure or per field (lĩnh vực), and the
// listing of every rated ticket with its dossier codes: the shape a province's evaluation of
// officers takes as input (domain-vn.md "Procedures and dossiers"; docs/integration.md).
//
// It reads the day logs through the store port (readDay), so it runs on any store, and folds each
// day into one fact per served ticket; the event loop is given back between days. The figures:
// served = tickets completed; rated = of those, the ones rated; satisfactionRate = (very_satisfied +
// satisfied) / rated, as in the queue reports; dossiers = distinct dossier codes on served tickets.
import { z } from 'zod';
import { DomainError } from '../../common/errors.js';
import type { Lang, RatingLevel } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import { integrationAllows, type Actor, type DayEvent } from '../domain/model.js';
import { dateRange, isoLocal } from '../domain/time.js';
import { hadValue } from '../privacy/seal.js';
import { MAX_DAYS } from './engine.js';
import { assertReportReader } from './reports.js';
import { yieldNow } from './day-reader.js';

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d);
const common = {
  /** Absent: every site the caller may read (a province's whole evaluation). */
  siteId: id.optional(), from: date, to: date,
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  csv: z.enum(['vi', 'default']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
};
export const EVALUATION_GROUPS = ['officer', 'site', 'procedure', 'field'] as const;
export type EvaluationGroup = (typeof EVALUATION_GROUPS)[number];
export const evaluationQuery = z.object({ ...common, groupBy: z.enum(EVALUATION_GROUPS).default('officer') });
export const evaluationDossiersQuery = z.object({
  ...common,
  /** `ticket`: one row per rated ticket (its codes together); `dossier`: one row per rated dossier code. */
  rows: z.enum(['ticket', 'dossier']).default('ticket'),
  level: z.enum(['very_satisfied', 'satisfied', 'unsatisfied']).optional(),
  officerId: id.optional(),
  /** JSON pages (CSV and XLSX carry every row). */
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

const LEVELS: RatingLevel[] = ['very_satisfied', 'satisfied', 'unsatisfied'];
export type Ratings = Record<RatingLevel, number>;

/** One served ticket of the period, as the evaluation sees it. */
export interface ServedFact {
  siteId: string;
  date: string;
  ticketId: string;
  number: string;
  serviceId: string;
  counterId: string;
  officerId: string;
  doneAt: number;
  dossierCodes: string[];
  procedureCode: string | null;
  rating: { level: RatingLevel; reasons: string[]; hasComment: boolean; at: number; agencyCode: string | null } | null;
}

/** Fold one day's events into its served tickets (completed), in completion order. */
export function servedOfDay(siteId: string, date: string, events: Iterable<DayEvent>): ServedFact[] {
  const tickets = new Map<string, { number: string; serviceId: string; procedureCode: string | null; codes: string[]; fact: ServedFact | null }>();
  const out: ServedFact[] = [];
  const addCode = (codes: string[], c: string | undefined) => { if (c && !codes.includes(c)) codes.push(c); };
  for (const e of events) {
    switch (e.t) {
      case 'issued': tickets.set(e.id, { number: e.number, serviceId: e.serviceId, procedureCode: e.procedureCode ?? null, codes: [], fact: null }); break;
      case 'transferred': { const t = tickets.get(e.id); if (t) t.serviceId = e.to; break; }
      case 'dossier_linked': { const t = tickets.get(e.id); if (t) addCode(t.codes, e.dossierCode); break; }
      case 'completed': {
        const t = tickets.get(e.id);
        if (!t) break;
        addCode(t.codes, e.dossierCode);
        t.fact = {
          siteId, date, ticketId: e.id, number: t.number, serviceId: t.serviceId, counterId: e.counterId, officerId: e.officerId,
          doneAt: e.at, dossierCodes: t.codes, procedureCode: t.procedureCode, rating: null,
        };
        out.push(t.fact);
        break;
      }
      case 'rated': {
        const t = tickets.get(e.id);
        if (!t?.fact) break;
        for (const c of e.dossierCodes ?? []) addCode(t.codes, c);
        t.procedureCode ??= e.procedureCode ?? null;
        t.fact.procedureCode = t.procedureCode;
        t.fact.rating = { level: e.level, reasons: e.reasons, hasComment: hadValue(e, 'comment'), at: e.at, agencyCode: e.agencyCode ?? null };
        break;
      }
      default: break;
    }
  }
  return out;
}

export interface EvaluationRow {
  key: string;
  label: string;
  /** officer: the account's username; procedure: the field's name; site: the site's name. */
  detail: string | null;
  agencyCodes: string[];
  served: number;
  rated: number;
  /** rated / served, null without served tickets. */
  ratedRate: number | null;
  dossiers: number;
  ratings: Ratings;
  satisfactionRate: number | null;
  unsatisfiedReasons: { reason: string; count: number }[];
}

/** One rated ticket (or one rated dossier code with `rows=dossier`) of the listing. */
export interface RatedItem {
  date: string;
  ratedAt: string;
  siteId: string;
  siteName: string;
  agencyCode: string | null;
  ticketId: string;
  ticketNumber: string;
  dossierCodes: string[];
  procedureCode: string | null;
  procedureName: string | null;
  field: { code: string; name: string } | null;
  service: { id: string; code: string; name: string } | null;
  officer: { id: string; username: string | null; name: string | null };
  counter: { id: string; number: number | null; name: string | null };
  level: RatingLevel;
  reasons: string[];
  /** A comment was given (its text is personal data, kept in the vault: never exported here). */
  hasComment: boolean;
}

export interface Evaluation {
  siteId: string | null;
  siteName: string;
  from: string;
  to: string;
  groupBy: EvaluationGroup;
  rows: EvaluationRow[];
  total: EvaluationRow;
  generatedAt: string;
}

export interface EvaluationListing {
  siteId: string | null;
  siteName: string;
  from: string;
  to: string;
  rows: 'ticket' | 'dossier';
  total: number;
  offset: number;
  items: RatedItem[];
  generatedAt: string;
}

class Acc {
  served = 0; rated = 0; ratings: Ratings = { very_satisfied: 0, satisfied: 0, unsatisfied: 0 };
  dossiers = new Set<string>(); agencies = new Set<string>(); reasons = new Map<string, number>();
  add(f: ServedFact, agency: string | null): void {
    this.served++;
    for (const c of f.dossierCodes) this.dossiers.add(c);
    if (agency) this.agencies.add(agency);
    if (!f.rating) return;
    this.rated++;
    this.ratings[f.rating.level]++;
    if (f.rating.level === 'unsatisfied') for (const r of f.rating.reasons) this.reasons.set(r, (this.reasons.get(r) ?? 0) + 1);
  }
  row(key: string, label: string, detail: string | null): EvaluationRow {
    const round = (x: number) => Math.round(x * 10_000) / 10_000;
    return {
      key, label, detail, agencyCodes: [...this.agencies].sort(), served: this.served, rated: this.rated,
      ratedRate: this.served ? round(this.rated / this.served) : null, dossiers: this.dossiers.size, ratings: { ...this.ratings },
      satisfactionRate: this.rated ? round((this.ratings.very_satisfied + this.ratings.satisfied) / this.rated) : null,
      unsatisfiedReasons: [...this.reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason, 'vi')),
    };
  }
}

const NONE = '';

export class Evaluations {
  constructor(private hub: Hub) {}

  private parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
    return parseWith(schema, input, 'query');
  }

  /** The sites of the query the actor may read (admins of them, keys with reports:read). */
  private sitesOf(actor: Actor, siteId: string | undefined): string[] {
    if (siteId) {
      if (!this.hub.siteConfigOf(siteId)) {
        // A key or admin of other sites learns nothing of which ids exist.
        if (actor.kind === 'integration') { const r = integrationAllows(actor, 'reports:read', siteId); if (r !== 'ok') throw new DomainError(r); }
        else this.hub.assertAdmin(actor);
        throw new DomainError('site_not_found', 'siteId');
      }
      this.assertReader(actor, siteId);
      return [siteId];
    }
    this.assertReader(actor, null);
    const all = this.hub.configData.sites.map((s) => s.id);
    return actor.kind === 'integration' ? all.filter((s) => actor.siteIds.includes(s)) : all.filter((s) => this.hub.canSeeSite(actor, s));
  }

  private assertReader(actor: Actor, siteId: string | null): void { assertReportReader(this.hub, actor, siteId); }

  private checkPeriod(from: string, to: string): void {
    if (from > to) throw new DomainError('invalid_input', 'from', { field: 'from' });
    if (dateRange(from, to).length > MAX_DAYS) throw new DomainError('invalid_input', 'to', { field: 'to' });
  }

  /** Every served ticket of the sites in [from, to], day by day (the event loop back between days). */
  async served(siteIds: string[], from: string, to: string): Promise<ServedFact[]> {
    const out: ServedFact[] = [];
    for (const siteId of siteIds) {
      const days = (await this.hub.store.listDays(siteId)).filter((d) => d >= from && d <= to);
      for (const d of days) {
        const events = await this.hub.store.readDay<DayEvent>(siteId, d);
        if (events) for (const f of servedOfDay(siteId, d, events)) out.push(f);
        await yieldNow();
      }
    }
    return out;
  }

  private timeZone(siteId: string | null | undefined): string {
    return (siteId && this.hub.siteConfigOf(siteId)?.site.timeZone) || this.hub.configData.sites[0]?.timeZone || 'Asia/Ho_Chi_Minh';
  }

  private agencyOf(f: ServedFact): string | null {
    return f.rating?.agencyCode ?? this.hub.siteConfigOf(f.siteId)?.site.agencyCode ?? null;
  }

  /** The field (lĩnh vực) of a ticket: its procedure's; else the one field mapped to its service. */
  private fieldResolver(): (f: ServedFact) => { code: string; name: string } | null {
    const byService = new Map<string, { code: string; name: string } | null>();
    return (f) => {
      if (f.procedureCode) {
        const p = this.hub.procedures.describe(f.siteId, f.procedureCode);
        if (p) return p.field;
      }
      const key = `${f.siteId}/${f.serviceId}`;
      if (!byService.has(key)) {
        let fields: { code: string; name: string; serviceId: string | null }[] = [];
        try { fields = this.hub.procedures.fields(f.siteId).filter((x) => x.serviceId === f.serviceId); } catch { fields = []; }
        byService.set(key, fields.length === 1 ? { code: fields[0]!.code, name: fields[0]!.name } : null);
      }
      return byService.get(key)!;
    };
  }

  private users(): Map<string, { username: string; name: string }> {
    return new Map(this.hub.configData.users.map((u) => [u.id, { username: u.username, name: u.name }]));
  }

  async evaluation(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<Evaluation & { format: 'json' | 'csv' | 'xlsx'; csv: 'vi' | 'default'; lang: Lang; listing: RatedItem[] }> {
    const q = this.parse(evaluationQuery, query);
    const lang = q.lang ?? fallbackLang;
    this.checkPeriod(q.from, q.to);
    const siteIds = this.sitesOf(actor, q.siteId);
    const facts = await this.served(siteIds, q.from, q.to);
    const users = this.users();
    const fieldOf = this.fieldResolver();
    const none = lang === 'en'
      ? { procedure: '(no procedure)', field: '(no field)', officer: '(unknown officer)' }
      : { procedure: '(không có thủ tục)', field: '(chưa rõ lĩnh vực)', officer: '(không rõ cán bộ)' };
    const groups = new Map<string, { acc: Acc; label: string; detail: string | null }>();
    const total = new Acc();
    for (const f of facts) {
      const agency = this.agencyOf(f);
      total.add(f, agency);
      let key: string, label: string, detail: string | null = null;
      switch (q.groupBy) {
        case 'officer': { const u = users.get(f.officerId); key = f.officerId; label = u?.name ?? none.officer; detail = u?.username ?? null; break; }
        case 'site': key = f.siteId; label = this.hub.siteConfigOf(f.siteId)?.site.name ?? f.siteId; break;
        case 'procedure': {
          key = f.procedureCode ?? NONE;
          const p = f.procedureCode ? this.hub.procedures.describe(f.siteId, f.procedureCode) : null;
          label = f.procedureCode ? (p?.name ?? f.procedureCode) : none.procedure;
          detail = p?.field.name ?? null;
          break;
        }
        case 'field': { const fl = fieldOf(f); key = fl?.code ?? NONE; label = fl?.name ?? none.field; break; }
      }
      let g = groups.get(key);
      if (!g) { g = { acc: new Acc(), label, detail }; groups.set(key, g); }
      g.acc.add(f, agency);
    }
    // Named groups in Vietnamese alphabetical order; the "none" group last.
    const rows = [...groups].map(([k, g]) => g.acc.row(k, g.label, g.detail))
      .sort((a, b) => (a.key === NONE ? 1 : 0) - (b.key === NONE ? 1 : 0) || a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key));
    const siteId = q.siteId ?? null;
    return {
      siteId, siteName: siteId ? this.hub.siteConfigOf(siteId)!.site.name : '', from: q.from, to: q.to, groupBy: q.groupBy,
      rows, total: total.row('', lang === 'en' ? 'Total' : 'Tổng cộng', null), generatedAt: isoLocal(this.hub.clock(), this.timeZone(siteId ?? siteIds[0])),
      format: q.format, csv: q.csv ?? 'default', lang,
      // The XLSX carries the listing of rated tickets as its second sheet.
      listing: q.format === 'xlsx' ? this.items(facts, 'ticket') : [],
    };
  }

  /** Rated tickets as listing items, in rating order (per site and day). */
  private items(facts: ServedFact[], rows: 'ticket' | 'dossier', filter?: { level?: RatingLevel; officerId?: string }): RatedItem[] {
    const users = this.users();
    const fieldOf = this.fieldResolver();
    const out: RatedItem[] = [];
    const rated = facts.filter((f) => f.rating && (!filter?.level || f.rating.level === filter.level) && (!filter?.officerId || f.officerId === filter.officerId))
      .sort((a, b) => a.siteId.localeCompare(b.siteId) || a.rating!.at - b.rating!.at);
    for (const f of rated) {
      const cfg = this.hub.siteConfigOf(f.siteId);
      const svc = cfg?.services.get(f.serviceId);
      const counter = cfg?.counters.get(f.counterId);
      const u = users.get(f.officerId);
      const p = f.procedureCode ? this.hub.procedures.describe(f.siteId, f.procedureCode) : null;
      const item: RatedItem = {
        date: f.date, ratedAt: isoLocal(f.rating!.at, cfg?.site.timeZone ?? this.timeZone(null)), siteId: f.siteId, siteName: cfg?.site.name ?? f.siteId,
        agencyCode: this.agencyOf(f), ticketId: f.ticketId, ticketNumber: f.number, dossierCodes: [...f.dossierCodes],
        procedureCode: f.procedureCode, procedureName: p?.name ?? null, field: fieldOf(f),
        service: svc ? { id: svc.id, code: svc.code, name: svc.name.vi } : null,
        officer: { id: f.officerId, username: u?.username ?? null, name: u?.name ?? null },
        counter: { id: f.counterId, number: counter?.number ?? null, name: counter?.name ?? null },
        level: f.rating!.level, reasons: [...f.rating!.reasons], hasComment: f.rating!.hasComment,
      };
      if (rows === 'dossier' && item.dossierCodes.length > 1) for (const c of item.dossierCodes) out.push({ ...item, dossierCodes: [c] });
      else out.push(item);
    }
    return out;
  }

  async listing(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<EvaluationListing & { format: 'json' | 'csv' | 'xlsx'; csv: 'vi' | 'default'; lang: Lang }> {
    const q = this.parse(evaluationDossiersQuery, query);
    this.checkPeriod(q.from, q.to);
    const siteIds = this.sitesOf(actor, q.siteId);
    const all = this.items(await this.served(siteIds, q.from, q.to), q.rows, { level: q.level, officerId: q.officerId });
    const siteId = q.siteId ?? null;
    const items = q.format === 'json' ? all.slice(q.offset, q.offset + q.limit) : all;
    return {
      siteId, siteName: siteId ? this.hub.siteConfigOf(siteId)!.site.name : '', from: q.from, to: q.to, rows: q.rows,
      total: all.length, offset: q.format === 'json' ? q.offset : 0, items,
      generatedAt: isoLocal(this.hub.clock(), this.timeZone(siteId ?? siteIds[0])), format: q.format, csv: q.csv ?? 'default', lang: q.lang ?? fallbackLang,
    };
  }
}

export { LEVELS };
