// GET /metrics in the Prometheus text format (prom-client), off unless LUOT_METRICS=1. The hot path
// only increments counters, from the durable day log as it grows (hub.onLogGrew: after the fsync,
// never before); gauges (waiting, today's totals, printers, connections, disk) are computed at
// scrape time from the projection. Every name starts with `luot_`; the list is docs/operations.md.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PRINTER_STATES } from '../../common/types.js';
import type { Hub } from '../app/hub.js';
import type { DayEvent } from '../domain/model.js';
import type { DiskWatch } from './disk.js';

export interface MetricsSources {
  hub: Hub;
  /** Connected sockets by kind: kiosk, display, pad, user, ticket. */
  connections: () => Record<string, number>;
  disk?: DiskWatch;
}

const WAIT_BUCKETS = [60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200];
const SERVICE_BUCKETS = [60, 180, 300, 600, 900, 1200, 1800, 3600];
const WRITE_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];

export class Metrics {
  readonly registry = new Registry();
  private issued: Counter<'site' | 'service'>;
  private calls: Counter<'site' | 'counter' | 'kind'>;
  private served: Counter<'site' | 'service'>;
  private noShow: Counter<'site' | 'service'>;
  private ratings: Counter<'site' | 'level'>;
  private wait: Histogram<'site' | 'service'>;
  private serviceTime: Histogram<'site' | 'service'>;
  private storeWrite: Histogram<string>;
  readonly httpErrors: Counter<'status'>;
  private pos = new Map<string, { date: string; n: number }>();
  private stop: () => void = () => {};

  constructor(private src: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'luot_', eventLoopMonitoringPrecision: 20 });
    this.issued = new Counter({ name: 'luot_tickets_issued_total', help: 'Tickets issued, by site and service', labelNames: ['site', 'service'], registers });
    this.calls = new Counter({ name: 'luot_calls_total', help: 'Calls of a ticket to a counter (kind: call or recall)', labelNames: ['site', 'counter', 'kind'], registers });
    this.served = new Counter({ name: 'luot_tickets_served_total', help: 'Tickets completed, by site and the service they ended in', labelNames: ['site', 'service'], registers });
    this.noShow = new Counter({ name: 'luot_tickets_no_show_total', help: 'Tickets marked no-show', labelNames: ['site', 'service'], registers });
    this.ratings = new Counter({ name: 'luot_ratings_total', help: 'Ratings by level', labelNames: ['site', 'level'], registers });
    this.wait = new Histogram({ name: 'luot_wait_seconds', help: 'Wait from issue to first call', labelNames: ['site', 'service'], buckets: WAIT_BUCKETS, registers });
    this.serviceTime = new Histogram({ name: 'luot_service_seconds', help: 'Service time from the call to completion', labelNames: ['site', 'service'], buckets: SERVICE_BUCKETS, registers });
    this.storeWrite = new Histogram({ name: 'luot_store_write_seconds', help: 'Durable append of a day log (write and fsync), per command', buckets: WRITE_BUCKETS, registers });
    this.httpErrors = new Counter({ name: 'luot_http_errors_total', help: 'HTTP answers with status 4xx or 5xx', labelNames: ['status'], registers });

    const hub = src.hub;
    new Gauge({
      name: 'luot_tickets_waiting', help: 'Tickets waiting now, by site and service', labelNames: ['site', 'service'], registers,
      collect() {
        this.reset();
        for (const { cfg, day } of hub.openDays()) {
          for (const id of cfg.services.keys()) this.set({ site: cfg.site.id, service: id }, 0);
          for (const t of day.tickets.values()) if (t.status === 'waiting') this.inc({ site: cfg.site.id, service: t.serviceId });
        }
      },
    });
    new Gauge({
      name: 'luot_tickets_today', help: "Today's tickets (site-local day) by site, service and status: waiting, called, done, no_show, cancelled", labelNames: ['site', 'service', 'status'], registers,
      collect() {
        this.reset();
        for (const { cfg, day } of hub.openDays()) for (const t of day.tickets.values()) this.inc({ site: cfg.site.id, service: t.serviceId, status: t.status });
      },
    });
    new Gauge({
      name: 'luot_counters_open', help: 'Counters open now (an officer signed in, not closed)', labelNames: ['site'], registers,
      collect() {
        this.reset();
        for (const { cfg, day } of hub.openDays()) {
          let n = 0;
          for (const c of day.counters.values()) if (c.status !== 'closed') n++;
          this.set({ site: cfg.site.id }, n);
        }
      },
    });
    new Gauge({
      name: 'luot_printer_state', help: "1 for the current state of each kiosk's printer (ok, unreachable, paper_out, paper_low, error, unknown)", labelNames: ['site', 'device', 'state'], registers,
      collect() {
        this.reset();
        for (const d of hub.devices) {
          if (d.kind !== 'kiosk' || !d.printer || d.revokedAt) continue;
          const state = hub.printerStatus(d.id)?.state ?? 'unknown';
          for (const s of PRINTER_STATES) this.set({ site: d.siteId, device: d.id, state: s }, s === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'luot_connections', help: 'Connected sockets by kind: kiosk, display, pad, user, ticket', labelNames: ['kind'], registers,
      collect() {
        this.reset();
        const c = src.connections();
        for (const k of ['kiosk', 'display', 'pad', 'user', 'ticket']) this.set({ kind: k }, c[k] ?? 0);
      },
    });
    new Gauge({
      name: 'luot_devices_online', help: 'Paired devices with at least one connection, by kind', labelNames: ['kind'], registers,
      collect() {
        this.reset();
        const n: Record<string, number> = { kiosk: 0, display: 0, pad: 0 };
        for (const d of hub.devices) if (!d.revokedAt && hub.isOnline(d.id)) n[d.kind] = (n[d.kind] ?? 0) + 1;
        for (const [k, v] of Object.entries(n)) this.set({ kind: k }, v);
      },
    });
    const disk = src.disk;
    if (disk) {
      new Gauge({ name: 'luot_disk_free_bytes', help: 'Free bytes of the filesystem of the data dir', registers, collect() { this.set(disk.figures?.freeBytes ?? 0); } });
      new Gauge({ name: 'luot_disk_total_bytes', help: 'Size of the filesystem of the data dir', registers, collect() { this.set(disk.figures?.totalBytes ?? 0); } });
      new Gauge({ name: 'luot_disk_low', help: '1 when free space is below the threshold (LUOT_DISK_MIN_FREE_MB / _PERCENT)', registers, collect() { this.set(disk.low ? 1 : 0); } });
    }

    // Start from what is already durable: a restart does not count the day again.
    for (const { cfg, day } of hub.openDays()) this.pos.set(cfg.site.id, { date: day.date, n: hub.committedCount(cfg.site.id, day.date) ?? 0 });
    this.stop = hub.onLogGrew((siteId, date, n) => this.grew(siteId, date, n));
    hub.onStoreWrite = (ms) => this.storeWrite.observe(ms / 1000);
  }

  private grew(siteId: string, date: string, n: number): void {
    const p = this.pos.get(siteId);
    const from = p && p.date === date ? p.n : 0;
    if (n <= from) return;
    const entries = this.src.hub.recentEntries(siteId, date, from);
    this.pos.set(siteId, { date, n });
    if (entries) this.count(siteId, date, entries);
  }

  private count(site: string, date: string, entries: readonly DayEvent[]): void {
    const day = this.src.hub.openDay(site);
    for (const e of entries) {
      switch (e.t) {
        case 'issued': this.issued.inc({ site, service: e.serviceId }); break;
        case 'called':
        case 'recalled': {
          this.calls.inc({ site, counter: e.counterId, kind: e.t === 'called' ? 'call' : 'recall' });
          const t = day && day.date === date ? day.tickets.get(e.id) : undefined;
          if (e.t === 'called' && t && t.firstCalledAt === e.at) this.wait.observe({ site, service: t.serviceId }, Math.max(0, (e.at - t.issuedAt) / 1000));
          break;
        }
        case 'completed': {
          const t = day && day.date === date ? day.tickets.get(e.id) : undefined;
          const service = t?.serviceId ?? '';
          this.served.inc({ site, service });
          if (t?.calledAt !== undefined) this.serviceTime.observe({ site, service }, Math.max(0, (e.at - t.calledAt) / 1000));
          break;
        }
        case 'no_show': {
          const t = day && day.date === date ? day.tickets.get(e.id) : undefined;
          this.noShow.inc({ site, service: t?.serviceId ?? '' });
          break;
        }
        case 'rated': this.ratings.inc({ site, level: e.level }); break;
        default: break;
      }
    }
  }

  text(): Promise<string> { return this.registry.metrics(); }
  get contentType(): string { return this.registry.contentType; }

  close(): void {
    this.stop();
    this.src.hub.onStoreWrite = () => {};
    this.registry.clear();
  }
}
