// Reports over any period: each site-day becomes a compact summary (server/reports/summary.ts),
// computed once for a finished day and kept on disk and in memory; today is read incrementally from
// its growing log. The computing is done by server/reports/engine.ts in the reports worker, a child
// process at idle priority (server/reports/client.ts), off the hub's event loop; this class checks
// the query and the actor, hands the worker what it needs of the configuration, and shapes the
// answer of docs/api.md.
// Finished days are summarised in the background soon after start and at each day close (sweep).
import { z } from 'zod';
import { parseWith } from '../app/validate.js';
import { DomainError } from '../../common/errors.js';
import type { Lang, Transparency } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import { integrationAllows, type Actor } from '../domain/model.js';
import { dateRange, isoLocal, localDate } from '../domain/time.js';
import { DEFAULT_TIME_ZONE } from '../domain/defaults.js';
import type { CsvDialect } from './sheet.js';
import { resolve } from 'node:path';
import { asFileStore } from '../store/store.js';
import { PortDaySource } from './day-source.js';
import { DEFAULT_TARGET_WAIT_SECONDS, type GroupBy, type HourPoint, type ReportRow } from './aggregate.js';
import type { EvaluationAnswer, EvaluationRequest } from './evaluation-figures.js';
import { InlineRunner, WorkerRunner, type ReportRunner } from './client.js';
import { MAX_DAYS, type ReportFigures, type SeriesFigures, type Sites, type TodayFigures, type TransparencyFigures } from './engine.js';

export { MAX_DAYS };

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d);
const target = z.coerce.number().int().min(0).max(24 * 3600).default(DEFAULT_TARGET_WAIT_SECONDS);
const lang = z.enum(['vi', 'en']).optional();

export const reportQuery = z.object({
  siteId: id.optional(), from: date, to: date,
  groupBy: z.enum(['service', 'counter', 'officer', 'day', 'site']).default('service'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  /** `csv=vi`: the CSV for spreadsheets under a Vietnamese locale (`;` separator, `,` decimals). */
  csv: z.enum(['vi', 'default']).optional(),
  targetWaitSeconds: target, lang,
});
export const seriesQuery = z.object({
  siteId: id, from: date, to: date, kind: z.enum(['hourly', 'daily', 'monthly']).default('daily'), targetWaitSeconds: target, lang,
});
export const siteQuery = z.object({ siteId: id, targetWaitSeconds: target, lang });

export interface Report {
  siteId: string | null;
  siteName: string;
  from: string;
  to: string;
  groupBy: GroupBy;
  targetWaitSeconds: number;
  rows: ReportRow[];
  total: ReportRow;
  /** When the report was made, ISO 8601 with the site's offset (e.g. 2026-11-23T08:05:00.123+07:00). */
  generatedAt: string;
}

export type SeriesPoint = Omit<ReportRow, 'label' | 'key'> & { date: string };
export type Series =
  | { siteId: string; from: string; to: string; kind: 'hourly'; days: number; targetWaitSeconds: number; points: HourPoint[] }
  | { siteId: string; from: string; to: string; kind: 'daily' | 'monthly'; targetWaitSeconds: number; points: SeriesPoint[] };

export type { Transparency };

export interface TodayBoard {
  siteId: string;
  date: string;
  targetWaitSeconds: number;
  total: ReportRow;
  byService: ReportRow[];
  byCounter: ReportRow[];
  hourly: HourPoint[];
  updatedAt: string;
}

function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  return parseWith(schema, input, 'query');
}

export interface ReportsOptions {
  /** Summarise finished days in the background this long after start (0 = never). */
  sweepDelayMs?: number;
  sweepEveryMs?: number;
  log?: (m: string) => void;
  /** `worker` (default) computes in the reports worker (a child process); `inline` in the hub's thread (LUOT_REPORTS_WORKER=0). */
  mode?: 'worker' | 'inline';
  /** A request the worker has not answered by then answers reports_unavailable (LUOT_REPORTS_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The store's database (PostgreSQL): the worker opens its own read-only connection to it. */
  databaseUrl?: string;
}

/**
 * The engine's runner over the hub's store: on files the worker (or the hub's thread) reads the day
 * logs as files. On any other store they are read through the port: in the worker, over its own
 * connection opened from the database URL; in the hub's thread over the hub's store when no URL is
 * given. The summaries are then cached in this hub's own folder (<localDir>/reports: derived data,
 * rebuilt when missing, one cache per hub).
 */
function runnerFor(hub: Hub, mode: 'worker' | 'inline', log: (m: string) => void, timeout: number, databaseUrl?: string): ReportRunner {
  const files = asFileStore(hub.store);
  if (files) return mode === 'worker' ? new WorkerRunner(files.dataDir, log, timeout) : new InlineRunner(files.dataDir, log);
  const cacheDir = resolve(hub.localDir, 'reports');
  if (mode === 'worker' && databaseUrl) return new WorkerRunner({ kind: 'store', databaseUrl, cacheDir }, log, timeout);
  return new InlineRunner(new PortDaySource(hub.store), log, cacheDir);
}

export class Reports {
  private transparencyCache = new Map<string, { at: number; value: Transparency }>();
  private timers: NodeJS.Timeout[] = [];
  private log: (m: string) => void;
  readonly runner: ReportRunner;

  constructor(private hub: Hub, opts: ReportsOptions = {}) {
    this.log = opts.log ?? (() => {});
    const mode = opts.mode ?? (process.env.LUOT_REPORTS_WORKER === '0' ? 'inline' : 'worker');
    const timeout = opts.timeoutMs ?? (Number(process.env.LUOT_REPORTS_TIMEOUT_MS) || 120_000);
    this.runner = runnerFor(hub, mode, this.log, timeout, opts.databaseUrl);
    const delay = opts.sweepDelayMs ?? 15_000;
    if (delay > 0) {
      const t = setTimeout(() => void this.sweep(), delay);
      t.unref();
      const every = setInterval(() => void this.sweep(), opts.sweepEveryMs ?? 10 * 60_000);
      every.unref();
      this.timers.push(t, every);
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.runner.close();
  }

  private timeZone(siteId: string): string {
    return this.hub.siteConfigOf(siteId)?.site.timeZone ?? 'Asia/Ho_Chi_Minh';
  }

  /** Today in the site's zone (by the hub's clock). */
  today(siteId: string): string {
    return localDate(this.hub.clock(), this.timeZone(siteId));
  }

  /** What the engine must know of each site now: its zone, today, and the day the hub holds open. */
  private clocks(siteIds: string[]): Sites {
    const out: Sites = {};
    for (const id of siteIds) out[id] = { timeZone: this.timeZone(id), today: this.today(id), openDay: this.hub.dayOf(id)?.date ?? null };
    return out;
  }

  /** Summarise every finished day that has none yet, newest first (at day close and after start). */
  async sweep(): Promise<number> {
    try {
      return await this.runner.call<number>({ op: 'sweep', sites: this.clocks(this.hub.configData.sites.map((s) => s.id)) });
    } catch (e) {
      this.log(`reports: sweep: ${(e as Error).message}`);
      return 0;
    }
  }

  /** How summaries were obtained (built from logs, loaded from disk, memory hits), for the bench. */
  stats(): Promise<{ built: number; loaded: number; memoryHits: number }> { return this.runner.call({ op: 'stats' }); }

  /** Run a request in the engine; an engine fault that is not already coded becomes reports_unavailable. */
  private async run<T>(req: Parameters<ReportRunner['call']>[0]): Promise<T> {
    try {
      return await this.runner.call<T>(req);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      this.log(`reports: ${req.op}: ${(e as Error).message}`);
      throw new DomainError('reports_unavailable');
    }
  }

  // ------------------------------------------------------------------ queries
  private requireSite(siteId: string) {
    const cfg = this.hub.siteConfigOf(siteId);
    if (!cfg) throw new DomainError('site_not_found', 'siteId');
    return cfg;
  }

  labeller(siteId: string | null, groupBy: GroupBy, lang: Lang): (key: string) => string {
    const users = new Map(this.hub.configData.users.map((u) => [u.id, u.name]));
    const cfg = siteId ? this.hub.siteConfigOf(siteId) : undefined;
    return (key: string): string => {
      switch (groupBy) {
        case 'service': { const s = cfg?.services.get(key); return s ? `${s.code} – ${(lang === 'en' ? s.name.en : s.name.vi) || s.name.vi}` : key; }
        case 'counter': { const c = cfg?.counters.get(key); return c ? c.name : key; }
        case 'officer': return users.get(key) ?? key;
        case 'site': return this.hub.siteConfigOf(key)?.site.name ?? key;
        case 'day': return key;
      }
    };
  }

  /** Every label the grouping can need, as a plain object for the worker. */
  private labels(siteId: string | null, groupBy: GroupBy, lang: Lang): Record<string, string> {
    const label = this.labeller(siteId, groupBy, lang);
    const cfg = siteId ? this.hub.siteConfigOf(siteId) : undefined;
    const keys = groupBy === 'service' ? [...(cfg?.services.keys() ?? [])]
      : groupBy === 'counter' ? [...(cfg?.counters.keys() ?? [])]
        : groupBy === 'officer' ? this.hub.configData.users.map((u) => u.id)
          : groupBy === 'site' ? this.hub.configData.sites.map((s) => s.id) : [];
    return Object.fromEntries(keys.map((k) => [k, label(k)]));
  }

  async report(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<Report & { format: 'json' | 'csv' | 'xlsx'; csv: CsvDialect; lang: Lang }> {
    const q = parseQuery(reportQuery, query);
    const lang = q.lang ?? fallbackLang;
    checkPeriod(q.from, q.to);
    let siteIds: string[];
    if (q.siteId) {
      this.assertReader(actor, q.siteId);
      this.requireSite(q.siteId);
      siteIds = [q.siteId];
    } else if (q.groupBy === 'site') {
      this.assertReader(actor, null);
      siteIds = this.hub.configData.sites.map((s) => s.id).filter((s) => this.hub.canSeeSite(actor, s));
    } else {
      throw new DomainError('invalid_input', 'siteId', { field: 'siteId' });
    }
    const siteId = q.siteId ?? null;
    const tz = this.hub.siteConfigOf(siteId ?? siteIds[0] ?? '')?.site.timeZone ?? DEFAULT_TIME_ZONE;
    const f = await this.run<ReportFigures>({
      op: 'report', sites: this.clocks(siteIds), siteIds, from: q.from, to: q.to, groupBy: q.groupBy, targetWaitSeconds: q.targetWaitSeconds,
      labels: this.labels(siteId, q.groupBy, lang), totalLabel: lang === 'en' ? 'Total' : 'Tổng cộng',
    });
    return {
      siteId, siteName: siteId ? this.requireSite(siteId).site.name : '', from: q.from, to: q.to, groupBy: q.groupBy,
      targetWaitSeconds: q.targetWaitSeconds, rows: f.rows, total: f.total, generatedAt: isoLocal(this.hub.clock(), tz), format: q.format, csv: q.csv ?? 'default', lang,
    };
  }

  /** The CSV or XLSX of a report, made by the worker too. */
  exportFile(format: 'csv', report: Report, lang: Lang, dialect?: CsvDialect): Promise<string>;
  exportFile(format: 'xlsx', report: Report, lang: Lang): Promise<Uint8Array>;
  exportFile(format: 'csv' | 'xlsx', report: Report, lang: Lang, dialect: CsvDialect = 'default'): Promise<string | Uint8Array> {
    return this.run({ op: 'export', format, report, lang, dialect });
  }

  /** An evaluation (server/reports/evaluation.ts), computed by the worker too: the JSON figures or the file's bytes. */
  evaluate(req: EvaluationRequest): Promise<EvaluationAnswer> { return this.run(req); }

  private assertReader(actor: Actor, siteId: string | null): void { assertReportReader(this.hub, actor, siteId); }

  async series(actor: Actor, query: unknown): Promise<Series> {
    const q = parseQuery(seriesQuery, query);
    this.hub.assertAdmin(actor, q.siteId);
    this.requireSite(q.siteId);
    checkPeriod(q.from, q.to);
    const f = await this.run<SeriesFigures>({ op: 'series', sites: this.clocks([q.siteId]), siteId: q.siteId, from: q.from, to: q.to, kind: q.kind, targetWaitSeconds: q.targetWaitSeconds });
    const base = { siteId: q.siteId, from: q.from, to: q.to, targetWaitSeconds: q.targetWaitSeconds };
    return f.kind === 'hourly'
      ? { siteId: q.siteId, from: q.from, to: q.to, kind: 'hourly', days: f.days, targetWaitSeconds: q.targetWaitSeconds, points: f.points }
      : { ...base, kind: f.kind, points: f.points };
  }

  /** The live board of today for admins: totals, by service, by counter, per hour. */
  async todayBoard(actor: Actor, query: unknown): Promise<TodayBoard> {
    const q = parseQuery(siteQuery, query);
    this.hub.assertAdmin(actor, q.siteId);
    this.requireSite(q.siteId);
    const lang = q.lang ?? 'vi';
    const f = await this.run<TodayFigures>({
      op: 'today', sites: this.clocks([q.siteId]), siteId: q.siteId, targetWaitSeconds: q.targetWaitSeconds,
      serviceLabels: this.labels(q.siteId, 'service', lang), counterLabels: this.labels(q.siteId, 'counter', lang), totalLabel: lang === 'en' ? 'Total' : 'Tổng cộng',
    });
    return {
      siteId: q.siteId, date: f.date, targetWaitSeconds: q.targetWaitSeconds, total: f.total,
      byService: f.byService, byCounter: f.byCounter, hourly: f.hourly, updatedAt: new Date(this.hub.clock()).toISOString(),
    };
  }

  /**
   * The transparency panel (công khai) of a site: today's served count, average wait and
   * satisfaction rate, and the month so far. For the site's displays and kiosks, and its staff.
   */
  async transparency(actor: Actor, query: unknown): Promise<Transparency> {
    const q = parseQuery(siteQuery, query);
    const cfg = this.requireSite(q.siteId);
    const ok = (actor.kind === 'device' && actor.siteId === q.siteId && (actor.deviceKind === 'display' || actor.deviceKind === 'kiosk'))
      || (actor.kind === 'user' && this.hub.canSeeSite(actor, q.siteId));
    if (!ok) throw new DomainError(actor.kind === 'device' && actor.siteId !== q.siteId ? 'wrong_site' : 'forbidden');
    const now = this.hub.clock();
    const cached = this.transparencyCache.get(q.siteId);
    if (cached && now - cached.at < 5_000) return { ...cached.value, show: cfg.site.settings.showTransparency, siteName: cfg.site.name };
    const f = await this.run<TransparencyFigures>({ op: 'transparency', sites: this.clocks([q.siteId]), siteId: q.siteId });
    const t = f.day, m = f.month.row;
    const value: Transparency = {
      siteId: q.siteId, siteName: cfg.site.name, date: f.date, show: cfg.site.settings.showTransparency,
      issued: t.issued, served: t.served, waitAvgSeconds: t.waitAvgSeconds, satisfactionRate: t.satisfactionRate, ratings: t.ratings,
      month: { from: f.month.from, to: f.month.to, served: m.served, waitAvgSeconds: m.waitAvgSeconds, satisfactionRate: m.satisfactionRate },
      updatedAt: new Date(now).toISOString(),
    };
    this.transparencyCache.set(q.siteId, { at: now, value });
    return value;
  }
}

/** A report's period: `from` not after `to`, at most MAX_DAYS days (the queue reports and the evaluation). */
export function checkPeriod(from: string, to: string): void {
  if (from > to) throw new DomainError('invalid_input', 'from', { field: 'from' });
  if (dateRange(from, to).length > MAX_DAYS) throw new DomainError('invalid_input', 'to', { field: 'to' });
}

/** Reports are for admins, and for integration keys with `reports:read` (of their sites). */
export function assertReportReader(hub: Hub, actor: Actor, siteId: string | null): void {
  if (actor.kind === 'integration') {
    const r = integrationAllows(actor, 'reports:read', siteId);
    if (r !== 'ok') throw new DomainError(r);
    return;
  }
  hub.assertAdmin(actor, siteId ?? undefined);
}
