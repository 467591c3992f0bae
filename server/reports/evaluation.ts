// Evaluation reports (đánh giá cán bộ, đơn vị): the satisfaction ratings of a period grouped per
// officer, per unit (site, with its agency code), per procedure or per field (lĩnh vực), and the
// listing of every rated ticket with its dossier codes: the shape a province's evaluation of
// officers takes as input (domain-vn.md "Procedures and dossiers"; docs/integration.md).
//
// This file checks the query and the actor, and hands the reports worker (a child process at idle
// priority, server/reports/client.ts) the period and small plain maps of the configuration; the
// worker reads the day logs through its day source (files or the store port), folds each day into
// one fact per served ticket and groups them (server/reports/evaluation-figures.ts), and sends back
// only the answer: the rows, a page of the listing, or the CSV/XLSX bytes. The figures:
// served = tickets completed; rated = of those, the ones rated; satisfactionRate = (very_satisfied +
// satisfied) / rated, as in the queue reports; dossiers = distinct dossier codes on served tickets.
import { z } from 'zod';
import { DomainError } from '../../common/errors.js';
import type { Lang } from '../../common/types.js';
import { ratingLevel } from '../../common/schemas.js';
import type { Hub } from '../app/hub.js';
import { parseWith } from '../app/validate.js';
import { integrationAllows, type Actor } from '../domain/model.js';
import { isoLocal } from '../domain/time.js';
import { assertReportReader, checkPeriod, type Reports } from './reports.js';
import type { Evaluation, EvaluationContext, EvaluationGroup, EvaluationListing, EvaluationRow, EvaluationSite, RatedItem } from './evaluation-figures.js';
import { evaluationName } from './evaluation-export.js';

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d);
const common = {
  /** Absent: every site the caller may read (a province's whole evaluation). */
  siteId: id.optional(), from: date, to: date,
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  csv: z.enum(['vi', 'default']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
};
export const EVALUATION_GROUPS = ['officer', 'site', 'procedure', 'field'] as const satisfies readonly EvaluationGroup[];
export const evaluationQuery = z.object({ ...common, groupBy: z.enum(EVALUATION_GROUPS).default('officer') });
export const evaluationDossiersQuery = z.object({
  ...common,
  /** `ticket`: one row per rated ticket (its codes together); `dossier`: one row per rated dossier code. */
  rows: z.enum(['ticket', 'dossier']).default('ticket'),
  level: ratingLevel.optional(),
  officerId: id.optional(),
  /** JSON pages (CSV and XLSX carry every row). */
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});


/** An answer: the JSON, or the file (CSV text, XLSX bytes) made by the worker. */
export type EvaluationOut<J> = { format: 'json'; json: J } | { format: 'csv' | 'xlsx'; csv: 'vi' | 'default'; lang: Lang; name: string; file: string | Uint8Array };

export class Evaluations {
  constructor(private hub: Hub, private reports: Reports) {}

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

  private timeZone(siteId: string | null | undefined): string {
    return (siteId && this.hub.siteConfigOf(siteId)?.site.timeZone) || this.hub.configData.sites[0]?.timeZone || 'Asia/Ho_Chi_Minh';
  }

  /** What the worker needs of the configuration for these sites, as plain maps (as Reports.labels() for the queue reports). */
  context(siteIds: string[]): EvaluationContext {
    const sites: Record<string, EvaluationSite> = {};
    for (const id of siteIds) {
      const cfg = this.hub.siteConfigOf(id);
      if (!cfg) continue;
      // A service's field: the one field mapped to it (none when several are).
      const byService = new Map<string, { code: string; name: string }[]>();
      let fields: { code: string; name: string; serviceId: string | null }[] = [];
      try { fields = this.hub.procedures.fields(id); } catch { fields = []; }
      for (const f of fields) if (f.serviceId !== null) byService.set(f.serviceId, [...(byService.get(f.serviceId) ?? []), { code: f.code, name: f.name }]);
      sites[id] = {
        name: cfg.site.name, agencyCode: cfg.site.agencyCode ?? null, timeZone: cfg.site.timeZone,
        services: Object.fromEntries([...cfg.services.values()].map((s) => [s.id, { id: s.id, code: s.code, name: s.name.vi }])),
        counters: Object.fromEntries([...cfg.counters.values()].map((c) => [c.id, { number: c.number, name: c.name }])),
        procedures: this.hub.procedures.descriptions(id),
        serviceFields: Object.fromEntries([...byService].filter(([, fs]) => fs.length === 1).map(([s, fs]) => [s, fs[0]!])),
      };
    }
    return {
      users: Object.fromEntries(this.hub.configData.users.map((u) => [u.id, { username: u.username, name: u.name }])),
      sites, fallbackTimeZone: this.timeZone(null),
    };
  }

  private head(siteId: string | null, siteIds: string[], from: string, to: string) {
    return { siteId, siteName: siteId ? this.hub.siteConfigOf(siteId)!.site.name : '', from, to, generatedAt: isoLocal(this.hub.clock(), this.timeZone(siteId ?? siteIds[0])) };
  }

  async evaluation(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<EvaluationOut<Evaluation>> {
    const q = this.parse(evaluationQuery, query);
    const lang = q.lang ?? fallbackLang;
    checkPeriod(q.from, q.to);
    const siteIds = this.sitesOf(actor, q.siteId);
    const head = this.head(q.siteId ?? null, siteIds, q.from, q.to);
    const dialect = q.csv ?? 'default';
    const a = await this.reports.evaluate({ op: 'evaluation', siteIds, head, groupBy: q.groupBy, context: this.context(siteIds), lang, format: q.format, dialect });
    if (q.format !== 'json') return { format: q.format, csv: dialect, lang, name: evaluationName(head, q.groupBy), file: a as string | Uint8Array };
    const f = a as { rows: EvaluationRow[]; total: EvaluationRow };
    const { generatedAt, ...h } = head;
    return { format: 'json', json: { ...h, groupBy: q.groupBy, rows: f.rows, total: f.total, generatedAt } };
  }

  async listing(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<EvaluationOut<EvaluationListing>> {
    const q = this.parse(evaluationDossiersQuery, query);
    const lang = q.lang ?? fallbackLang;
    checkPeriod(q.from, q.to);
    const siteIds = this.sitesOf(actor, q.siteId);
    const head = this.head(q.siteId ?? null, siteIds, q.from, q.to);
    const dialect = q.csv ?? 'default';
    const a = await this.reports.evaluate({
      op: 'evaluation_listing', siteIds, head, rows: q.rows, level: q.level, officerId: q.officerId, offset: q.offset, limit: q.limit,
      context: this.context(siteIds), lang, format: q.format, dialect,
    });
    if (q.format !== 'json') return { format: q.format, csv: dialect, lang, name: evaluationName(head), file: a as string | Uint8Array };
    const p = a as { total: number; items: RatedItem[] };
    const { generatedAt, ...h } = head;
    return { format: 'json', json: { ...h, rows: q.rows, total: p.total, offset: q.offset, items: p.items, generatedAt } };
  }
}
