// The computing half of the evaluation reports (server/reports/evaluation.ts checks the query and
// the actor, and shapes the answer): the served tickets of a day, their grouping per officer, unit,
// procedure or field, and the listing of rated tickets. Pure: what it needs of the hub's
// configuration comes as plain maps (EvaluationContext, built on the hub), so that the same code
// runs in the reports worker (server/reports/worker.ts, the default) and in process (the fallback).
import type { Lang, RatingLevel } from '../../common/types.js';
import type { DayEvent } from '../domain/model.js';
import { isoLocal } from '../domain/time.js';
import { hadValue } from '../privacy/seal.js';

export type EvaluationGroup = 'officer' | 'site' | 'procedure' | 'field';
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

/** What the evaluation needs of one site's configuration, as plain data. */
export interface EvaluationSite {
  name: string;
  agencyCode: string | null;
  timeZone: string;
  services: Record<string, { id: string; code: string; name: string }>;
  counters: Record<string, { number: number; name: string }>;
  /** Every procedure of the site's catalogue: its name and field. */
  procedures: Record<string, { name: string; field: { code: string; name: string } }>;
  /** The field mapped to a service, when exactly one is (absent: none or several). */
  serviceFields: Record<string, { code: string; name: string }>;
}

/** What the evaluation needs of the hub's configuration (built on the hub for each request). */
export interface EvaluationContext {
  users: Record<string, { username: string; name: string }>;
  sites: Record<string, EvaluationSite>;
  /** The zone of a site without configuration (the first site's, else Asia/Ho_Chi_Minh). */
  fallbackTimeZone: string;
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
const own = <V>(m: Record<string, V>, k: string): V | undefined => (Object.hasOwn(m, k) ? m[k] : undefined);

/** Lookups of the context, for one request. */
class Ctx {
  constructor(readonly c: EvaluationContext) {}
  site(siteId: string): EvaluationSite | undefined { return own(this.c.sites, siteId); }
  user(id: string) { return own(this.c.users, id); }
  procedure(f: ServedFact) { return f.procedureCode ? own(this.site(f.siteId)?.procedures ?? {}, f.procedureCode) ?? null : null; }
  agency(f: ServedFact): string | null { return f.rating?.agencyCode ?? this.site(f.siteId)?.agencyCode ?? null; }
  /** The field (lĩnh vực) of a ticket: its procedure's; else the one field mapped to its service. */
  field(f: ServedFact): { code: string; name: string } | null {
    const p = this.procedure(f);
    if (p) return p.field;
    return own(this.site(f.siteId)?.serviceFields ?? {}, f.serviceId) ?? null;
  }
}

/** The served tickets grouped per officer, unit, procedure or field, and their total, folded a day at a time (no fact kept). */
export class EvaluationFold {
  private ctx: Ctx;
  private none: { procedure: string; field: string; officer: string };
  private groups = new Map<string, { acc: Acc; label: string; detail: string | null }>();
  private all = new Acc();
  constructor(context: EvaluationContext, private groupBy: EvaluationGroup, private lang: Lang) {
    this.ctx = new Ctx(context);
    this.none = lang === 'en'
      ? { procedure: '(no procedure)', field: '(no field)', officer: '(unknown officer)' }
      : { procedure: '(không có thủ tục)', field: '(chưa rõ lĩnh vực)', officer: '(không rõ cán bộ)' };
  }

  add(f: ServedFact): void {
    const { ctx, none } = this;
    const agency = ctx.agency(f);
    this.all.add(f, agency);
    let key: string, label: string, detail: string | null = null;
    switch (this.groupBy) {
      case 'officer': { const u = ctx.user(f.officerId); key = f.officerId; label = u?.name ?? none.officer; detail = u?.username ?? null; break; }
      case 'site': key = f.siteId; label = ctx.site(f.siteId)?.name ?? f.siteId; break;
      case 'procedure': {
        key = f.procedureCode ?? NONE;
        const p = ctx.procedure(f);
        label = f.procedureCode ? (p?.name ?? f.procedureCode) : none.procedure;
        detail = p?.field.name ?? null;
        break;
      }
      case 'field': { const fl = ctx.field(f); key = fl?.code ?? NONE; label = fl?.name ?? none.field; break; }
    }
    let g = this.groups.get(key);
    if (!g) { g = { acc: new Acc(), label, detail }; this.groups.set(key, g); }
    g.acc.add(f, agency);
  }

  result(): { rows: EvaluationRow[]; total: EvaluationRow } {
    // Named groups in Vietnamese alphabetical order; the "none" group last.
    const rows = [...this.groups].map(([k, g]) => g.acc.row(k, g.label, g.detail))
      .sort((a, b) => (a.key === NONE ? 1 : 0) - (b.key === NONE ? 1 : 0) || a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key));
    return { rows, total: this.all.row('', this.lang === 'en' ? 'Total' : 'Tổng cộng', null) };
  }
}

/** Rated tickets as listing items, in rating order (per site and day). */
export function ratedItems(facts: ServedFact[], context: EvaluationContext, rows: 'ticket' | 'dossier', filter?: { level?: RatingLevel; officerId?: string }): RatedItem[] {
  const ctx = new Ctx(context);
  const out: RatedItem[] = [];
  const rated = facts.filter((f) => f.rating && (!filter?.level || f.rating.level === filter.level) && (!filter?.officerId || f.officerId === filter.officerId))
    .sort((a, b) => a.siteId.localeCompare(b.siteId) || a.rating!.at - b.rating!.at);
  for (const f of rated) {
    const site = ctx.site(f.siteId);
    const svc = site ? own(site.services, f.serviceId) : undefined;
    const counter = site ? own(site.counters, f.counterId) : undefined;
    const u = ctx.user(f.officerId);
    const p = ctx.procedure(f);
    const item: RatedItem = {
      date: f.date, ratedAt: isoLocal(f.rating!.at, site?.timeZone ?? context.fallbackTimeZone), siteId: f.siteId, siteName: site?.name ?? f.siteId,
      agencyCode: ctx.agency(f), ticketId: f.ticketId, ticketNumber: f.number, dossierCodes: [...f.dossierCodes],
      procedureCode: f.procedureCode, procedureName: p?.name ?? null, field: ctx.field(f),
      service: svc ? { id: svc.id, code: svc.code, name: svc.name } : null,
      officer: { id: f.officerId, username: u?.username ?? null, name: u?.name ?? null },
      counter: { id: f.counterId, number: counter?.number ?? null, name: counter?.name ?? null },
      level: f.rating!.level, reasons: [...f.rating!.reasons], hasComment: f.rating!.hasComment,
    };
    if (rows === 'dossier' && item.dossierCodes.length > 1) for (const c of item.dossierCodes) out.push({ ...item, dossierCodes: [c] });
    else out.push(item);
  }
  return out;
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

/** What the hub fixes of an answer before asking: the period, its sites, and when it was asked. */
interface Head { siteId: string | null; siteName: string; from: string; to: string; generatedAt: string }

/**
 * The reports worker's requests (server/reports/worker.ts): the served tickets of the sites' days are
 * read and folded there, and only the answer crosses the channel: the grouped rows (JSON), one page
 * of the listing (JSON), or the CSV/XLSX bytes.
 */
export type EvaluationRequest =
  | { op: 'evaluation'; siteIds: string[]; head: Head; groupBy: EvaluationGroup; context: EvaluationContext; lang: Lang; format: 'json' | 'csv' | 'xlsx'; dialect: 'vi' | 'default' }
  | { op: 'evaluation_listing'; siteIds: string[]; head: Head; rows: 'ticket' | 'dossier'; level?: RatingLevel; officerId?: string; offset: number; limit: number; context: EvaluationContext; lang: Lang; format: 'json' | 'csv' | 'xlsx'; dialect: 'vi' | 'default' };

/** JSON: the figures (rows and total) or the page (total and items); CSV: its text; XLSX: its bytes. */
export type EvaluationAnswer = { rows: EvaluationRow[]; total: EvaluationRow } | { total: number; items: RatedItem[] } | string | Uint8Array;
