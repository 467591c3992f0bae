// Start the hub: the store, the core, HTTP and socket.io on one port.
import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Hub } from './app/hub.js';
import { createHttpApp } from './http/app.js';
import { attachRealtime } from './realtime/io.js';
import { asFileStore } from './store/store.js';
import { chooseStore, hubIdFrom } from './cluster/choose.js';
import { configureHubUrls, hubCors } from './cluster/cors.js';
import { Reports } from './reports/reports.js';
import { adminRoutes } from './http/admin-routes.js';
import { evaluationRoutes } from './reports/evaluation-routes.js';
import { securityRoutes } from './http/security-routes.js';
import { appointmentRoutes } from './http/appointment-routes.js';
import { privacyRoutes } from './http/privacy-routes.js';
import { privacyOf } from './privacy/privacy.js';
import { procedureRoutes } from './http/procedure-routes.js';
import { loadSecuritySettings } from './security/settings.js';
import { HubPrinting } from './printing/hub-printing.js';
import { fastIssue } from './http/fast-issue.js';
import { DomainError } from '../common/errors.js';
import { networkInterfaces } from 'node:os';
import { EventFeed } from './events/feed.js';
import { hubLogSource } from './events/hub-source.js';
import { eventRoutes } from './events/routes.js';
import { openapiRoutes } from './http/openapi.js';
import { demoRoutes } from './demo/routes.js';
import { Dispatcher, type RetryPolicy } from './webhooks/dispatcher.js';
import { portDeliveryStore, Webhooks } from './webhooks/webhooks.js';
import { DEFAULT_LEASE_TTL_MS, LeaseKeeper, WEBHOOK_LEASE } from './webhooks/lease.js';
import { logFn, logger } from './ops/log.js';
import { DiskWatch, diskProbe, diskSettingsFromEnv } from './ops/disk.js';
import { Metrics } from './ops/metrics.js';
import { metricsSettingsFromEnv, metricsRoute, type MetricsSettings } from './ops/routes.js';
import { voiceRoutes } from './voice/routes.js';
import { existsSync } from 'node:fs';

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  /** PostgreSQL instead of the files (LUOT_DATABASE_URL / --database-url); several hubs may share it. */
  databaseUrl?: string;
  /** This process's name in /api/health (default LUOT_HUB_ID, else host-pid-random). */
  hubId?: string;
  /** Hub addresses screens may reconnect to (LUOT_HUB_URLS), returned with the pairing answer. */
  hubUrls?: string[];
  demo?: boolean;
  /** Weeks of the demo's simulated past (LUOT_DEMO_HISTORY_WEEKS, default 4; 0: none). */
  demoHistoryWeeks?: number;
  adminPassword?: string;
  timeZone?: string;
  clock?: () => number;
  distDir?: string;
  log?: (m: string) => void;
  /** Base address of the ticket page in printed QR codes; default http://<first LAN address>:<port>. */
  publicUrl?: string;
  /** Webhook retries (default: from 5 s doubling to 1 h, for 24 h; LUOT_WEBHOOK_RETRY_* in docs/integration.md). */
  webhookRetry?: Partial<RetryPolicy>;
  /** GET /metrics (default: LUOT_METRICS=1, LUOT_METRICS_TOKEN; docs/operations.md). */
  metrics?: Partial<MetricsSettings>;
}

/** LUOT_WEBHOOK_RETRY_BASE_MS, LUOT_WEBHOOK_RETRY_MAX_MS, LUOT_WEBHOOK_RETRY_HOURS. */
export function webhookRetryFromEnv(env: Record<string, string | undefined>): Partial<RetryPolicy> {
  const n = (k: string) => { const v = Number(env[k]); return env[k] && Number.isFinite(v) && v > 0 ? v : undefined; };
  const out: Partial<RetryPolicy> = {};
  const base = n('LUOT_WEBHOOK_RETRY_BASE_MS'), max = n('LUOT_WEBHOOK_RETRY_MAX_MS'), hours = n('LUOT_WEBHOOK_RETRY_HOURS');
  if (base) out.baseMs = base;
  if (max) out.maxMs = max;
  if (hours) out.forMs = hours * 3_600_000;
  return out;
}

export function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
}

export interface RunningHub {
  hub: Hub;
  /** The express app (the route registry's test reads its routes). */
  app: ReturnType<typeof createHttpApp>;
  http: HttpServer;
  port: number;
  url: string;
  printing: HubPrinting;
  /** This process's name in /api/health. */
  hubId: string;
  close(): Promise<void>;
}

export const ROOT_DIR = resolve(import.meta.dirname, '..');

export async function startServer(opts: ServerOptions): Promise<RunningHub> {
  const log = opts.log ?? logFn(logger);
  const hubId = opts.hubId ?? hubIdFrom(process.env);
  const store = await chooseStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, hubId, now: (opts.clock ?? Date.now)(), log });
  const hub = await Hub.create({
    store, localDir: resolve(opts.dataDir), clock: opts.clock, demo: opts.demo, demoHistoryWeeks: opts.demoHistoryWeeks, adminPassword: opts.adminPassword,
    timeZone: opts.timeZone, log, userTokenTtlMs: loadSecuritySettings(process.env).sessionTtlMs,
  });
  const reports = new Reports(hub, { log, databaseUrl: opts.databaseUrl });
  // Personal data: its policy and fields marked personal before anything is served, then the daily job.
  const privacy = privacyOf(hub, log);
  await privacy.open();
  privacy.startDaily();
  // Events out: the feed reads the day logs (the outbox); the dispatcher delivers webhooks from it.
  const feed = new EventFeed(hubLogSource(hub));
  // With several hubs on one store only the holder of the 'webhooks' lease delivers; another takes
  // over when it stops renewing (LUOT_WEBHOOK_LEASE_MS, 15 s). On files the lease is always held.
  const lease = new LeaseKeeper(hub.store, WEBHOOK_LEASE, Number(process.env.LUOT_WEBHOOK_LEASE_MS) || DEFAULT_LEASE_TTL_MS, (m) => log(`webhooks: ${m}`));
  const dispatcher = new Dispatcher({
    feed, webhooks: () => hub.configData.webhooks, store: portDeliveryStore(hub.store), clock: hub.clock, log,
    retry: { ...webhookRetryFromEnv(process.env), ...opts.webhookRetry }, isLeader: lease.isLeader,
  });
  await dispatcher.load();
  await lease.start();
  const stopLeaseWatch = hub.store.subscribe((c) => { if ((c.kind === 'doc' && c.name === 'webhooks') || c.kind === 'reconnected') dispatcher.storeChanged(); });
  const webhooks = new Webhooks(hub, dispatcher);
  const stopWaking = hub.onLogGrew((siteId) => dispatcher.wake(siteId));
  dispatcher.start();
  let port = 0;
  // Operators' view: the disk watch, structured state-change lines, /metrics.
  const disk = new DiskWatch(diskProbe(asFileStore(hub.store)?.dataDir ?? hub.localDir), diskSettingsFromEnv(process.env), (low, f) => {
    if (low) logger.warn({ event: 'disk_low', freeBytes: f.freeBytes, totalBytes: f.totalBytes }, 'disk space low in the data dir');
    else logger.info({ event: 'disk_ok', freeBytes: f.freeBytes, totalBytes: f.totalBytes }, 'disk space back above the threshold');
  });
  await disk.start();
  const printerStates = new Map<string, string>();
  const printing = new HubPrinting(hub, {
    publicUrl: () => opts.publicUrl ?? `http://${lanAddresses()[0] ?? '127.0.0.1'}:${port}`, log,
    onStatus(s) {
      if (printerStates.get(s.deviceId) === s.state) return;
      printerStates.set(s.deviceId, s.state);
      const d = hub.device(s.deviceId);
      logger[s.state === 'ok' || s.state === 'unknown' ? 'info' : 'warn']({ event: 'printer_state', deviceId: s.deviceId, site: d?.siteId, printer: s.printer, state: s.state, error: s.lastError }, `printer of ${d?.name ?? s.deviceId}: ${s.state}`);
    },
  });
  const metricsSettings = { ...metricsSettingsFromEnv(process.env), ...opts.metrics };
  let metrics: Metrics | null = null;
  const distDir = opts.distDir ?? resolve(ROOT_DIR, 'dist');
  // The shipped pack the recorded packs fall back to: the built copy, else the source (tests, dev).
  const shippedVoice = [resolve(distDir, 'voice', 'vi'), resolve(ROOT_DIR, 'public', 'voice', 'vi')].find((d) => existsSync(resolve(d, 'manifest.json')))
    ?? resolve(ROOT_DIR, 'public', 'voice', 'vi');
  const app = createHttpApp(hub, {
    distDir, log, healthWarnings: (lang) => disk.warnings(lang), hubId, hubUrls: opts.hubUrls,
    extraRoutes(app, { actor, handle }) {
      adminRoutes(app, { actor, handle }, reports);
      evaluationRoutes(app, { actor, handle }, hub, reports);
      securityRoutes(app, { actor, handle }, hub);
      appointmentRoutes(app, { actor, handle }, hub, log);
      privacyRoutes(app, { actor, handle }, hub, privacy);
      procedureRoutes(app, { actor, handle }, hub);
      eventRoutes(app, { actor, handle }, hub, feed, webhooks);
      voiceRoutes(app, { actor, handle }, hub, shippedVoice);
      openapiRoutes(app, { actor, handle });
      metricsRoute(app, { actor, handle }, hub, () => metrics, metricsSettings);
      demoRoutes(app, { actor, handle }, hub);
      // Printers of the site's kiosks (staff), and reprinting a kiosk's last ticket (staff of its site).
      app.get('/api/printers', handle((req) => {
        const a = actor(req);
        const siteId = typeof req.query.siteId === 'string' ? req.query.siteId : '';
        if (!siteId) throw new DomainError('invalid_input', 'siteId', { field: 'siteId' });
        hub.assertStaff(a, siteId);
        const printers = hub.devices.filter((d) => d.siteId === siteId && d.kind === 'kiosk' && d.printer && !d.revokedAt)
          .map((d) => ({ deviceId: d.id, name: d.name, printer: d.printer, status: hub.printerStatus(d.id) }));
        return { printers };
      }));
      app.post('/api/devices/:id/reprint', handle((req) => {
        const a = actor(req);
        const d = hub.device(String(req.params.id));
        if (!d) throw new DomainError('device_not_found');
        hub.assertStaff(a, d.siteId);
        if (d.kind !== 'kiosk' || !d.printer || d.revokedAt) throw new DomainError('conflict');
        if (!printing.reprint(d.id)) throw new DomainError('conflict');
        void hub.appendAudit(a, 'printer.reprint', `device:${d.id}`);
        return { ok: true };
      }));
    },
  });
  const fast = fastIssue(hub, log);
  // One log line per request answered with an error (4xx warn, 5xx error); counted in the metrics.
  const onFinish = function (this: ServerResponse) {
    const status = this.statusCode;
    if (status < 400) return;
    const req = this.req;
    metrics?.httpErrors.inc({ status: String(status) });
    logger[status >= 500 ? 'error' : 'warn']({ event: 'http_error', method: req.method, path: (req.url ?? '').split('?')[0], status, ip: req.socket.remoteAddress }, `${req.method} ${(req.url ?? '').split('?')[0]} → ${status}`);
  };
  configureHubUrls(opts.hubUrls ?? []);
  const http = createServer((req, res) => {
    res.once('finish', onFinish);
    // Another listed hub's page calling this one (LUOT_HUB_URLS): CORS headers, the preflight answered here.
    if (req.headers.origin && req.url?.startsWith('/api/') && hubCors(req, res)) return;
    if (!fast(req, res)) app(req, res);
  });
  http.keepAliveTimeout = 65_000;
  const { io } = attachRealtime(http, hub, log, (deviceId, online) => {
    const d = hub.device(deviceId);
    logger.info({ event: online ? 'device_online' : 'device_offline', deviceId, kind: d?.kind, site: d?.siteId }, `${d?.kind ?? 'device'} ${d?.name ?? deviceId}: ${online ? 'online' : 'offline'}`);
  });
  if (metricsSettings.enabled) {
    metrics = new Metrics({
      hub, disk,
      connections() {
        const n: Record<string, number> = {};
        for (const s of io.sockets.sockets.values()) {
          const a = (s.data as { actor?: { kind: string; deviceKind?: string } }).actor;
          if (!a) continue;
          const k = a.kind === 'device' ? a.deviceKind ?? 'device' : a.kind;
          n[k] = (n[k] ?? 0) + 1;
        }
        return n;
      },
    });
  }
  await new Promise<void>((res, rej) => {
    http.once('error', rej);
    http.listen(opts.port ?? 3000, opts.host ?? '0.0.0.0', () => res());
  });
  port = (http.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  let closed = false;
  return {
    hub, app, http, port, url: `http://${host}:${port}`, printing, hubId,
    async close() {
      if (closed) return;
      closed = true;
      io.disconnectSockets(true);
      await new Promise<void>((res) => io.close(() => res()));
      http.closeAllConnections();
      await reports.close();
      disk.stop();
      metrics?.close();
      privacy.stop();
      stopWaking();
      stopLeaseWatch();
      lease.stop();
      feed.close();
      await dispatcher.close();
      await printing.close();
      await hub.close();
    },
  };
}
