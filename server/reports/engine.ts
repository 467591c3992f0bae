// The computing half of reports: day summaries (built once from a finished day's log, kept on disk
// and in memory; today read incrementally from its growing log) and the figures of a report, a
// series, today's board and the transparency panel. It knows nothing of the hub: each request
// carries what it needs of the configuration (time zones, today, labels), so that the same engine
// runs in the reports worker (server/reports/worker.ts, the default) and in process (the fallback).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lang } from '../../common/types.js';
import { addDays } from '../domain/time.js';
import { Aggregator, HourlySeries, type GroupBy, type HourPoint, type ReportRow } from './aggregate.js';
import { Slicer, yieldNow } from './day-reader.js';
import { servedOfDay, type ServedFact } from './evaluation-figures.js';
import { FileDaySource, type DaySource, type DayTail } from './day-source.js';
import { localMidnight, summarize, summaryFromJson, summaryToJson, type DaySummary } from './summary.js';

/** Summaries kept in memory (about 20 KB each for a 600-ticket day). */
const MEMORY_DAYS = 1500;
export const MAX_DAYS = 400;

/** What the engine must know of a site for one request, taken from the hub when it was asked. */
export interface SiteClock {
  timeZone: string;
  /** Today in the site's zone by the hub's clock. */
  today: string;
  /** The day the hub holds open for the site (it can lag `today` until the next command rolls it). */
  openDay: string | null;
}

export type Sites = Record<string, SiteClock>;

export type EngineRequest =
  | { op: 'report'; sites: Sites; siteIds: string[]; from: string; to: string; groupBy: GroupBy; targetWaitSeconds: number; labels: Record<string, string>; totalLabel: string }
  | { op: 'series'; sites: Sites; siteId: string; from: string; to: string; kind: 'hourly' | 'daily' | 'monthly'; targetWaitSeconds: number }
  | { op: 'today'; sites: Sites; siteId: string; targetWaitSeconds: number; serviceLabels: Record<string, string>; counterLabels: Record<string, string>; totalLabel: string }
  | { op: 'transparency'; sites: Sites; siteId: string }
  | { op: 'sweep'; sites: Sites }
  | { op: 'stats' };

export interface ReportFigures { rows: ReportRow[]; total: ReportRow }
export type SeriesFigures = { kind: 'hourly'; days: number; points: HourPoint[] } | { kind: 'daily' | 'monthly'; points: (Omit<ReportRow, 'label' | 'key'> & { date: string })[] };
export interface TodayFigures { date: string; total: ReportRow; byService: ReportRow[]; byCounter: ReportRow[]; hourly: HourPoint[] }
export interface TransparencyFigures { date: string; day: ReportRow; month: { from: string; to: string; row: ReportRow } }

export const labelsOf = (m: Record<string, string>) => (k: string) => m[k] ?? k;

export class ReportEngine {
  private mem = new Map<string, DaySummary>();
  private building = new Map<string, Promise<DaySummary | null>>();
  private live = new Map<string, { tail: DayTail; summary: DaySummary | null; offset: number; tz: string }>();
  private closed = false;
  /** Counters for the bench and the docs: how summaries were obtained. */
  stats = { built: 0, loaded: 0, memoryHits: 0 };

  readonly source: DaySource;
  /** Where the derived summaries are kept: <data>/reports on files, this hub's own folder otherwise. */
  readonly cacheDir: string;

  /**
   * @param source a data dir (the file store's day logs, read as files) or any DaySource
   * @param cacheDir the summaries' folder (default <dataDir>/reports; required with a DaySource)
   */
  constructor(source: string | DaySource, private log: (m: string) => void = () => {}, cacheDir?: string) {
    this.source = typeof source === 'string' ? new FileDaySource(source) : source;
    const dir = cacheDir ?? (typeof source === 'string' ? join(source, 'reports') : null);
    if (!dir) throw new Error('reports: a day source other than a data dir needs a folder for its summaries');
    this.cacheDir = dir;
  }

  close(): void { this.closed = true; void this.source.close().catch(() => {}); }

  // ------------------------------------------------------------------ the store's read side
  private summaryPath(siteId: string, d: string): string { return join(this.cacheDir, siteId, `${d}.json`); }

  listDays(siteId: string): Promise<string[]> { return this.source.listDays(siteId); }

  // ------------------------------------------------------------------ day summaries
  private isFinished(c: SiteClock, d: string): boolean {
    return d < c.today && d !== c.openDay;
  }

  async daySummary(siteId: string, c: SiteClock, d: string, slicer = new Slicer()): Promise<DaySummary | null> {
    if (!this.isFinished(c, d)) return this.liveSummary(siteId, c, d, slicer);
    const key = `${siteId}/${d}`;
    const hit = this.mem.get(key);
    if (hit) { this.mem.delete(key); this.mem.set(key, hit); this.stats.memoryHits++; return hit; }
    let p = this.building.get(key);
    if (!p) {
      p = this.loadOrBuild(siteId, c, d, slicer).finally(() => this.building.delete(key));
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

  private async loadOrBuild(siteId: string, c: SiteClock, d: string, slicer: Slicer): Promise<DaySummary | null> {
    const extent = await this.source.extent(siteId, d);
    if (!extent) return null;
    const { size } = extent;
    const file = this.summaryPath(siteId, d);
    try {
      const s = summaryFromJson(await readFile(file, 'utf8'));
      if (s && s.source.size === size && (extent.lastHash === undefined || s.source.lastHash === extent.lastHash)) { this.stats.loaded++; return s; }
    } catch { /* missing or unreadable: build it */ }
    const tail = this.source.tail(siteId, d);
    await tail.refresh(slicer);
    const s = summarize(siteId, d, localMidnight(d, c.timeZone), tail.builder.facts(), { size: tail.offset, lastHash: tail.lastHash });
    this.stats.built++;
    if (tail.offset === size) {
      try {
        await mkdir(join(this.cacheDir, siteId), { recursive: true });
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        await writeFile(tmp, summaryToJson(s));
        await rename(tmp, file);
      } catch (e) {
        if (!this.closed) this.log(`reports: cannot keep the summary of ${siteId} ${d}: ${(e as Error).message}`);
      }
    }
    return s;
  }

  /** Today's (or a not yet closed day's) summary, from the log read incrementally. */
  private async liveSummary(siteId: string, c: SiteClock, d: string, slicer: Slicer): Promise<DaySummary | null> {
    const key = `${siteId}/${d}`;
    let l = this.live.get(key);
    if (!l) {
      l = { tail: this.source.tail(siteId, d), summary: null, offset: -1, tz: c.timeZone };
      this.live.set(key, l);
      for (const k of this.live.keys()) if (k.startsWith(`${siteId}/`) && k < key && this.isFinished(c, k.slice(siteId.length + 1))) this.live.delete(k);
    }
    await l.tail.refresh(slicer);
    if (l.tail.offset === 0) return null;
    if (!l.summary || l.offset !== l.tail.offset) {
      l.summary = summarize(siteId, d, localMidnight(d, c.timeZone), l.tail.builder.facts(), { size: l.tail.offset, lastHash: l.tail.lastHash });
      l.offset = l.tail.offset;
    }
    return l.summary;
  }

  /** Summaries of a site's days within [from, to], in date order, with the event loop given back between slices. */
  async *summaries(siteId: string, c: SiteClock, from: string, to: string): AsyncGenerator<DaySummary> {
    const days = (await this.listDays(siteId)).filter((x) => x >= from && x <= to);
    const slicer = new Slicer();
    for (const d of days) {
      const s = await this.daySummary(siteId, c, d, slicer);
      if (s) yield s;
      await slicer.maybeYield();
    }
  }

  /** Summarise every finished day that has none yet, newest first (at day close and after start). */
  async sweep(sites: Sites): Promise<number> {
    let n = 0;
    for (const [siteId, c] of Object.entries(sites)) {
      if (this.closed) return n;
      const days = (await this.listDays(siteId)).filter((d) => this.isFinished(c, d));
      const oldest = addDays(c.today, -MAX_DAYS);
      for (const d of days.reverse()) {
        if (this.closed) return n;
        if (d < oldest) break;
        if (this.mem.has(`${siteId}/${d}`)) continue;
        try {
          const before = this.stats.built;
          await this.daySummary(siteId, c, d);
          if (this.stats.built > before) n++;
        } catch (e) {
          if (!this.closed) this.log(`reports: ${(e as Error).message}`);
        }
      }
    }
    return n;
  }

  /** The served tickets of the sites' days in [from, to] (the evaluation), a day at a time, the event loop back between days. */
  async *servedDays(siteIds: string[], from: string, to: string): AsyncGenerator<ServedFact[]> {
    for (const siteId of siteIds) {
      const days = (await this.listDays(siteId)).filter((d) => d >= from && d <= to);
      for (const d of days) {
        const events = await this.source.readEvents(siteId, d);
        if (events) yield servedOfDay(siteId, d, events);
        await yieldNow();
      }
    }
  }

  // ------------------------------------------------------------------ figures
  async run(q: EngineRequest): Promise<unknown> {
    switch (q.op) {
      case 'report': return this.report(q);
      case 'series': return this.series(q);
      case 'today': return this.today(q);
      case 'transparency': return this.transparency(q);
      case 'sweep': return this.sweep(q.sites);
      case 'stats': return { ...this.stats };
    }
  }

  private site(sites: Sites, siteId: string): SiteClock {
    const c = sites[siteId];
    if (!c) throw new Error(`reports: no clock for site ${siteId}`);
    return c;
  }

  async report(q: Extract<EngineRequest, { op: 'report' }>): Promise<ReportFigures> {
    const agg = new Aggregator(q.groupBy, q.targetWaitSeconds);
    const all = new Aggregator('all', q.targetWaitSeconds);
    for (const siteId of q.siteIds) {
      for await (const s of this.summaries(siteId, this.site(q.sites, siteId), q.from, q.to)) { agg.addDay(s); all.addDay(s); }
    }
    return { rows: agg.rows(labelsOf(q.labels)), total: all.total(q.totalLabel) };
  }

  async series(q: Extract<EngineRequest, { op: 'series' }>): Promise<SeriesFigures> {
    const c = this.site(q.sites, q.siteId);
    if (q.kind === 'hourly') {
      const h = new HourlySeries();
      for await (const s of this.summaries(q.siteId, c, q.from, q.to)) h.addDay(s);
      return { kind: 'hourly', days: h.days, points: h.points() };
    }
    const agg = new Aggregator(q.kind === 'daily' ? 'day' : 'month', q.targetWaitSeconds);
    for await (const s of this.summaries(q.siteId, c, q.from, q.to)) agg.addDay(s);
    return { kind: q.kind, points: agg.rows((k) => k).map(({ key, label: _l, ...rest }) => ({ date: key, ...rest })) };
  }

  async today(q: Extract<EngineRequest, { op: 'today' }>): Promise<TodayFigures> {
    const c = this.site(q.sites, q.siteId);
    const s = await this.daySummary(q.siteId, c, c.today);
    const total = new Aggregator('all', q.targetWaitSeconds), bySvc = new Aggregator('service', q.targetWaitSeconds);
    const byCounter = new Aggregator('counter', q.targetWaitSeconds), hourly = new HourlySeries();
    if (s) { total.addDay(s); bySvc.addDay(s); byCounter.addDay(s); hourly.addDay(s); }
    return {
      date: c.today, total: total.total(q.totalLabel), byService: bySvc.rows(labelsOf(q.serviceLabels)),
      byCounter: byCounter.rows(labelsOf(q.counterLabels)), hourly: hourly.points(),
    };
  }

  async transparency(q: Extract<EngineRequest, { op: 'transparency' }>): Promise<TransparencyFigures> {
    const c = this.site(q.sites, q.siteId);
    const day = new Aggregator('all');
    const month = new Aggregator('all');
    const monthFrom = `${c.today.slice(0, 7)}-01`;
    for await (const s of this.summaries(q.siteId, c, monthFrom, c.today)) {
      month.addDay(s);
      if (s.date === c.today) day.addDay(s);
    }
    return { date: c.today, day: day.total(), month: { from: monthFrom, to: c.today, row: month.total() } };
  }
}

export type { Lang };
