// `npm run bench`: the hub's figures on this machine, each on a fresh data dir.
//   (a) tickets/s over HTTP, 100 concurrent clients in a closed loop, each 201 after its fsync
//   (b) issue latency p50/p99 at a steady 200 tickets/s (open loop)
//   (c) a counter's call reaching 1,000 display sockets, beside a bare socket.io broadcast
//   (d) start-up time and RSS with a year of history (250 days x 600 tickets x 3 sites)
//   (p) printing: the raster per ticket, a dead printer's cost to the caller (test/bench/printing.ts)
//   (r) reports over a year of history while issuing at 200/s (test/bench/reports.ts)
//   (g) issue latency at 200/s with and without year reports running, worker vs in process (test/bench/isolation.ts)
//   (h) RSS after 50,000 tickets in one day across 20 sites, above idle (test/bench/memory.ts)
//   (e) wait estimates' error on simulated days (test/bench/estimates.ts)
//   (w) events out: webhook and feed lag behind issues at 200/s (test/bench/events.ts)
//   (e) also: several hubs on PostgreSQL, issue throughput 1 and 3 hubs beside bare pg inserts (test/bench/cluster.ts)
//   (f) several hubs: a call reaching 1,000 displays over 3 hubs beside one hub; failover after kill -9 (test/bench/cluster.ts)
//   (k) (g) on PostgreSQL: issue latency with and without year reports read from the database, worker vs in process (test/bench/reports-pg.ts)
// Prints a table and writes bench-results/latest.json. `--only a,b` runs a subset.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { ROOT, api, login, pairDevice, startHub, type HubHandle } from '../helpers/hub.js';
import { writeHistory } from './history.js';
import { httpClient, round, rssMb, sleep, summarize } from './lib.js';
import { benchPrinting } from './printing.js';
import { benchReports } from './reports.js';
import { benchIsolation } from './isolation.js';
import { benchReportsPg } from './reports-pg.js';
import { benchMemory } from './memory.js';
import { runEstimateBench } from './estimates.js';
import { benchEvents } from './events.js';
import { benchClusterFanout, benchClusterIssue } from './cluster.js';

const only = (process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',').filter((x) => /^[a-z]$/.test(x));
const want = (k: string) => only.length === 0 || only.includes(k);
const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: round(totalmem() / 2 ** 30, 1), node: process.version },
  at: new Date().toISOString(),
};

async function uncappedHub(): Promise<HubHandle> {
  const h = await startHub();
  const admin = api(h.url, h.adminToken);
  const { body } = await admin<{ services: { id: string }[] }>('GET', '/api/services?siteId=demo');
  for (const s of body.services) await admin('PATCH', `/api/services/${s.id}`, { dailyCap: null });
  return h;
}

async function benchThroughput() {
  const h = await uncappedHub();
  const kiosks = await Promise.all(Array.from({ length: 10 }, (_, i) => pairDevice(h, { kind: 'kiosk', name: `K${i}` })));
  const services = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-k', 'svc-t'];
  const req = httpClient(h.url, 128);
  const CLIENTS = 100, DURATION_MS = 10_000, WARMUP_MS = 1_000;
  let ok = 0, failed = 0, counting = false;
  const t0 = performance.now();
  let tStart = 0;
  setTimeout(() => { counting = true; tStart = performance.now(); }, WARMUP_MS);
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const token = kiosks[c % kiosks.length]!.token;
    let i = 0;
    while (performance.now() - t0 < WARMUP_MS + DURATION_MS) {
      const r = await req('POST', '/api/tickets', token, { serviceId: services[(c + i++) % services.length] });
      if (!counting) continue;
      if (r.status === 201) ok++; else failed++;
    }
  }));
  const seconds = (performance.now() - tStart) / 1000;
  const rss = rssMb(h.pid);
  await h.stop();
  h.cleanup();
  return { clients: CLIENTS, seconds: round(seconds), tickets: ok, failed, ticketsPerSecond: Math.round(ok / seconds), hubRssMb: round(rss, 0) };
}

async function benchLatency() {
  const h = await uncappedHub();
  const kiosk = await pairDevice(h, { kind: 'kiosk' });
  const req = httpClient(h.url, 256);
  const RATE = 200, DURATION_S = 15;
  const total = RATE * DURATION_S;
  const lat: number[] = [];
  let failed = 0;
  const services = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e'];
  // warm-up
  for (let i = 0; i < 50; i++) await req('POST', '/api/tickets', kiosk.token, { serviceId: 'svc-t' });
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    // Latency counts from the scheduled time, so a stall is not hidden (no coordinated omission).
    pending.push(req('POST', '/api/tickets', kiosk.token, { serviceId: services[i % services.length] }).then((r) => {
      if (r.status === 201) lat.push(performance.now() - due); else failed++;
    }));
  }
  await Promise.all(pending);
  await h.stop();
  h.cleanup();
  const s = summarize(lat);
  return { ratePerSecond: RATE, seconds: DURATION_S, tickets: lat.length, failed, p50Ms: round(s.p50), p90Ms: round(s.p90), p99Ms: round(s.p99), maxMs: round(s.max) };
}

function startBare(): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/bare-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => p.kill('SIGTERM') });
    });
    p.once('exit', (c) => reject(new Error(`bare server exited ${c}`)));
  });
}

async function connectMany(url: string, n: number, auth: Record<string, string>, event: string, onEvent: (i: number) => void): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, (_, j) => {
      const s = ioClient(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      s.on(event, () => onEvent(i + j));
      sockets.push(s);
      return new Promise<void>((res, rej) => { s.once('connect', () => res()); s.once('connect_error', rej); });
    });
    await Promise.all(batch);
  }
  return sockets;
}

async function benchFanout() {
  const N = 1000, CALLS = 40;
  const h = await uncappedHub();
  const bare = await startBare();
  const display = await pairDevice(h, { kind: 'display' });
  const kiosk = await pairDevice(h, { kind: 'kiosk' });
  const officer = await login(h, 'canbo1', h.demo.canbo1);
  const req = httpClient(h.url, 16);
  const bareReq = httpClient(bare.url, 16);
  let received = 0;
  let tSend = 0;
  const callLat: number[] = [], bareLat: number[] = [];
  let current: number[] = callLat;
  const perClient = new Array<number>(N).fill(0);
  const onEvent = (i: number) => { received++; perClient[i]!++; current.push(performance.now() - tSend); };
  const hubSockets = await connectMany(h.url, N, { token: display.token }, 'ticket:called', onEvent);
  const bareSockets = await connectMany(bare.url, N, {}, 'ping', (i) => { received++; current.push(performance.now() - tSend); void i; });
  await req('POST', '/api/counters/counter-1/open', officer);
  for (let i = 0; i < CALLS; i++) await req('POST', '/api/tickets', kiosk.token, { serviceId: 'svc-a' });
  const waitAll = async (target: number) => { const t = performance.now(); while (received < target && performance.now() - t < 5000) await sleep(2); };
  // Interleave the two so that both see the same machine state.
  for (let i = 0; i < CALLS; i++) {
    if (i > 0) await req('POST', '/api/counters/counter-1/complete', officer);
    await sleep(50);
    received = 0; current = callLat; tSend = performance.now();
    const r = await req('POST', '/api/counters/counter-1/call-next', officer);
    if (r.status !== 200) throw new Error(r.body);
    await waitAll(N);
    await sleep(50);
    received = 0; current = bareLat; tSend = performance.now();
    await bareReq('POST', '/broadcast', null);
    await waitAll(N);
  }
  const everyDisplayGotEveryCall = perClient.every((c) => c === CALLS);
  for (const s of [...hubSockets, ...bareSockets]) s.disconnect();
  bare.stop();
  await h.stop();
  h.cleanup();
  const c = summarize(callLat), b = summarize(bareLat);
  return {
    clients: N, calls: CALLS, everyDisplayGotEveryCall, deliveries: callLat.length,
    callP50Ms: round(c.p50), callP99Ms: round(c.p99), bareP50Ms: round(b.p50), bareP99Ms: round(b.p99),
    ratioP99: round(c.p99 / b.p99),
  };
}

async function benchStartup() {
  // Measure the hub as `npm start` runs it: the bundle.
  const { buildServer } = await import('../../scripts/build-server.mjs' as string);
  await buildServer();
  const dir = mkdtempSync(join(tmpdir(), 'luot-history-'));
  const t = performance.now();
  // The hub makes its config on first start; then the year of history is laid beside it.
  const first = await startHub({ dataDir: dir });
  await first.stop();
  const endDate = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const hist = writeHistory(dir, { days: 250, ticketsPerDay: 600, siteIds: ['demo', 'site-2', 'site-3'], endDate });
  const genSeconds = (performance.now() - t) / 1000;
  const runs: { startMs: number; rssMb: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const h = await startHub({ dataDir: dir, bundle: true });
    await sleep(300);
    runs.push({ startMs: round(h.startMs, 0), rssMb: round(rssMb(h.pid), 1) });
    await h.stop();
  }
  rmSync(dir, { recursive: true, force: true });
  return { historyFiles: hist.files, historyEvents: hist.events, historyMb: round(hist.bytes / 2 ** 20, 0), generateSeconds: round(genSeconds, 1), runs, startMsMax: Math.max(...runs.map((r) => r.startMs)), rssMbMax: Math.max(...runs.map((r) => r.rssMb)) };
}

const table: [string, string, string][] = [];
if (want('a')) {
  const a = await benchThroughput();
  results.a_throughput = a;
  table.push(['(a) tickets/s, 100 clients, fsync before 201', String(a.ticketsPerSecond), '>= 1500']);
}
if (want('b')) {
  const b = await benchLatency();
  results.b_latency = b;
  table.push(['(b) issue latency at 200/s p50 / p99 (ms)', `${b.p50Ms} / ${b.p99Ms}`, 'p99 <= 10']);
}
if (want('c')) {
  const c = await benchFanout();
  results.c_fanout = c;
  table.push(['(c) call → 1000 displays p50 / p99 (ms)', `${c.callP50Ms} / ${c.callP99Ms}`, '']);
  table.push(['    bare socket.io broadcast p50 / p99 (ms)', `${c.bareP50Ms} / ${c.bareP99Ms}`, '']);
  table.push(['    ratio of p99s; every display got every call', `${c.ratioP99}; ${c.everyDisplayGotEveryCall}`, '<= 1.25; true']);
}
if (want('d')) {
  const d = await benchStartup();
  results.d_startup = d;
  table.push(['(d) start with a year of history (ms, max of 3)', String(d.startMsMax), '<= 2000']);
  table.push(['    RSS after start (MB, max of 3)', String(d.rssMbMax), '<= 150']);
}
if (want('p')) {
  const p = await benchPrinting();
  results.p_printing = p;
  table.push(['(p) ticket raster p50 / p99 (ms); CPU per ticket', `${p.rasterMsP50} / ${p.rasterMsP99}; ${p.rasterCpuMs}`, '<= 30']);
  table.push(['    print() to a dead printer, caller held p99 (ms)', String(p.printCallMsP99), '~0']);
}
if (want('r')) {
  const r = await benchReports();
  results.r_reports = r;
  table.push(['(r) quarter report, first / cached (ms)', `${r.quarter.firstMs} / ${r.quarter.cachedMs}`, '<= 500']);
  table.push(['    year report, first / cached (ms)', `${r.year.firstMs} / ${r.year.cachedMs}`, '<= 2000']);
  table.push(['    issue p99 during reports / baseline (ms)', `${r.issueLatency.restart.duringReports.p99Ms} / ${r.issueLatency.restart.baseline.p99Ms}`, '<= 10']);
}
if (want('g')) {
  const g = await benchIsolation();
  results.g_isolation = g;
  table.push(['(g) issue p99 at 200/s: baseline / during year reports (ms)', `${g.worker.baseline.p99Ms} / ${g.worker.duringYearReports.p99Ms}`, 'p99 <= 10']);
  if (g.inline) table.push(['    same, reports in process (LUOT_REPORTS_WORKER=0)', `${g.inline.baseline.p99Ms} / ${g.inline.duringYearReports.p99Ms}`, '']);
}
if (want('k')) {
  const k = await benchReportsPg();
  results.k_reports_pg = k;
  table.push(['(k) PostgreSQL: issue p99 at 200/s, baseline / during year reports (ms)', `${k.worker.baseline.p99Ms} / ${k.worker.duringYearReports.p99Ms}`, 'p99 <= 10']);
  table.push(['    same, reports in process (LUOT_REPORTS_WORKER=0)', `${k.inline.baseline.p99Ms} / ${k.inline.duringYearReports.p99Ms}`, '']);
  table.push(['    first year report from the database, worker / in process (ms)', `${k.worker.duringYearReports.firstMs} / ${k.inline.duringYearReports.firstMs}`, '']);
}
if (want('h')) {
  const h = await benchMemory();
  results.h_memory = h;
  table.push(['(h) RSS idle / after 50,000 tickets (MB); KB per ticket', `${h.idleRssMb} / ${h.afterRssMb}; ${h.kbPerTicket}`, '<= 2 KB']);
}
if (want('e')) {
  const e = runEstimateBench(20, 1);
  results.e_estimates = e;
  table.push(['(e) wait estimate MAE, naive / hub (min)', `${round(e.all.naiveMae, 1)} / ${round(e.all.mineMae, 1)}`, '']);
}
if (want('e')) {
  const c = await benchClusterIssue();
  results.e_cluster = c;
  table.push(['(e) PostgreSQL floor: bare one-row inserts/s, p99 (ms)', `${c.floor.perSecond}; ${c.floor.p99Ms}`, '']);
  table.push(['    1 hub on PostgreSQL: tickets/s, p99 (ms)', `${c.oneHub.perSecond}; ${c.oneHub.p99Ms}`, '']);
  table.push(['    3 hubs on PostgreSQL: tickets/s, p99 (ms); × floor', `${c.threeHubs.perSecond}; ${c.threeHubs.p99Ms}; ${c.threeVsFloor}`, '>= 800/s; >= 0.6']);
}
if (want('f')) {
  const f = await benchClusterFanout();
  results.f_cluster = f;
  table.push(['(f) call → 1,000 displays, 1 hub p50 / p99 (ms)', `${f.oneHub.p50Ms} / ${f.oneHub.p99Ms}`, '']);
  table.push(['    over 3 hubs p50 / p99 (ms); × one hub', `${f.threeHubs.p50Ms} / ${f.threeHubs.p99Ms}; ${f.ratioP99}`, '<= 2']);
  table.push(['    failover: 200 screens back p50 / max (ms)', `${f.failover.backP50Ms} / ${f.failover.backMaxMs}`, '<= 5000']);
}
if (want('w')) {
  const ev = await benchEvents();
  results.w_events = ev;
  table.push(['(w) issue → webhook received p50 / p99 (ms), 200/s', `${ev.webhook.lagP50Ms} / ${ev.webhook.lagP99Ms}`, '']);
  table.push(['    issue → feed long-poll p50 / p99 (ms)', `${ev.feed.lagP50Ms} / ${ev.feed.lagP99Ms}`, '']);
  table.push(['    every event, in order; issue p99 meanwhile (ms)', `${ev.webhook.delivered === ev.tickets && ev.feed.received === ev.tickets && ev.webhook.inOrder}; ${ev.issue.p99Ms}`, 'true; <= 10']);
}
const w = Math.max(...table.map((r) => r[0].length));
console.log(`\nLượt bench — ${(results.machine as { cpus: number }).cpus} cores, ${process.version}\n`);
for (const [k, v, target] of table) console.log(`${k.padEnd(w)}  ${v.padStart(14)}   ${target}`);
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'latest.json'), JSON.stringify(results, null, 2));
console.log(`\nJSON: bench-results/latest.json`);
process.exit(0);
