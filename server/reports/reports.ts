// Reports over any period: each site-day becomes a compact summary (server/reports/summary.ts),
// computed once for a finished day and kept on disk and in memory; today is read incrementally from
// its growing log. A report walks the summaries of its period in slices, yielding to the event loop.
// Finished days are summarised in the background soon after start and at each day close (sweep).
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseWith } from '../app/validate.js';
import { DomainError } from '../../common/errors.js';
import type { Lang, RatingLevel, Transparency } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import { integrationAllows, type Actor } from '../domain/model.js';
import { addDays, dateRange, localDate } from '../domain/time.js';
import { Aggregator, DEFAULT_TARGET_WAIT_SECONDS, HourlySeries, type GroupBy, type HourPoint, type ReportRow } from './aggregate.js';
import { DayLogTail, Slicer } from './day-reader.js';
import { localMidnight, summarize, summaryFromJson, summaryToJson, type DaySummary } from './summary.js';

export const MAX_DAYS = 400;
/** Summaries kept in memory (about 20 KB each for a 600-ticket day). */
const MEMORY_DAYS = 1500;

const id = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d);
const target = z.coerce.number().int().min(0).max(24 * 3600).default(DEFAULT_TARGET_WAIT_SECONDS);
const lang = z.enum(['vi', 'en']).optional();

export const reportQuery = z.object({
  siteId: id.optional(), from: date, to: date,
  groupBy: z.enum(['service', 'counter', 'officer', 'day', 'site']).default('service'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
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
}

export class Reports {
  private mem = new Map<string, DaySummary>();
  private building = new Map<string, Promise<DaySummary | null>>();
  private live = new Map<string, { tail: DayLogTail; summary: DaySummary | null; offset: number; tz: string }>();
  private transparencyCache = new Map<string, { at: number; value: Transparency }>();
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private log: (m: string) => void;
  /** Counters for the bench and the docs: how summaries were obtained. */
  stats = { built: 0, loaded: 0, memoryHits: 0 };

  constructor(private hub: Hub, opts: ReportsOptions = {}) {
    this.log = opts.log ?? (() => {});
    const delay = opts.sweepDelayMs ?? 15_000;
    if (delay > 0) {
      const t = setTimeout(() => void this.sweep(), delay);
      t.unref();
      const every = setInterval(() => void this.sweep(), opts.sweepEveryMs ?? 10 * 60_000);
      every.unref();
      this.timers.push(t, every);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
  }

  // ------------------------------------------------------------------ day summaries
  private summaryPath(siteId: string, d: string): string {
    return join(this.hub.store.dataDir, 'reports', siteId, `${d}.json`);
  }

  private timeZone(siteId: string): string {
    return this.hub.siteConfigOf(siteId)?.site.timeZone ?? 'Asia/Ho_Chi_Minh';
  }

  /** Today in the site's zone (by the hub's clock). */
  today(siteId: string): string {
    return localDate(this.hub.clock(), this.timeZone(siteId));
  }

  /** A day is finished once the site's clock and the hub have both moved past it. */
  isFinished(siteId: string, d: string): boolean {
    return d < this.today(siteId) && d !== this.hub.dayOf(siteId)?.date;
  }

  async daySummary(siteId: string, d: string, slicer = new Slicer()): Promise<DaySummary | null> {
    if (!this.isFinished(siteId, d)) return this.liveSummary(siteId, d, slicer);
    const key = `${siteId}/${d}`;
    const hit = this.mem.get(key);
    if (hit) { this.mem.delete(key); this.mem.set(key, hit); this.stats.memoryHits++; return hit; }
    let p = this.building.get(key);
    if (!p) {
      p = this.loadOrBuild(siteId, d, slicer).finally(() => this.building.delete(key));
      this.building.set(key, p);
    }
    const s = await p;
    if (s) {
      this.mem.set(key, s);
      if (this.mem.size > MEMORY_DAYS) this.mem.delete(this.mem.keys().next().value!);
      this.live.delete(key);
    }
    return s;
  }

  private async loadOrBuild(siteId: string, d: string, slicer: Slicer): Promise<DaySummary | null> {
    const logPath = this.hub.store.dayPath(siteId, d);
    let size: number;
    try { size = (await stat(logPath)).size; } catch { return null; }
    const file = this.summaryPath(siteId, d);
    try {
      const s = summaryFromJson(await readFile(file, 'utf8'));
      if (s && s.source.size === size) { this.stats.loaded++; return s; }
    } catch { /* missing or unreadable: build it */ }
    const tail = new DayLogTail(logPath, d);
    await tail.refresh(slicer);
    const s = summarize(siteId, d, localMidnight(d, this.timeZone(siteId)), tail.builder.facts(), { size: tail.offset, lastHash: tail.lastHash });
    this.stats.built++;
    if (tail.offset === size) {
      try {
        await mkdir(join(this.hub.store.dataDir, 'reports', siteId), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, summaryToJson(s));
        await rename(tmp, file);
      } catch (e) {
        if (!this.closed) this.log(`reports: cannot keep the summary of ${siteId} ${d}: ${(e as Error).message}`);
      }
    }
    return s;
  }

  /** Today's (or a not yet closed day's) summary, from the log read incrementally. */
  private async liveSummary(siteId: string, d: string, slicer: Slicer): Promise<DaySummary | null> {
    const key = `${siteId}/${d}`;
    let l = this.live.get(key);
    const tz = this.timeZone(siteId);
    if (!l) {
      l = { tail: new DayLogTail(this.hub.store.dayPath(siteId, d), d), summary: null, offset: -1, tz };
      this.live.set(key, l);
      for (const k of this.live.keys()) if (k.startsWith(`${siteId}/`) && k < key && this.isFinished(siteId, k.slice(siteId.length + 1))) this.live.delete(k);
    }
    await l.tail.refresh(slicer);
    if (l.tail.offset === 0) return null;
    if (!l.summary || l.offset !== l.tail.offset) {
      l.summary = summarize(siteId, d, localMidnight(d, tz), l.tail.builder.facts(), { size: l.tail.offset, lastHash: l.tail.lastHash });
      l.offset = l.tail.offset;
    }
    return l.summary;
  }

  /** Summaries of a site's days within [from, to], in date order, with the event loop given back between slices. */
  async *summaries(siteId: string, from: string, to: string): AsyncGenerator<DaySummary> {
    const days = (await this.hub.store.listDays(siteId)).filter((x) => x >= from && x <= to);
    const slicer = new Slicer();
    for (const d of days) {
      const s = await this.daySummary(siteId, d, slicer);
      if (s) yield s;
      await slicer.maybeYield();
    }
  }

  /** Summarise every finished day that has none yet, newest first (at day close and after start). */
  async sweep(): Promise<number> {
    let n = 0;
    for (const site of this.hub.configData.sites) {
      if (this.closed) return n;
      const days = (await this.hub.store.listDays(site.id)).filter((d) => this.isFinished(site.id, d));
      const oldest = addDays(this.today(site.id), -MAX_DAYS);
      for (const d of days.reverse()) {
        if (this.closed) return n;
        if (d < oldest) break;
        if (this.mem.has(`${site.id}/${d}`)) continue;
        try {
          const before = this.stats.built;
          await this.daySummary(site.id, d);
          if (this.stats.built > before) n++;
        } catch (e) {
          if (!this.closed) this.log(`reports: ${(e as Error).message}`);
        }
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ queries
  private checkPeriod(from: string, to: string): void {
    if (from > to) throw new DomainError('invalid_input', 'from', { field: 'from' });
    if (dateRange(from, to).length > MAX_DAYS) throw new DomainError('invalid_input', 'to', { field: 'to' });
  }

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

  async report(actor: Actor, query: unknown, fallbackLang: Lang = 'vi'): Promise<Report & { format: 'json' | 'csv' | 'xlsx'; lang: Lang }> {
    const q = parseQuery(reportQuery, query);
    const lang = q.lang ?? fallbackLang;
    this.checkPeriod(q.from, q.to);
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
    const agg = new Aggregator(q.groupBy, q.targetWaitSeconds);
    const all = new Aggregator('all', q.targetWaitSeconds);
    for (const siteId of siteIds) {
      for await (const s of this.summaries(siteId, q.from, q.to)) { agg.addDay(s); all.addDay(s); }
    }
    const siteId = q.siteId ?? null;
    return {
      siteId, siteName: siteId ? this.requireSite(siteId).site.name : '', from: q.from, to: q.to, groupBy: q.groupBy,
      targetWaitSeconds: q.targetWaitSeconds, rows: agg.rows(this.labeller(siteId, q.groupBy, lang)),
      total: all.total(lang === 'en' ? 'Total' : 'Tổng cộng'), generatedAt: new Date(this.hub.clock()).toISOString(), format: q.format, lang,
    };
  }

  /** Reports are for admins, and for integration keys with `reports:read` (of their sites). */
  private assertReader(actor: Actor, siteId: string | null): void {
    if (actor.kind === 'integration') {
      const r = integrationAllows(actor, 'reports:read', siteId);
      if (r !== 'ok') throw new DomainError(r);
      return;
    }
    this.hub.assertAdmin(actor, siteId ?? undefined);
  }

  async series(actor: Actor, query: unknown): Promise<Series> {
    const q = parseQuery(seriesQuery, query);
    this.hub.assertAdmin(actor, q.siteId);
    this.requireSite(q.siteId);
    this.checkPeriod(q.from, q.to);
    if (q.kind === 'hourly') {
      const h = new HourlySeries();
      for await (const s of this.summaries(q.siteId, q.from, q.to)) h.addDay(s);
      return { siteId: q.siteId, from: q.from, to: q.to, kind: 'hourly', days: h.days, targetWaitSeconds: q.targetWaitSeconds, points: h.points() };
    }
    const agg = new Aggregator(q.kind === 'daily' ? 'day' : 'month', q.targetWaitSeconds);
    for await (const s of this.summaries(q.siteId, q.from, q.to)) agg.addDay(s);
    const points = agg.rows((k) => k).map(({ key, label: _l, ...rest }) => ({ date: key, ...rest }));
    return { siteId: q.siteId, from: q.from, to: q.to, kind: q.kind, targetWaitSeconds: q.targetWaitSeconds, points };
  }

  /** The live board of today for admins: totals, by service, by counter, per hour. */
  async todayBoard(actor: Actor, query: unknown): Promise<TodayBoard> {
    const q = parseQuery(siteQuery, query);
    this.hub.assertAdmin(actor, q.siteId);
    this.requireSite(q.siteId);
    const d = this.today(q.siteId);
    const s = await this.daySummary(q.siteId, d);
    const total = new Aggregator('all', q.targetWaitSeconds), bySvc = new Aggregator('service', q.targetWaitSeconds);
    const byCounter = new Aggregator('counter', q.targetWaitSeconds), hourly = new HourlySeries();
    if (s) { total.addDay(s); bySvc.addDay(s); byCounter.addDay(s); hourly.addDay(s); }
    const lang = q.lang ?? 'vi';
    return {
      siteId: q.siteId, date: d, targetWaitSeconds: q.targetWaitSeconds, total: total.total(lang === 'en' ? 'Total' : 'Tổng cộng'),
      byService: bySvc.rows(this.labeller(q.siteId, 'service', lang)), byCounter: byCounter.rows(this.labeller(q.siteId, 'counter', lang)),
      hourly: hourly.points(), updatedAt: new Date(this.hub.clock()).toISOString(),
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
    const today = this.today(q.siteId);
    const day = new Aggregator('all');
    const month = new Aggregator('all');
    const monthFrom = `${today.slice(0, 7)}-01`;
    for await (const s of this.summaries(q.siteId, monthFrom, today)) {
      month.addDay(s);
      if (s.date === today) day.addDay(s);
    }
    const t = day.total(), m = month.total();
    const value: Transparency = {
      siteId: q.siteId, siteName: cfg.site.name, date: today, show: cfg.site.settings.showTransparency,
      issued: t.issued, served: t.served, waitAvgSeconds: t.waitAvgSeconds, satisfactionRate: t.satisfactionRate, ratings: t.ratings,
      month: { from: monthFrom, to: today, served: m.served, waitAvgSeconds: m.waitAvgSeconds, satisfactionRate: m.satisfactionRate },
      updatedAt: new Date(now).toISOString(),
    };
    this.transparencyCache.set(q.siteId, { at: now, value });
    return value;
  }
}
